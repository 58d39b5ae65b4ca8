// Keypair files in the Solana CLI format: a JSON array of 64 numbers (the
// 32-byte secret seed, then the public key). Secrets are never printed.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import {
  createKeyPairSignerFromBytes,
  createKeyPairSignerFromPrivateKeyBytes,
  getAddressEncoder,
  type KeyPairSigner,
} from '@solana/kit';
import { CliError } from './errors.js';

/** The Solana CLI's default keypair. */
export function defaultKeypairPath(): string {
  return resolve(homedir(), '.config/solana/id.json');
}

/** Expands a leading `~/`. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? resolve(homedir(), path.slice(2)) : resolve(path);
}

/** Loads a keypair file; the error names the file and the reason, never the content. */
export async function loadKeypair(path: string): Promise<KeyPairSigner> {
  const file = expandHome(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      'KeypairNotFound',
      code === 'ENOENT'
        ? `no keypair at ${file} (create one with \`modelmint keygen --out ${path}\` or pass --keypair)`
        : `cannot read keypair ${file}: ${code ?? 'error'}`,
    );
  }
  let bytes: Uint8Array;
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 64 ||
      !parsed.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b < 256)
    ) {
      throw new Error('bad shape');
    }
    bytes = Uint8Array.from(parsed as number[]);
  } catch {
    throw new CliError('InvalidKeypair', `${file} is not a Solana keypair file (a JSON array of 64 bytes)`);
  }
  try {
    return await createKeyPairSignerFromBytes(bytes);
  } catch {
    throw new CliError('InvalidKeypair', `${file}: the public key does not match the secret key`);
  } finally {
    bytes.fill(0);
  }
}

/** Creates a new keypair file (mode 0600); refuses to overwrite unless `force`. */
export async function writeNewKeypair(path: string, force: boolean): Promise<KeyPairSigner> {
  const file = expandHome(path);
  const seed = new Uint8Array(randomBytes(32));
  const signer = await createKeyPairSignerFromPrivateKeyBytes(seed);
  const bytes = new Uint8Array(64);
  bytes.set(seed);
  bytes.set(getAddressEncoder().encode(signer.address), 32);
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, `${JSON.stringify([...bytes])}\n`, { mode: 0o600, flag: force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CliError('FileExists', `${file} already exists (pass --force to overwrite it)`);
    }
    throw e;
  } finally {
    seed.fill(0);
    bytes.fill(0);
  }
  return signer;
}
