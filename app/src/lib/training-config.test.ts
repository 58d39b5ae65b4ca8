import { describe, expect, it } from 'vitest';
import { formFromPreset, trainingConfig } from './training-config.js';

describe('training config form', () => {
  it('pins the preset and only what the creator changed', () => {
    const f = formFromPreset('Beginner', 'caption-tiny');
    expect(trainingConfig(f, 'caption')).toEqual({ ok: true, config: { preset: 'Beginner', base: 'caption-tiny' } });
    expect(trainingConfig({ ...f, epochs: '3', seed: '7' }, 'caption')).toEqual({
      ok: true,
      config: { preset: 'Beginner', base: 'caption-tiny', epochs: 3, seed: 7 },
    });
  });

  it('reports every invalid field at once, with the allowed values', () => {
    const r = trainingConfig(
      {
        ...formFromPreset('Expert', 'caption-small'),
        base: 'generate32-tiny',
        learningRate: '1.5',
        epochs: '0',
        batchSize: '12',
        validationSplit: '0.5',
        earlyStoppingPatience: '2.5',
        loraRank: '3',
        seed: '-1',
      },
      'caption',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(
      [
        'base',
        'batchSize',
        'earlyStoppingPatience',
        'epochs',
        'learningRate',
        'loraRank',
        'seed',
        'validationSplit',
      ].sort(),
    );
    expect(r.errors.batchSize).toBe('one of 4, 8, 16, 32');
  });

  it('takes the image bases for image categories', () => {
    expect(trainingConfig(formFromPreset('Standard', 'generate32-tiny'), 'style').ok).toBe(true);
    expect(trainingConfig(formFromPreset('Standard', 'caption-tiny'), 'generate').ok).toBe(false);
  });
});
