// Paying for a model: one generation (per use, or from a subscription or a
// pass), a subscription for some months, a bulk pass, closing a pass. The
// price is shown before the wallet is asked, with who gets paid, and the
// quoted price is the transaction's maximum (a price changed in flight fails
// with PriceChanged instead of charging more).
import { buyPass, cancelSubscription, closePass, PaymentMode, requestGeneration, subscribe } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Notice, Select, StatusLine, TextArea, TextField, TxError } from '../../components/ui.js';
import { config } from '../../config.js';
import { fetchProgramConfig, getChain } from '../../lib/chain.js';
import { useChainNow } from '../../lib/clock.js';
import type { ModelRow } from '../../lib/indexer.js';
import { indexer } from '../../lib/indexer.js';
import { uploadBytes } from '../../lib/ipfs.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { formatTime, shortAddress } from '../../lib/time.js';
import { FEE_MARGIN, useTransaction } from '../../lib/tx.js';
import { currencyOf, formatAmount, splitFee } from '../../lib/units.js';
import { useWallet } from '../../wallet/signer.js';
import { accessTo } from './access.js';
import { generationInput, validateInput } from './input.js';

export function PayPanel({ model: m }: { model: ModelRow }) {
  const wallet = useWallet();
  const navigate = useNavigate();
  const now = useChainNow() ?? Math.floor(Date.now() / 1000);
  const walletAddress = wallet.status === 'disconnected' ? undefined : wallet.account.address;
  const access = useQuery({
    queryKey: ['access', walletAddress],
    queryFn: () => indexer.access(walletAddress as string),
    enabled: Boolean(walletAddress),
  });
  // The wallet's subscriptions, passes and grants change with its own transactions: follow them.
  useLiveInvalidate([walletAddress], [['access', walletAddress]]);
  const programConfig = useQuery({ queryKey: ['program-config'], queryFn: fetchProgramConfig, staleTime: 60_000 });
  const feeBps = programConfig.data?.feeBps ?? 1000;
  const can = accessTo(m, access.data, now);
  const currency = currencyOf(m);
  const sol = currency.mint === null;
  const price = BigInt(m.price_per_use ?? '0');
  const { creator, fee } = splitFee(price, feeBps);
  const [prompt, setPrompt] = useState('');
  const [image, setImage] = useState<File | null>(null);
  const [seed, setSeed] = useState('');
  const [mode, setMode] = useState('per-use');
  const [months, setMonths] = useState('1');
  const [stage, setStage] = useState<string | null>(null);
  const generate = useTransaction();
  const sub = useTransaction();
  const pass = useTransaction();
  const close = useTransaction();
  const cancel = useTransaction();
  const invalidate = [
    ['access', walletAddress],
    ['model', m.address],
    ['model-stats', m.address],
  ];
  const category = (m.category ?? 'caption') as 'caption' | 'generate' | 'style';
  const inputProblem = validateInput(category, { prompt, image, seed });
  const ready = m.status === 'ready' && Number(m.current_version) > 0;
  const chain = getChain();
  const monthsN = Number(months);
  const monthsOk = Number.isInteger(monthsN) && monthsN >= 1 && monthsN <= 24;
  const subTotal = BigInt(m.subscription_price ?? '0') * BigInt(monthsOk ? monthsN : 0);
  const payMode =
    mode === 'subscription' ? PaymentMode.Subscription : mode === 'pass' ? PaymentMode.Pass : PaymentMode.PerUse;

  const runGeneration = async () => {
    const input = await generationInput(category, { prompt, image, seed });
    setStage('Uploading the input…');
    let inputCid: Uint8Array;
    try {
      inputCid = await uploadBytes(input, 'input');
    } finally {
      setStage(null);
    }
    const r = await generate.send({
      label: mode === 'per-use' ? `Pay ${formatAmount(price, currency)} for one generation` : 'Request a generation',
      needsLamports: (sol && payMode === PaymentMode.PerUse ? price : 0n) + FEE_MARGIN,
      run: (signer) =>
        requestGeneration(chain.sender, {
          user: signer,
          model: m.address as Address,
          inputCid,
          mode: payMode,
          ...(payMode === PaymentMode.PerUse ? { maxPrice: price } : {}),
          programAddress: chain.programAddress,
        }),
      invalidate,
    });
    if (r) navigate(`/jobs/${r.job}`);
  };

  return (
    <Card title="Use this model">
      <div className="flex flex-col gap-4">
        {wallet.status === 'disconnected' ? <Notice>Connect a wallet to pay for this model.</Notice> : null}
        {wallet.status === 'wrong-network' ? (
          <Notice tone="error">
            Wrong network: your wallet account is not on {config().clusterName} ({config().walletChain}). Switch
            networks in your wallet.
          </Notice>
        ) : null}
        {walletAddress && !can.granted ? (
          <Notice tone="warning" title="Not on the allowlist">
            This model is for allowlisted wallets only, and your wallet {shortAddress(walletAddress)} has no access
            grant. Ask the creator to add it.
            {can.subscriptionExpires
              ? ` Your subscription still serves you until ${formatTime(can.subscriptionExpires)}; renewing it needs a grant.`
              : ''}
          </Notice>
        ) : null}
        {!ready ? (
          <Notice>
            This model is not ready for requests (status {m.status}, version {m.current_version}).
          </Notice>
        ) : null}
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void runGeneration().catch((err: unknown) => setStage(`Upload failed: ${(err as Error).message}`));
          }}
        >
          {category === 'caption' ? (
            <TextArea
              label="Prompt"
              rows={3}
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              hint="The model continues this text."
            />
          ) : category === 'style' ? (
            <TextField
              label="Image to restyle (PNG, JPEG or WebP, at most 5 MB)"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={(e) => setImage(e.target.files?.[0] ?? null)}
            />
          ) : (
            <TextField
              label="Seed (optional)"
              inputMode="numeric"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              hint="The same seed gives the same image."
            />
          )}
          <Select
            label="Pay with"
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            options={[
              { value: 'per-use', label: `Per use: ${formatAmount(price, currency)}` },
              ...(can.subscriptionExpires
                ? [{ value: 'subscription', label: `My subscription (until ${formatTime(can.subscriptionExpires)})` }]
                : []),
              ...(can.passUsesLeft > 0 ? [{ value: 'pass', label: `My pass (${can.passUsesLeft} uses left)` }] : []),
            ]}
          />
          {mode === 'per-use' ? (
            <p className="text-sm text-slate-700">
              You pay {formatAmount(price, currency)} into escrow. It is released once the result is delivered and the
              dispute window passes: {formatAmount(creator, currency)} to the model's owner,{' '}
              {formatAmount(fee, currency)} platform fee. A failed or late job is refunded in full.
            </p>
          ) : null}
          {inputProblem && (prompt || image || seed) ? <p className="text-sm text-red-800">{inputProblem}</p> : null}
          <StatusLine text={stage} />
          <div>
            <Button
              type="submit"
              busy={generate.busy}
              disabled={
                wallet.status !== 'ready' ||
                !(can.granted || (payMode === PaymentMode.Subscription && can.subscriptionExpires)) ||
                !ready ||
                inputProblem !== null
              }
            >
              {generate.phase === 'signing'
                ? 'Approve in your wallet'
                : generate.phase === 'confirming'
                  ? 'Confirming…'
                  : mode === 'per-use'
                    ? `Pay ${formatAmount(price, currency)} and run`
                    : 'Run'}
            </Button>
          </div>
          <TxError error={generate.error} />
        </form>

        {m.subscription_price !== '0' ? (
          <div className="flex flex-col gap-2 border-t border-slate-200 pt-3">
            <h3 className="font-semibold">Subscribe</h3>
            <p className="text-sm text-slate-700">
              {formatAmount(m.subscription_price, currency)} per 30 days; unlimited uses while it lasts
              {can.subscriptionExpires
                ? `; yours runs until ${formatTime(can.subscriptionExpires)} and is extended from then`
                : ''}
              . Paid at once: 90% to the owner, 10% platform fee. The unused time is refunded pro rata if your access is
              revoked, or if you cancel while the model is paused.
            </p>
            <div className="flex items-end gap-2">
              <div className="w-32">
                <TextField
                  label="Months"
                  inputMode="numeric"
                  value={months}
                  onChange={(e) => setMonths(e.target.value)}
                  error={monthsOk ? null : '1 to 24'}
                />
              </div>
              <Button
                busy={sub.busy}
                disabled={wallet.status !== 'ready' || !can.granted || !monthsOk}
                onClick={() =>
                  void sub.send({
                    label: `Subscribe for ${monthsN} month${monthsN === 1 ? '' : 's'} (${formatAmount(subTotal, currency)})`,
                    needsLamports: (sol ? subTotal : 0n) + FEE_MARGIN,
                    run: (signer) =>
                      subscribe(chain.sender, {
                        user: signer,
                        model: m.address as Address,
                        months: monthsN,
                        maxPrice: subTotal,
                        programAddress: chain.programAddress,
                      }),
                    invalidate,
                  })
                }
              >
                Subscribe for {formatAmount(subTotal, currency)}
              </Button>
            </div>
            {can.subscriptionExpires && m.status !== 'ready' ? (
              <div className="flex flex-col gap-1">
                <p className="text-sm">
                  The model is {m.status}: you may cancel your subscription and get the unused time back.
                </p>
                <div>
                  <Button
                    variant="secondary"
                    busy={cancel.busy}
                    disabled={wallet.status !== 'ready'}
                    onClick={() =>
                      void cancel.send({
                        label: 'Cancel my subscription',
                        run: (signer) =>
                          cancelSubscription(chain.sender, {
                            user: signer,
                            model: m.address as Address,
                            programAddress: chain.programAddress,
                          }),
                        invalidate,
                      })
                    }
                  >
                    Cancel my subscription (unused time refunded)
                  </Button>
                </div>
              </div>
            ) : null}
            <TxError error={sub.error ?? cancel.error} />
          </div>
        ) : null}

        {m.pass_size !== '0' ? (
          <div className="flex flex-col gap-2 border-t border-slate-200 pt-3">
            <h3 className="font-semibold">Bulk pass</h3>
            <p className="text-sm text-slate-700">
              {m.pass_size} uses for {formatAmount(m.pass_price, currency)}. The money stays in escrow and is released
              per settled use; closing the pass refunds the unused part.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button
                busy={pass.busy}
                disabled={wallet.status !== 'ready' || !can.granted || can.passUsesLeft > 0}
                onClick={() =>
                  void pass.send({
                    label: `Buy a ${m.pass_size}-use pass (${formatAmount(m.pass_price, currency)})`,
                    needsLamports: (sol ? BigInt(m.pass_price ?? '0') : 0n) + FEE_MARGIN,
                    run: (signer) =>
                      buyPass(chain.sender, {
                        user: signer,
                        model: m.address as Address,
                        maxPrice: BigInt(m.pass_price ?? '0'),
                        programAddress: chain.programAddress,
                      }),
                    invalidate,
                  })
                }
              >
                Buy a pass for {formatAmount(m.pass_price, currency)}
              </Button>
              {can.passOpen ? (
                <Button
                  variant="secondary"
                  busy={close.busy}
                  disabled={wallet.status !== 'ready'}
                  onClick={() =>
                    void close.send({
                      label: 'Close my pass',
                      run: (signer) =>
                        closePass(chain.sender, {
                          user: signer,
                          model: m.address as Address,
                          programAddress: chain.programAddress,
                        }),
                      invalidate,
                    })
                  }
                >
                  Close my pass ({can.passUsesLeft} uses left, refunded)
                </Button>
              ) : null}
            </div>
            <TxError error={pass.error ?? close.error} />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
