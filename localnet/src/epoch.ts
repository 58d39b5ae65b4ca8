// Epoch arithmetic of Solana's EpochSchedule (with warmup).

export interface Schedule {
  slotsPerEpoch: bigint;
  warmup: boolean;
  firstNormalEpoch: bigint;
  firstNormalSlot: bigint;
}

const MINIMUM_SLOTS_PER_EPOCH = 32n;

function trailingZeros(v: bigint): bigint {
  let n = 0n;
  while (v > 0n && (v & 1n) === 0n) {
    v >>= 1n;
    n++;
  }
  return n;
}

function nextPowerOfTwo(v: bigint): bigint {
  let p = 1n;
  while (p < v) p <<= 1n;
  return p;
}

/** The epoch of `slot`, its index in the epoch and the epoch's length. */
export function epochOf(s: Schedule, slot: bigint): { epoch: bigint; slotIndex: bigint; slotsInEpoch: bigint } {
  if (s.warmup && slot < s.firstNormalSlot) {
    const epoch =
      trailingZeros(nextPowerOfTwo(slot + MINIMUM_SLOTS_PER_EPOCH + 1n)) - trailingZeros(MINIMUM_SLOTS_PER_EPOCH) - 1n;
    const slotsInEpoch = 2n ** (epoch + trailingZeros(MINIMUM_SLOTS_PER_EPOCH));
    return { epoch, slotIndex: slot - (slotsInEpoch - MINIMUM_SLOTS_PER_EPOCH), slotsInEpoch };
  }
  const normal = slot - s.firstNormalSlot;
  return {
    epoch: s.firstNormalEpoch + normal / s.slotsPerEpoch,
    slotIndex: normal % s.slotsPerEpoch,
    slotsInEpoch: s.slotsPerEpoch,
  };
}
