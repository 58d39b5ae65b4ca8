// Demo wallets for the local stack, as Solana CLI keypair files under
// .modelmint/keys (created once, mode 0600; the secrets are never printed).
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export { loadKeypairFile } from '../../gpu-oracle/src/keys.js';

export const ROLES = ['admin', 'treasury', 'oracle', 'attestation', 'creator', 'consumer'] as const;
export type Role = (typeof ROLES)[number];

function newKeypairBytes(): Uint8Array {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  const x = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  return Uint8Array.from([...d, ...x]);
}

/** Paths of every role's keypair file, creating missing ones. */
export async function ensureKeys(dir: string): Promise<Record<Role, string>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const entries: [Role, string][] = [];
  for (const role of ROLES) {
    const path = join(dir, `${role}.json`);
    if (!existsSync(path)) {
      const bytes = newKeypairBytes();
      await writeFile(path, JSON.stringify([...bytes]), { mode: 0o600 });
      bytes.fill(0);
    }
    await chmod(path, 0o600);
    entries.push([role, path]);
  }
  return Object.fromEntries(entries) as Record<Role, string>;
}
