// Program errors: every IDL code maps to a named error, and failures thrown by
// @solana/kit carrying a custom instruction error are mapped through their causes.
import { SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM, SolanaError } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  isModelmintProgramError,
  MODELMINT_IDL,
  ModelmintProgramError,
  toModelmintError,
} from '../src/index.js';

describe('ModelmintProgramError', () => {
  it('names every IDL error by its code with its message', () => {
    for (const e of MODELMINT_IDL.errors) {
      const err = ModelmintProgramError.fromCode(e.code, ['log']);
      expect(err?.errorName).toBe(e.name);
      expect(err?.code).toBe(e.code);
      expect(err?.message).toBe(`${e.name} (${e.code}): ${e.msg}`);
      expect(err?.logs).toEqual(['log']);
      expect(ERROR_CODES[e.name]).toBe(e.code);
    }
    expect(ERROR_CODES.Unauthorized).toBe(6000);
    expect(ModelmintProgramError.fromCode(1)).toBeUndefined();
    expect(() => new ModelmintProgramError(42)).toThrow(RangeError);
  });

  it('maps a kit custom instruction error, also when wrapped', () => {
    const custom = new SolanaError(SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM, { code: 6032, index: 0 });
    const direct = toModelmintError(custom);
    expect(direct?.errorName).toBe('InvalidJobStatus');
    expect(isModelmintProgramError(direct, 'InvalidJobStatus')).toBe(true);
    expect(isModelmintProgramError(direct, 'Unauthorized')).toBe(false);
    const wrapped = new Error('transaction failed', { cause: new Error('simulation', { cause: custom }) });
    expect(toModelmintError(wrapped)?.code).toBe(6032);
    expect(toModelmintError(wrapped)?.cause).toBe(wrapped);
  });

  it('leaves other failures alone', () => {
    expect(
      toModelmintError(new SolanaError(SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM, { code: 1, index: 0 })),
    ).toBeUndefined();
    expect(toModelmintError(new Error('network'))).toBeUndefined();
    expect(toModelmintError(undefined)).toBeUndefined();
  });
});
