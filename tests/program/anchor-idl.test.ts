// Proof that idl/modelmint.json is exact: Anchor's own BorshCoder
// (@anchor-lang/core) decodes real accounts and events produced by the
// compiled program in LiteSVM, field by field equal to the SDK's Codama
// decoders, and every discriminator in the IDL follows Anchor's sha256 rule.
import { createHash } from 'node:crypto';
import { BN, BorshCoder, EventParser, type Idl, web3 } from '@anchor-lang/core';
import { generated, type ModelmintEvent, PROGRAM_ADDRESS, parseEvents } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import idlJson from '../../idl/modelmint.json' with { type: 'json' };
import { type EveryInstruction, runEveryInstruction } from '../fuzz/every-instruction.js';

const idl = idlJson as unknown as Idl;
const coder = new BorshCoder(idl);

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** One comparable shape for Anchor's and Codama's decoded values. */
function norm(v: unknown): unknown {
  if (v instanceof web3.PublicKey) return v.toBase58();
  if (BN.isBN(v)) return BigInt((v as InstanceType<typeof BN>).toString());
  if (typeof v === 'bigint') return v;
  if (v instanceof Uint8Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(norm);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k !== 'discriminator') out[camel(k)] = norm(x);
    }
    return out;
  }
  return v;
}

function sha8(text: string): number[] {
  return Array.from(createHash('sha256').update(text).digest().subarray(0, 8));
}

let run: EveryInstruction;
beforeAll(async () => {
  run = await runEveryInstruction('sol');
});

function data(address: Address): Uint8Array {
  const acc = run.svm.getAccount(address);
  if (!acc.exists) throw new Error(`${address} missing`);
  return acc.data;
}

describe('the IDL is exact (Anchor BorshCoder vs the program)', () => {
  it('decodes a real Model account like the SDK does', () => {
    const raw = data(run.model);
    const anchor = coder.accounts.decode('Model', Buffer.from(raw));
    const codama = generated.getModelDecoder().decode(raw);
    expect(norm(anchor)).toEqual(norm(codama));
    // The scenario yanked version 1 at the end, so no version is current.
    expect(norm(anchor)).toMatchObject({ currentVersion: 0, versionCount: 1, uses: 1n });
    expect(coder.accounts.size('Model')).toBe(raw.length);
  });

  it('decodes real Job accounts like the SDK does', () => {
    for (const job of [run.settledJob, run.resolvedJob]) {
      const raw = data(job);
      const anchor = coder.accounts.decode('Job', Buffer.from(raw));
      const codama = generated.getJobDecoder().decode(raw);
      expect(norm(anchor)).toEqual(norm(codama));
      expect(coder.accounts.size('Job')).toBe(raw.length);
    }
  });

  it('decodes every event of the run like the SDK does', () => {
    const parser = new EventParser(new web3.PublicKey(PROGRAM_ADDRESS), coder);
    const seen = new Set<string>();
    for (const step of run.steps) {
      const ours: ModelmintEvent[] = parseEvents(step.logs);
      const theirs = [...parser.parseLogs([...step.logs])];
      expect(theirs.map((e) => e.name)).toEqual(ours.map((e) => e.name));
      theirs.forEach((e, i) => {
        expect(norm(e.data), `${step.name}: ${e.name}`).toEqual(norm(ours[i]?.data));
        seen.add(e.name);
      });
      // The raw `Program data:` lines decode with the event coder too.
      const lines = step.logs.filter((l) => l.startsWith('Program data: '));
      for (const line of lines) expect(coder.events.decode(line.slice('Program data: '.length))).not.toBeNull();
    }
    expect(seen.size).toBeGreaterThanOrEqual(20);
  });

  it('uses Anchor discriminators: sha256 of global:/account:/event:', () => {
    const doc = idlJson as unknown as {
      instructions: { name: string; discriminator: number[] }[];
      accounts: { name: string; discriminator: number[] }[];
      events: { name: string; discriminator: number[] }[];
    };
    for (const ix of doc.instructions) expect(ix.discriminator, ix.name).toEqual(sha8(`global:${ix.name}`));
    for (const a of doc.accounts) expect(a.discriminator, a.name).toEqual(sha8(`account:${a.name}`));
    for (const e of doc.events) expect(e.discriminator, e.name).toEqual(sha8(`event:${e.name}`));
    // The program's accounts start with the IDL's account discriminator.
    expect(Array.from(data(run.model).subarray(0, 8))).toEqual(sha8('account:Model'));
    expect(Array.from(data(run.settledJob).subarray(0, 8))).toEqual(sha8('account:Job'));
  });
});
