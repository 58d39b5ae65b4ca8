import { describe, expect, it } from 'vitest';
import { emptyModelForm, validateModelForm } from './model-form.js';

describe('create-a-model form', () => {
  it('turns a valid form into prices in base units and a card', () => {
    const r = validateModelForm({
      ...emptyModelForm(),
      name: 'Sea Shanty',
      symbol: 'SHANTY',
      description: ' sings ',
      tags: 'Music, pirate,,',
      subscriptionPrice: '0.02',
      passSize: '10',
      passPrice: '0.008',
    });
    expect(r).toEqual({
      ok: true,
      values: {
        name: 'Sea Shanty',
        symbol: 'SHANTY',
        card: { name: 'Sea Shanty', description: 'sings', tags: ['music', 'pirate'] },
        category: 'caption',
        visibility: 'public',
        paymentMint: null,
        pricePerUse: 1_000_000n,
        subscriptionPrice: 20_000_000n,
        passSize: 10,
        passPrice: 8_000_000n,
      },
    });
  });

  it('reports each invalid field', () => {
    const r = validateModelForm({
      ...emptyModelForm(),
      name: 'x'.repeat(33),
      symbol: '',
      paymentMint: 'not-a-mint',
      decimals: 'six',
      pricePerUse: 'free',
      passSize: '5',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      name: 'at most 32 bytes (this is 33)',
      symbol: 'a symbol is required',
      paymentMint: 'not a valid mint address',
      decimals: 'the mint decimals, 0 to 18',
      pricePerUse: '"free" is not a non-negative decimal number',
      passPrice: 'a pass needs a price',
    });
  });

  it('prices a token model in the mint decimals', () => {
    const r = validateModelForm({
      ...emptyModelForm(),
      name: 'T',
      symbol: 'T',
      paymentMint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
      decimals: '6',
      pricePerUse: '2.5',
    });
    expect(r.ok && r.values.pricePerUse).toBe(2_500_000n);
    const tooPrecise = validateModelForm({
      ...emptyModelForm(),
      name: 'T',
      symbol: 'T',
      paymentMint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
      pricePerUse: '0.0000001',
    });
    expect(tooPrecise.ok).toBe(false);
  });
});
