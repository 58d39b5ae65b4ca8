// The allowlist: the wallets granted, a CSV import (every bad line listed and
// nothing sent until all are good), grants sent a few per transaction, and
// revocation (which refunds the wallet's unused pass).
import { grantAccessInstruction, revokeAccess } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge, Button, Card, Notice, StatusLine, TextArea, TextField, TxError } from '../../components/ui.js';
import { batches, GRANTS_PER_TX, importAllowlist } from '../../lib/allowlist.js';
import { getChain } from '../../lib/chain.js';
import { useChainNow } from '../../lib/clock.js';
import type { ModelRow } from '../../lib/indexer.js';
import { indexer } from '../../lib/indexer.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { formatTime } from '../../lib/time.js';
import { FEE_MARGIN, useTransaction } from '../../lib/tx.js';

export function AllowlistSection({ model: m }: { model: ModelRow }) {
  const grants = useQuery({ queryKey: ['grants', m.address], queryFn: () => indexer.grants(m.address) });
  useLiveInvalidate([m.address], [['grants', m.address]]);
  const now = BigInt(useChainNow() ?? Math.floor(Date.now() / 1000));
  const [csv, setCsv] = useState('');
  const [progress, setProgress] = useState<string | null>(null);
  const grant = useTransaction();
  const revoke = useTransaction();
  const chain = getChain();
  const active = new Set((grants.data?.items ?? []).filter((g) => !g.revoked).map((g) => g.wallet));
  const parsed = csv.trim() ? importAllowlist(csv, now, active) : null;
  const holder = {
    model: m.address as Address,
    assetMint: m.asset_mint as Address,
    programAddress: chain.programAddress,
  };
  const send = async () => {
    if (!parsed || parsed.problems.length || parsed.entries.length === 0) return;
    const groups = batches(parsed.entries, GRANTS_PER_TX);
    for (const [i, group] of groups.entries()) {
      setProgress(`Sending grants ${i + 1} of ${groups.length}…`);
      const r = await grant.send({
        label: `Grant access to ${group.length} wallet${group.length === 1 ? '' : 's'} (${i + 1}/${groups.length})`,
        needsLamports: FEE_MARGIN,
        run: async (signer) =>
          chain.sender.send(
            await Promise.all(
              group.map((e) =>
                grantAccessInstruction({ ...holder, owner: signer, user: e.user, expiresAt: e.expiresAt }),
              ),
            ),
            signer,
          ),
        invalidate: [['grants', m.address]],
      });
      if (!r) {
        setProgress(`Stopped at batch ${i + 1} of ${groups.length}; the batches before it were granted.`);
        return;
      }
    }
    setProgress(`Granted ${parsed.entries.length} wallet${parsed.entries.length === 1 ? '' : 's'}.`);
    setCsv('');
  };
  return (
    <Card title="Allowlist">
      <div className="flex flex-col gap-4">
        {m.visibility !== 'allowlist' ? (
          <Notice>This model is public: grants only matter once its visibility is set to allowlist.</Notice>
        ) : null}
        <div>
          <h3 className="font-semibold">Granted wallets</h3>
          {(grants.data?.items ?? []).length === 0 ? <p className="text-sm">None yet.</p> : null}
          <ul className="flex flex-col gap-1 text-sm" data-testid="grants">
            {(grants.data?.items ?? []).map((g) => (
              <li key={g.wallet} className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs">{g.wallet}</span>
                {g.revoked ? (
                  <Badge tone="red">revoked</Badge>
                ) : (
                  <Badge tone="green">{g.expires_at === '0' ? 'no expiry' : `until ${formatTime(g.expires_at)}`}</Badge>
                )}
                {!g.revoked ? (
                  <Button
                    variant="secondary"
                    busy={revoke.busy}
                    onClick={() =>
                      void revoke.send({
                        label: `Revoke ${g.wallet.slice(0, 4)}…`,
                        needsLamports: FEE_MARGIN,
                        // Also refunds the wallet's pass and its subscription's unused time.
                        run: (signer) =>
                          revokeAccess(chain.sender, {
                            owner: signer,
                            model: m.address as Address,
                            user: g.wallet as Address,
                            programAddress: chain.programAddress,
                          }),
                        invalidate: [['grants', m.address]],
                      })
                    }
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          <TxError error={revoke.error} />
        </div>
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">Import a CSV</h3>
          <p className="text-sm text-slate-700">
            One wallet per line, with an optional expiry: unix seconds, an ISO date, a duration such as 30d, or never. A
            first line "wallet,expires" and lines starting with # are skipped.
          </p>
          <TextField
            label="CSV file"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)}
          />
          <TextArea label="Or paste the CSV" rows={4} value={csv} onChange={(e) => setCsv(e.target.value)} />
          {parsed?.problems.length ? (
            <div
              role="alert"
              className="rounded-md border border-red-400 bg-red-50 p-3 text-sm text-red-950"
              data-testid="csv-problems"
            >
              <p className="font-semibold">
                {parsed.problems.length} bad line{parsed.problems.length === 1 ? '' : 's'}: nothing will be sent until
                every line is good.
              </p>
              <ul className="mt-1 list-disc pl-5">
                {parsed.problems.map((p) => (
                  <li key={`${p.line}:${p.message}`}>
                    {p.line ? `line ${p.line}` : 'file'}: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {parsed && parsed.problems.length === 0 ? (
            <Notice tone="info">
              {parsed.entries.length} wallet{parsed.entries.length === 1 ? '' : 's'} to grant in{' '}
              {Math.ceil(parsed.entries.length / GRANTS_PER_TX)} transaction
              {parsed.entries.length > GRANTS_PER_TX ? 's' : ''}
              {parsed.skipped.length ? `; ${parsed.skipped.length} already granted, left out` : ''}.{' '}
              {parsed.entries
                .map(
                  (e) =>
                    `${e.user.slice(0, 4)}…${e.expiresAt === 0n ? '' : ` until ${formatTime(Number(e.expiresAt))}`}`,
                )
                .join(', ')}
            </Notice>
          ) : null}
          <StatusLine text={progress} />
          <div>
            <Button
              busy={grant.busy}
              disabled={!parsed || parsed.problems.length > 0 || parsed.entries.length === 0}
              onClick={() => void send()}
            >
              Grant access
            </Button>
          </div>
          <TxError error={grant.error} />
        </div>
      </div>
    </Card>
  );
}
