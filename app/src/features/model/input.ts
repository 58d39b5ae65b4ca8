// A generation's input, as the oracle reads it (gpu-oracle/README.md, "Input
// formats per category"): caption = {"prompt": ...}; generate = {"seed"?: n};
// style = the image itself (PNG, JPEG or WebP, at most 5 MB).

export const MAX_STYLE_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_PROMPT_BYTES = 60 * 1024;

export interface InputFields {
  prompt: string;
  image: File | Blob | null;
  seed: string;
}

/** Why the input cannot be sent, or null. */
export function validateInput(category: 'caption' | 'generate' | 'style', f: InputFields): string | null {
  if (category === 'caption') {
    if (f.prompt.trim() === '') return 'Enter a prompt.';
    if (new TextEncoder().encode(f.prompt).length > MAX_PROMPT_BYTES) return 'The prompt is over 60 KB.';
    return null;
  }
  if (category === 'style') {
    if (!f.image) return 'Choose an image.';
    if (f.image.size > MAX_STYLE_IMAGE_BYTES)
      return `The image is ${f.image.size} bytes; the limit is 5 MB (${MAX_STYLE_IMAGE_BYTES} bytes).`;
    if (f.image.type && !['image/png', 'image/jpeg', 'image/webp'].includes(f.image.type))
      return 'The image must be PNG, JPEG or WebP.';
    return null;
  }
  if (f.seed.trim() !== '' && !/^\d{1,9}$/.test(f.seed.trim())) return 'The seed is a whole number (up to 9 digits).';
  return null;
}

/** The bytes pinned as the job's input. */
export async function generationInput(category: 'caption' | 'generate' | 'style', f: InputFields): Promise<Uint8Array> {
  const problem = validateInput(category, f);
  if (problem) throw new Error(problem);
  if (category === 'style') return new Uint8Array(await (f.image as Blob).arrayBuffer());
  const body = category === 'caption' ? { prompt: f.prompt } : f.seed.trim() ? { seed: Number(f.seed.trim()) } : {};
  return new TextEncoder().encode(JSON.stringify(body));
}
