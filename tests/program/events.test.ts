// The SDK's event decoder on real transaction logs: every event kind the
// lifecycle emits is decoded, and `Program data:` lines logged by any other
// program (a CPI callee, or another top-level instruction) are ignored.
import { type ModelmintEventName, PROGRAM_ADDRESS, parseEvents } from '@modelmint/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EveryInstruction, runEveryInstruction } from '../fuzz/every-instruction.js';

const ALL_EVENTS: ModelmintEventName[] = [
  'ConfigUpdated',
  'OracleRegistered',
  'OracleUpdated',
  'ModelCreated',
  'ModelUpdated',
  'AccessGranted',
  'AccessRevoked',
  'Subscribed',
  'PassBought',
  'PassClosed',
  'JobRequested',
  'JobClaimed',
  'ResultSubmitted',
  'JobFailed',
  'JobExpired',
  'JobDisputed',
  'DisputeResolved',
  'JobSettled',
  'VersionPublished',
  'VersionYanked',
  'JobRated',
  'RevenueWithdrawn',
  'FeesWithdrawn',
  'TrustedMintSet',
  'SubscriptionCancelled',
];

let run: EveryInstruction;
beforeAll(async () => {
  run = await runEveryInstruction('sol');
});

const OTHER = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';

function eventLine(logs: readonly string[]): string {
  const line = logs.find((l) => l.startsWith('Program data: '));
  if (!line) throw new Error('no event line');
  return line;
}

describe('parseEvents', () => {
  it('decodes every event kind the lifecycle emits', () => {
    const seen = new Set<ModelmintEventName>();
    for (const step of run.steps) for (const e of parseEvents(step.logs)) seen.add(e.name);
    expect([...seen].sort()).toEqual([...ALL_EVENTS].sort());
  });

  it('decodes each instruction to its own event', () => {
    const byStep = new Map(
      run.steps.filter((s) => s.main).map((s) => [s.name, parseEvents(s.logs).map((e) => e.name)]),
    );
    expect(byStep.get('request_generation')).toEqual(['JobRequested']);
    expect(byStep.get('claim_job')).toEqual(['JobClaimed']);
    expect(byStep.get('submit_result')).toEqual(['ResultSubmitted']);
    expect(byStep.get('settle_job')).toEqual(['JobSettled']);
    expect(byStep.get('resolve_dispute')).toEqual(['DisputeResolved']);
    expect(byStep.get('create_model')).toEqual(['ModelCreated']);
  });

  it('ignores Program data lines logged inside a CPI callee', () => {
    const step = run.steps.find((s) => s.name === 'create_model');
    if (!step) throw new Error('no create_model step');
    const forged = eventLine(run.steps.find((s) => s.name === 'settle_job')?.logs ?? []);
    const logs = [...step.logs];
    // Inside the first CPI (depth 2) the callee logs a valid modelmint event.
    const at = logs.findIndex((l) => / invoke \[2\]$/.test(l));
    expect(at).toBeGreaterThan(0);
    logs.splice(at + 1, 0, forged);
    expect(parseEvents(logs).map((e) => e.name)).toEqual(['ModelCreated']);
  });

  it('ignores Program data lines of another top-level program and of other program ids', () => {
    const forged = eventLine(run.steps.find((s) => s.name === 'settle_job')?.logs ?? []);
    const logs = [`Program ${OTHER} invoke [1]`, forged, `Program ${OTHER} success`];
    expect(parseEvents(logs)).toEqual([]);
    // The same line under the program itself is decoded...
    const ours = [`Program ${PROGRAM_ADDRESS} invoke [1]`, forged, `Program ${PROGRAM_ADDRESS} success`];
    expect(parseEvents(ours).map((e) => e.name)).toEqual(['JobSettled']);
    // ...and not when the caller asks for another program id.
    expect(parseEvents(ours, OTHER as typeof PROGRAM_ADDRESS)).toEqual([]);
  });

  it('skips lines that are not events', () => {
    const logs = [
      `Program ${PROGRAM_ADDRESS} invoke [1]`,
      'Program data: AAAA',
      'Program data: bm90IGFuIGV2ZW50IGF0IGFsbA==',
      `Program ${PROGRAM_ADDRESS} success`,
    ];
    expect(parseEvents(logs)).toEqual([]);
  });
});

describe('events from an older program', () => {
  it('decode with zeros for fields appended since', async () => {
    const { decodeEvent, getJobSettledEncoder, MODELMINT_IDL } = await import('@modelmint/sdk');
    const { address } = await import('@solana/kit');
    const zero = address('11111111111111111111111111111111');
    const full = getJobSettledEncoder().encode({
      job: zero,
      model: zero,
      payee: zero,
      payeeShare: 9n,
      fee: 1n,
      paymentMint: zero,
      settledAt: 1_700_000_000n,
    });
    const disc = MODELMINT_IDL.events.find((e) => e.name === 'JobSettled')?.discriminator ?? [];
    // The body as logged before `settled_at` (8 bytes) was appended.
    const old = new Uint8Array([...disc, ...full.slice(0, full.length - 8)]);
    const event = decodeEvent(old);
    expect(event?.name).toBe('JobSettled');
    if (event?.name !== 'JobSettled') throw new Error('not decoded');
    expect(event.data.payeeShare).toBe(9n);
    expect(event.data.settledAt).toBe(0n);
  });
});
