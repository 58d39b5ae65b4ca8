// Training-job configs (fine-tune or optimization) and the --default-base flag.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE, parseDefaultBases, parseTrainingConfig } from '../src/inputs.js';

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('training configs', () => {
  it('fills the base from the defaults when the config names none', () => {
    const tiny = parseDefaultBases('caption=caption-tiny');
    expect(parseTrainingConfig('caption', undefined, tiny)).toEqual({
      kind: 'train',
      base: 'caption-tiny',
      seed: 0,
      config: {},
    });
    expect(parseTrainingConfig('caption', json({ epochs: 3, seed: 4 }), tiny)).toEqual({
      kind: 'train',
      base: 'caption-tiny',
      seed: 4,
      config: { epochs: 3 },
    });
    expect(parseTrainingConfig('caption', json({ base: 'caption-small' }), tiny)).toMatchObject({
      base: 'caption-small',
    });
  });

  it('reads an optimization config and refuses fine-tune keys in it', () => {
    expect(parseTrainingConfig('caption', json({ optimize: 'prune', sparsity: 0.4, seed: 1 }))).toEqual({
      kind: 'optimize',
      method: 'prune',
      sparsity: 0.4,
      seed: 1,
    });
    expect(parseTrainingConfig('generate', json({ optimize: 'onnx' }))).toEqual({
      kind: 'optimize',
      method: 'onnx',
      seed: 0,
    });
    for (const bad of [
      { optimize: 'int8', epochs: 3 },
      { optimize: 'int8', base: 'caption-tiny' },
      { optimize: 8 },
      { optimize: 'prune', sparsity: 'half' },
    ]) {
      expect(() => parseTrainingConfig('caption', json(bad))).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID' }),
      );
    }
  });
});

describe('--default-base', () => {
  it('sets the named categories; style follows generate unless named', () => {
    expect(parseDefaultBases(undefined)).toEqual(DEFAULT_BASE);
    expect(parseDefaultBases('caption=caption-tiny, generate=generate32-tiny')).toEqual({
      caption: 'caption-tiny',
      generate: 'generate32-tiny',
      style: 'generate32-tiny',
    });
    expect(parseDefaultBases('generate=generate32-tiny,style=generate64-small').style).toBe('generate64-small');
  });

  it('refuses what is not CATEGORY=BASE', () => {
    for (const bad of ['caption', 'video=x', 'caption=a=b', '=x'])
      expect(() => parseDefaultBases(bad)).toThrow(/CATEGORY=BASE/);
  });
});
