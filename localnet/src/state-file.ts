// The state file: the chain's ledger (JSON) and the SVM's own snapshot bytes,
// written atomically so a crash never leaves a torn file.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ChainState } from './chain.js';
import { fromStateJson, isRecord, toStateJson } from './json.js';

const MAGIC = Buffer.from('MMLNET01');

export interface Snapshot {
  chain: ChainState;
  svm: Uint8Array;
}

export function saveState(path: string, snapshot: Snapshot): void {
  const json = Buffer.from(toStateJson(snapshot.chain), 'utf8');
  const header = Buffer.alloc(12);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(json.length, 8);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, Buffer.concat([header, json, snapshot.svm]));
  renameSync(tmp, path);
}

/** The saved snapshot, or undefined when there is no file. */
export function loadState(path: string): Snapshot | undefined {
  if (!existsSync(path)) return undefined;
  const buf = readFileSync(path);
  if (buf.length < 12 || !buf.subarray(0, 8).equals(MAGIC)) throw new Error(`${path} is not a localnet state file`);
  const len = buf.readUInt32LE(8);
  const chain = fromStateJson(buf.subarray(12, 12 + len).toString('utf8'));
  if (!isRecord(chain) || typeof chain.genesisHash !== 'string' || !isRecord(chain.ledger)) {
    throw new Error(`${path}: unreadable chain state`);
  }
  // Our own format, written by saveState above.
  return { chain: chain as unknown as ChainState, svm: new Uint8Array(buf.subarray(12 + len)) };
}
