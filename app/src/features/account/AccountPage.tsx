// The connected wallet's jobs, subscriptions, passes and access grants.
import { closePass } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Badge, Button, Card, Loading, Notice, TxError } from '../../components/ui.js';
import { getChain } from '../../lib/chain.js';
import { useChainNow } from '../../lib/clock.js';
import { indexer } from '../../lib/indexer.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { formatTime, shortAddress } from '../../lib/time.js';
import { useTransaction } from '../../lib/tx.js';
import { currencyOfMint, formatAmount } from '../../lib/units.js';
import { useWalletAddress } from '../../wallet/signer.js';

const str = (r: Record<string, unknown>, k: string) => String(r[k] ?? '');

export default function AccountPage() {
  const wallet = useWalletAddress();
  const now = useChainNow() ?? Math.floor(Date.now() / 1000);
  const jobs = useInfiniteQuery({
    queryKey: ['my-jobs', wallet],
    queryFn: ({ pageParam }) =>
      indexer.jobs({ requester: wallet as string, limit: '20', ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(wallet),
  });
  const access = useQuery({
    queryKey: ['access', wallet],
    queryFn: () => indexer.access(wallet as string),
    enabled: Boolean(wallet),
  });
  useLiveInvalidate(
    [wallet],
    [
      ['my-jobs', wallet],
      ['access', wallet],
    ],
  );
  const close = useTransaction();
  const chain = getChain();
  if (!wallet) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-bold">My account</h1>
        <Notice>Connect a wallet to see its jobs, subscriptions, passes and grants.</Notice>
      </div>
    );
  }
  const items = jobs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">My account</h1>
      <p className="font-mono text-sm break-all">{wallet}</p>
      <Card title="Jobs">
        {jobs.isPending ? <Loading what="jobs" /> : null}
        {jobs.isSuccess && items.length === 0 ? <p className="text-sm">No jobs yet.</p> : null}
        {items.length ? (
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-1">
                  Job
                </th>
                <th scope="col">Kind</th>
                <th scope="col">Model</th>
                <th scope="col">Paid</th>
                <th scope="col">Status</th>
                <th scope="col">Requested</th>
              </tr>
            </thead>
            <tbody>
              {items.map((j) => (
                <tr key={j.address} className="border-b border-slate-200">
                  <td className="py-1">
                    <Link className="font-mono underline" to={`/jobs/${j.address}`}>
                      {shortAddress(j.address)}
                    </Link>
                  </td>
                  <td>{j.kind}</td>
                  <td>
                    <Link className="font-mono underline" to={`/models/${j.model}`}>
                      {shortAddress(j.model)}
                    </Link>
                  </td>
                  <td>{formatAmount(j.escrowed, currencyOfMint(j.mint))}</td>
                  <td>
                    <Badge>{j.status}</Badge>
                  </td>
                  <td>{formatTime(j.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {jobs.hasNextPage ? (
          <Button
            variant="secondary"
            className="mt-2"
            busy={jobs.isFetchingNextPage}
            onClick={() => void jobs.fetchNextPage()}
          >
            Load more
          </Button>
        ) : null}
      </Card>
      <div className="grid gap-6 md:grid-cols-3">
        <Card title="Subscriptions">
          {(access.data?.subscriptions ?? []).length === 0 ? <p className="text-sm">None.</p> : null}
          <ul className="flex flex-col gap-2 text-sm">
            {(access.data?.subscriptions ?? []).map((s) => (
              <li key={s.model}>
                <Link className="font-mono underline" to={`/models/${s.model}`}>
                  {shortAddress(s.model)}
                </Link>{' '}
                {Number(str(s, 'expires_at')) > now
                  ? `active until ${formatTime(str(s, 'expires_at'))}`
                  : `expired ${formatTime(str(s, 'expires_at'))}`}
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Passes">
          {(access.data?.passes ?? []).length === 0 ? <p className="text-sm">None.</p> : null}
          <ul className="flex flex-col gap-2 text-sm">
            {(access.data?.passes ?? []).map((p) => (
              <li key={p.model} className="flex flex-col gap-1">
                <span>
                  <Link className="font-mono underline" to={`/models/${p.model}`}>
                    {shortAddress(p.model)}
                  </Link>{' '}
                  {p.closed
                    ? 'closed'
                    : `${str(p, 'uses_left')} uses left, ${formatAmount(str(p, 'escrowed') || '0', currencyOfMint(p.mint))} in escrow`}
                </span>
                {!p.closed ? (
                  <Button
                    variant="secondary"
                    busy={close.busy}
                    onClick={() =>
                      void close.send({
                        label: 'Close the pass',
                        run: (signer) =>
                          closePass(chain.sender, {
                            user: signer,
                            model: p.model as Address,
                            programAddress: chain.programAddress,
                          }),
                        invalidate: [['access', wallet]],
                      })
                    }
                  >
                    Close and refund
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          <TxError error={close.error} />
        </Card>
        <Card title="Access grants">
          {(access.data?.grants ?? []).length === 0 ? <p className="text-sm">None.</p> : null}
          <ul className="flex flex-col gap-2 text-sm">
            {(access.data?.grants ?? []).map((g) => (
              <li key={g.model}>
                <Link className="font-mono underline" to={`/models/${g.model}`}>
                  {shortAddress(g.model)}
                </Link>{' '}
                {g.revoked
                  ? 'revoked'
                  : str(g, 'expires_at') === '0'
                    ? 'no expiry'
                    : `until ${formatTime(str(g, 'expires_at'))}`}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}
