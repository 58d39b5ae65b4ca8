// The "create a model" form: what the program accepts (name <= 32 bytes,
// symbol <= 10, URI <= 200; prices are u64 base units) checked before the
// card is pinned or the wallet is asked.
import { isAddress } from '@solana/kit';
import { type Currency, parseAmountInput, SOL } from './units.js';

export interface ModelForm {
  name: string;
  symbol: string;
  description: string;
  tags: string;
  category: 'caption' | 'generate' | 'style';
  visibility: 'public' | 'allowlist';
  /** '' for SOL, else an SPL mint address. */
  paymentMint: string;
  /** The payment mint's decimals (SPL only). */
  decimals: string;
  pricePerUse: string;
  subscriptionPrice: string;
  passSize: string;
  passPrice: string;
}

export interface ModelFormValues {
  name: string;
  symbol: string;
  card: { name: string; description: string; tags: string[] };
  category: ModelForm['category'];
  visibility: ModelForm['visibility'];
  paymentMint: string | null;
  pricePerUse: bigint;
  subscriptionPrice: bigint;
  passSize: number;
  passPrice: bigint;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

export function emptyModelForm(): ModelForm {
  return {
    name: '',
    symbol: '',
    description: '',
    tags: '',
    category: 'caption',
    visibility: 'public',
    paymentMint: '',
    decimals: '6',
    pricePerUse: '0.001',
    subscriptionPrice: '',
    passSize: '',
    passPrice: '',
  };
}

/** The currency the form's prices are typed in. */
export function formCurrency(f: Pick<ModelForm, 'paymentMint' | 'decimals'>): Currency {
  if (!f.paymentMint.trim()) return SOL;
  const d = Number(f.decimals);
  return { symbol: 'tokens', decimals: Number.isInteger(d) && d >= 0 && d <= 18 ? d : 0, mint: f.paymentMint.trim() };
}

export function validateModelForm(
  f: ModelForm,
): { ok: true; values: ModelFormValues } | { ok: false; errors: Partial<Record<keyof ModelForm, string>> } {
  const errors: Partial<Record<keyof ModelForm, string>> = {};
  const name = f.name.trim();
  const symbol = f.symbol.trim();
  if (!name) errors.name = 'a name is required';
  else if (bytes(name) > 32) errors.name = `at most 32 bytes (this is ${bytes(name)})`;
  if (!symbol) errors.symbol = 'a symbol is required';
  else if (bytes(symbol) > 10) errors.symbol = 'at most 10 bytes';
  if (f.description.length > 2000) errors.description = 'at most 2,000 characters';
  const tags = f.tags
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (tags.length > 10) errors.tags = 'at most 10 tags';
  const mint = f.paymentMint.trim();
  if (mint && !isAddress(mint)) errors.paymentMint = 'not a valid mint address';
  if (mint && !/^\d{1,2}$/.test(f.decimals.trim())) errors.decimals = 'the mint decimals, 0 to 18';
  const currency = formCurrency(f);
  const price = (field: 'pricePerUse' | 'subscriptionPrice' | 'passPrice', required: boolean): bigint => {
    if (!f[field].trim() && !required) return 0n;
    const r = parseAmountInput(f[field], currency);
    if (!r.ok) errors[field] = r.error;
    return r.ok ? r.value : 0n;
  };
  const pricePerUse = price('pricePerUse', true);
  const subscriptionPrice = price('subscriptionPrice', false);
  const passPrice = price('passPrice', false);
  let passSize = 0;
  if (f.passSize.trim()) {
    if (!/^\d{1,9}$/.test(f.passSize.trim()) || Number(f.passSize) < 1)
      errors.passSize = 'a whole number of uses, 1 or more';
    else passSize = Number(f.passSize);
  }
  if (passSize > 0 && passPrice === 0n && !errors.passPrice) errors.passPrice = 'a pass needs a price';
  if (passSize === 0 && passPrice > 0n && !errors.passSize) errors.passSize = 'a pass needs a number of uses';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    values: {
      name,
      symbol,
      card: { name, description: f.description.trim(), tags },
      category: f.category,
      visibility: f.visibility,
      paymentMint: mint || null,
      pricePerUse,
      subscriptionPrice,
      passSize,
      passPrice,
    },
  };
}
