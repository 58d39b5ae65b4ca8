// Prices, visibility and status (ready / paused): one `update_model`, only
// the fields that changed.
import { formatUnits, ModelStatus, updateModelInstruction, Visibility } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useState } from 'react';
import { Button, Card, Select, TextField, TxError } from '../../components/ui.js';
import { getChain } from '../../lib/chain.js';
import type { ModelRow } from '../../lib/indexer.js';
import { FEE_MARGIN, useTransaction } from '../../lib/tx.js';
import { currencyOf, formatAmount, parseAmountInput } from '../../lib/units.js';

export function PricingSection({ model: m }: { model: ModelRow }) {
  const currency = currencyOf(m);
  const show = (v: string | null) => formatUnits(BigInt(v ?? '0'), currency.decimals);
  const [price, setPrice] = useState(show(m.price_per_use));
  const [sub, setSub] = useState(show(m.subscription_price));
  const [passSize, setPassSize] = useState(m.pass_size ?? '0');
  const [passPrice, setPassPrice] = useState(show(m.pass_price));
  const [visibility, setVisibility] = useState(m.visibility ?? 'public');
  const [status, setStatus] = useState(m.status === 'paused' ? 'paused' : 'ready');
  const tx = useTransaction();
  const p = parseAmountInput(price, currency);
  const s = parseAmountInput(sub, currency);
  const pp = parseAmountInput(passPrice, currency);
  const sizeOk = /^\d{1,9}$/.test(passSize.trim());
  const ok = p.ok && s.ok && pp.ok && sizeOk;
  const changes: string[] = [];
  if (p.ok && p.value.toString() !== (m.price_per_use ?? '0'))
    changes.push(`price per use ${formatAmount(p.value, currency)}`);
  if (s.ok && s.value.toString() !== (m.subscription_price ?? '0'))
    changes.push(`subscription ${formatAmount(s.value, currency)}`);
  if (sizeOk && passSize.trim() !== (m.pass_size ?? '0')) changes.push(`pass of ${passSize} uses`);
  if (pp.ok && pp.value.toString() !== (m.pass_price ?? '0'))
    changes.push(`pass price ${formatAmount(pp.value, currency)}`);
  if (visibility !== m.visibility) changes.push(visibility);
  const statusChanged =
    (status === 'paused') !== (m.status === 'paused') && m.status !== 'draft' && m.status !== 'training';
  if (statusChanged) changes.push(status);
  const chain = getChain();
  return (
    <Card title="Pricing and visibility">
      <form
        className="grid gap-3 md:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!ok || changes.length === 0) return;
          void tx.send({
            label: `Update ${changes.join(', ')}`,
            needsLamports: FEE_MARGIN,
            run: async (signer) =>
              chain.sender.send(
                [
                  await updateModelInstruction({
                    owner: signer,
                    model: m.address as Address,
                    assetMint: m.asset_mint as Address,
                    ...(p.value.toString() !== m.price_per_use ? { pricePerUse: p.value } : {}),
                    ...(s.value.toString() !== m.subscription_price ? { subscriptionPrice: s.value } : {}),
                    ...(passSize.trim() !== m.pass_size ? { passSize: Number(passSize) } : {}),
                    ...(pp.value.toString() !== m.pass_price ? { passPrice: pp.value } : {}),
                    ...(visibility !== m.visibility
                      ? { visibility: visibility === 'allowlist' ? Visibility.Allowlist : Visibility.Public }
                      : {}),
                    ...(statusChanged ? { status: status === 'paused' ? ModelStatus.Paused : ModelStatus.Ready } : {}),
                    programAddress: chain.programAddress,
                  }),
                ],
                signer,
              ),
            invalidate: [['model', m.address]],
          });
        }}
      >
        <TextField
          label={`Price per use (${currency.symbol})`}
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          error={p.ok ? null : p.error}
        />
        <TextField
          label={`Monthly subscription (${currency.symbol}, 0: none)`}
          value={sub}
          onChange={(e) => setSub(e.target.value)}
          error={s.ok ? null : s.error}
        />
        <TextField
          label="Pass size (uses, 0: none)"
          value={passSize}
          onChange={(e) => setPassSize(e.target.value)}
          error={sizeOk ? null : 'a whole number'}
        />
        <TextField
          label={`Pass price (${currency.symbol})`}
          value={passPrice}
          onChange={(e) => setPassPrice(e.target.value)}
          error={pp.ok ? null : pp.error}
        />
        <Select
          label="Visibility"
          value={visibility}
          onChange={(e) => setVisibility(e.target.value as 'public' | 'allowlist')}
          options={[
            { value: 'public', label: 'Public' },
            { value: 'allowlist', label: 'Allowlist only' },
          ]}
        />
        <Select
          label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value as 'ready' | 'paused')}
          options={[
            { value: 'ready', label: 'Ready: takes requests' },
            { value: 'paused', label: 'Paused: no new requests' },
          ]}
          hint={
            m.status === 'draft' || m.status === 'training'
              ? 'Becomes ready when its first version is published.'
              : undefined
          }
        />
        <div className="flex flex-col gap-2 md:col-span-3">
          <p className="text-sm text-slate-700">{changes.length ? `Changes: ${changes.join('; ')}.` : 'No change.'}</p>
          <div>
            <Button type="submit" busy={tx.busy} disabled={!ok || changes.length === 0}>
              Save
            </Button>
          </div>
          <TxError error={tx.error} />
        </div>
      </form>
    </Card>
  );
}
