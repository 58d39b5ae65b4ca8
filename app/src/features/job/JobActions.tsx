// What can be done with a job now: dispute within the window (requester),
// settle after it (anyone), rate a settled job (requester), refund an
// undelivered job after its deadline (anyone). On the local chain, time can
// be moved forward to see windows and deadlines pass.
import { disputeJob, rateJob, refundExpired, settleJob } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useState } from 'react';
import { Button, Card, Select, TextArea, TxError } from '../../components/ui.js';
import { config } from '../../config.js';
import { getChain } from '../../lib/chain.js';
import { useSkipTime } from '../../lib/clock.js';
import type { JobRow } from '../../lib/indexer.js';
import { uploadJson } from '../../lib/ipfs.js';
import { formatDuration } from '../../lib/time.js';
import { FEE_MARGIN, useTransaction } from '../../lib/tx.js';
import { useWallet } from '../../wallet/signer.js';

export function JobActions({
  job: j,
  now,
  windowEnd,
}: {
  job: JobRow;
  now: number | undefined;
  windowEnd: number | null;
}) {
  const wallet = useWallet();
  const chain = getChain();
  const me = wallet.status === 'ready' ? wallet.address : undefined;
  const requester = me !== undefined && me === j.requester;
  const [reason, setReason] = useState('');
  const [rating, setRating] = useState('5');
  const dispute = useTransaction();
  const settle = useTransaction();
  const rate = useTransaction();
  const refund = useTransaction();
  const invalidate = [
    ['job', j.address],
    ['access', me],
  ];
  const deadline = Number(j.deadline ?? 0);
  const windowOpen = j.status === 'delivered' && windowEnd !== null && now !== undefined && now < windowEnd;
  const settleable = j.status === 'delivered' && windowEnd !== null && now !== undefined && now >= windowEnd;
  const resolveBy = Number((j as { resolve_by?: unknown }).resolve_by ?? 0);
  // Undelivered past its deadline, or disputed and left unresolved past its resolve-by time.
  const expired =
    now !== undefined &&
    (((j.status === 'open' || j.status === 'claimed') && now > deadline) ||
      (j.status === 'disputed' && resolveBy > 0 && now > resolveBy));
  const rated = j.timeline.some((t) => t.event === 'JobRated');
  const job = j.address as Address;
  const opts = { programAddress: chain.programAddress };
  const moveClock = useSkipTime();
  return (
    <Card title="Actions">
      <div className="flex flex-col gap-4">
        {j.status === 'delivered' && requester ? (
          <form
            className="flex flex-col gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void (async () => {
                const reasonCid = await uploadJson({ reason }, 'dispute-reason');
                await dispute.send({
                  label: 'Dispute this result',
                  needsLamports: FEE_MARGIN,
                  run: (signer) => disputeJob(chain.sender, { requester: signer, job, reasonCid, ...opts }),
                  invalidate,
                });
              })();
            }}
          >
            <h3 className="font-semibold">Dispute</h3>
            <p className="text-sm" data-testid="dispute-countdown">
              {windowOpen && windowEnd !== null && now !== undefined
                ? `The dispute window closes in ${formatDuration(windowEnd - now)}. An arbiter then decides how much is refunded.`
                : 'The dispute window has closed.'}
            </p>
            <TextArea
              label="Why is the result wrong?"
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <div>
              <Button type="submit" variant="danger" busy={dispute.busy} disabled={!windowOpen || reason.trim() === ''}>
                Dispute
              </Button>
            </div>
            <TxError error={dispute.error} />
          </form>
        ) : null}
        {j.status === 'delivered' ? (
          <div className="flex flex-col gap-2">
            <h3 className="font-semibold">Settle</h3>
            <p className="text-sm">
              {settleable
                ? 'The dispute window has passed: anyone can release the escrow (90% to the owner, 10% platform fee).'
                : 'The escrow can be released once the dispute window has passed.'}
            </p>
            <div>
              <Button
                busy={settle.busy}
                disabled={!settleable || wallet.status !== 'ready'}
                onClick={() =>
                  void settle.send({
                    label: 'Settle the job',
                    needsLamports: FEE_MARGIN,
                    run: (signer) => settleJob(chain.sender, { payer: signer, job, ...opts }),
                    invalidate,
                  })
                }
              >
                Settle
              </Button>
            </div>
            <TxError error={settle.error} />
          </div>
        ) : null}
        {j.status === 'settled' && requester && j.kind === 'inference' ? (
          <div className="flex flex-col gap-2">
            <h3 className="font-semibold">Rate</h3>
            {rated ? (
              <p className="text-sm">You rated this job.</p>
            ) : (
              <div className="flex items-end gap-2">
                <div className="w-40">
                  <Select
                    label="Your rating"
                    value={rating}
                    onChange={(e) => setRating(e.target.value)}
                    options={[5, 4, 3, 2, 1].map((n) => ({
                      value: String(n),
                      label: `${n} star${n === 1 ? '' : 's'}`,
                    }))}
                  />
                </div>
                <Button
                  busy={rate.busy}
                  onClick={() =>
                    void rate.send({
                      label: `Rate ${rating}/5`,
                      needsLamports: FEE_MARGIN,
                      run: (signer) =>
                        rateJob(chain.sender, { requester: signer, job, rating: Number(rating), ...opts }),
                      invalidate: [...invalidate, ['model-ratings', j.model]],
                    })
                  }
                >
                  Rate
                </Button>
              </div>
            )}
            <TxError error={rate.error} />
          </div>
        ) : null}
        {j.status === 'open' || j.status === 'claimed' || (j.status === 'disputed' && resolveBy > 0) ? (
          <div className="flex flex-col gap-2">
            <h3 className="font-semibold">Refund</h3>
            <p className="text-sm">
              {j.status === 'disputed'
                ? expired
                  ? 'The arbiter did not decide in time: anyone can refund the payment in full.'
                  : now !== undefined
                    ? `If the arbiter has not decided within ${formatDuration(resolveBy - now)}, the payment can be refunded in full.`
                    : ''
                : expired
                  ? 'The deadline passed without a result: anyone can refund the payment in full.'
                  : now !== undefined
                    ? `If no result arrives within ${formatDuration(deadline - now)}, the payment can be refunded in full.`
                    : ''}
            </p>
            <div>
              <Button
                variant="secondary"
                busy={refund.busy}
                disabled={!expired || wallet.status !== 'ready'}
                onClick={() =>
                  void refund.send({
                    label: 'Refund the expired job',
                    needsLamports: FEE_MARGIN,
                    run: (signer) => refundExpired(chain.sender, { payer: signer, job, ...opts }),
                    invalidate,
                  })
                }
              >
                Refund
              </Button>
            </div>
            <TxError error={refund.error} />
          </div>
        ) : null}
        {['settled', 'refunded'].includes(j.status) ? <p className="text-sm">This job is finished.</p> : null}
        {j.status === 'disputed' && !expired ? <p className="text-sm">Disputed: waiting for the arbiter.</p> : null}
        {config().localChain &&
        (windowOpen || (!expired && (j.status === 'open' || j.status === 'claimed'))) &&
        now !== undefined ? (
          <div className="rounded-md border border-dashed border-amber-500 bg-amber-50 p-3 text-sm">
            <p className="font-medium">Local chain only</p>
            <Button
              variant="secondary"
              className="mt-1"
              onClick={() =>
                void moveClock(Math.max(1, (windowOpen && windowEnd !== null ? windowEnd : deadline) - now + 1))
              }
            >
              {windowOpen ? 'Skip to the end of the dispute window' : 'Skip past the deadline'}
            </Button>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
