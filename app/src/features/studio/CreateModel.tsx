// Create and mint a model: the card (name, description, tags) is pinned to
// IPFS, then `create_model` mints the Token-2022 asset to the creator in the
// same transaction.
import { Category, createModel, TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS, Visibility } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, binder, Card, Select, StatusLine, TextArea, TextField, TxError } from '../../components/ui.js';
import { getChain } from '../../lib/chain.js';
import { uploadJson } from '../../lib/ipfs.js';
import { emptyModelForm, formCurrency, type ModelForm, validateModelForm } from '../../lib/model-form.js';
import { FEE_MARGIN, useTransaction } from '../../lib/tx.js';

const CATEGORY = { caption: Category.Caption, generate: Category.Generate, style: Category.Style } as const;

async function tokenProgramOf(mint: Address): Promise<Address> {
  const { value } = await getChain().rpc.getAccountInfo(mint, { encoding: 'base64' }).send();
  if (!value) throw new Error(`the payment mint ${mint} does not exist on this cluster`);
  if (value.owner !== TOKEN_PROGRAM_ADDRESS && value.owner !== TOKEN_2022_PROGRAM_ADDRESS) {
    throw new Error(`${mint} is not a token mint`);
  }
  return value.owner;
}

export function CreateModel() {
  const [form, setForm] = useState<ModelForm>(emptyModelForm());
  const [touched, setTouched] = useState(false);
  const [stage, setStage] = useState<string | null>(null);
  const tx = useTransaction();
  const navigate = useNavigate();
  const checked = validateModelForm(form);
  const errors = touched && !checked.ok ? checked.errors : {};
  const currency = formCurrency(form);
  const bind = binder(form, setForm, errors);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!checked.ok) return;
    const v = checked.values;
    const chain = getChain();
    setStage('Pinning the model card…');
    let cardCid: Uint8Array;
    let payment: { mint: Address; tokenProgram: Address } | undefined;
    try {
      cardCid = await uploadJson(v.card, `${v.symbol}-card`);
      if (v.paymentMint)
        payment = { mint: v.paymentMint as Address, tokenProgram: await tokenProgramOf(v.paymentMint as Address) };
    } catch (err) {
      setStage(`Could not prepare the model: ${(err as Error).message}`);
      return;
    }
    setStage(null);
    const r = await tx.send({
      label: `Create and mint ${v.name}`,
      needsLamports: FEE_MARGIN,
      run: (signer) =>
        createModel(chain.sender, {
          creator: signer,
          category: CATEGORY[v.category],
          visibility: v.visibility === 'allowlist' ? Visibility.Allowlist : Visibility.Public,
          pricePerUse: v.pricePerUse,
          subscriptionPrice: v.subscriptionPrice,
          passSize: v.passSize,
          passPrice: v.passPrice,
          cardCid,
          name: v.name,
          symbol: v.symbol,
          uri: `ipfs://${v.symbol.toLowerCase()}-card`,
          ...(payment ? { payment } : {}),
          programAddress: chain.programAddress,
        }),
      invalidate: [['my-models']],
    });
    if (r) navigate(`/studio/${r.model}`);
  };
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Create a model</h1>
      <Card>
        <form className="grid gap-4 md:grid-cols-2" onSubmit={(e) => void submit(e)} noValidate>
          <TextField label="Name" {...bind('name')} hint="At most 32 bytes; shown on the asset." />
          <TextField label="Symbol" {...bind('symbol')} hint="At most 10 bytes." />
          <div className="md:col-span-2">
            <TextArea label="Description" rows={3} {...bind('description')} />
          </div>
          <TextField label="Tags" {...bind('tags')} hint="Comma separated; used by search." />
          <Select
            label="Category"
            {...bind('category')}
            options={[
              { value: 'caption', label: 'Caption (text)' },
              { value: 'generate', label: 'Generate (images)' },
              { value: 'style', label: 'Style (image to image)' },
            ]}
          />
          <Select
            label="Visibility"
            {...bind('visibility')}
            options={[
              { value: 'public', label: 'Public: anyone can pay' },
              { value: 'allowlist', label: 'Allowlist: only wallets you grant' },
            ]}
          />
          <TextField
            label="Payment mint (empty for SOL)"
            {...bind('paymentMint')}
            hint="An SPL token mint without extensions; fixed once created."
          />
          {form.paymentMint.trim() ? <TextField label="Mint decimals" {...bind('decimals')} /> : null}
          <TextField label={`Price per use (${currency.symbol})`} inputMode="decimal" {...bind('pricePerUse')} />
          <TextField
            label={`Monthly subscription (${currency.symbol}, empty: none)`}
            inputMode="decimal"
            {...bind('subscriptionPrice')}
          />
          <TextField label="Pass size (uses, empty: no pass)" inputMode="numeric" {...bind('passSize')} />
          <TextField label={`Pass price (${currency.symbol})`} inputMode="decimal" {...bind('passPrice')} />
          <div className="flex flex-col gap-2 md:col-span-2">
            <p className="text-sm text-slate-700">
              The model card is pinned to IPFS and its hash stored on chain; the asset (a Token-2022 token, supply 1) is
              minted to your wallet. Whoever holds it owns the model and its revenue.
            </p>
            <StatusLine text={stage} />
            <div>
              <Button type="submit" busy={tx.busy}>
                Create and mint
              </Button>
            </div>
            <TxError error={tx.error} />
          </div>
        </form>
      </Card>
    </div>
  );
}
