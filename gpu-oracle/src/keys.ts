// Keypairs from files in the Solana CLI format (a JSON array of 64 bytes:
// secret key then public key). The bytes are never logged.
import { readFile } from 'node:fs/promises';
import { createKeyPairSignerFromBytes, type KeyPairSigner } from '@solana/kit';

/** Loads a Solana CLI keypair file as a signer. */
export async function loadKeypairFile(path: string): Promise<KeyPairSigner> {
  let bytes: Uint8Array;
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 64 ||
      !parsed.every((b) => Number.isInteger(b) && b >= 0 && b < 256)
    ) {
      throw new Error('expected a JSON array of 64 bytes');
    }
    bytes = Uint8Array.from(parsed as number[]);
  } catch (e) {
    // Only the path and the reason: never the content.
    throw new Error(`cannot read keypair file ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    return await createKeyPairSignerFromBytes(bytes);
  } finally {
    bytes.fill(0);
  }
}

/** The Solana CLI file format of a 64-byte secret key (tests and tools). */
export function keypairFileText(secretKey64: Uint8Array): string {
  return JSON.stringify([...secretKey64]);
}
