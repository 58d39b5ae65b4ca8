import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { getBase58Encoder } from '@solana/kit';
import type { AppDeps } from '../deps.js';
import { ErrorSchema, validationHook } from '../errors.js';
import { AddressSchema } from '../schemas.js';

/** Domain separator of progress signatures (gpu-oracle/README.md, "Progress signature format"). */
export const PROGRESS_DOMAIN = 'modelmint-progress-v1';

const ProgressBodySchema = z
  .object({
    payload: z.string().min(2).max(4096).openapi({ description: 'The report as JSON text, exactly as signed' }),
    signature: z
      .string()
      .regex(/^[A-Za-z0-9+/]{86}==$/, 'base64 of 64 bytes')
      .openapi({
        description: 'Ed25519 signature by the oracle attestation key over "modelmint-progress-v1\\n" + payload',
      }),
    key: AddressSchema.openapi({ description: "The oracle's attestation public key (base58)" }),
  })
  .openapi('ProgressBody');

const finite = z.number().finite();
const ProgressPayloadSchema = z.object({
  v: z.literal(1),
  job: AddressSchema,
  oracle: AddressSchema,
  seq: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  ts: z
    .number()
    .int()
    .min(0)
    .max(2 ** 52),
  phase: z.string().min(1).max(32),
  epoch: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  epochs: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  step: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  steps_total: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  train_loss: finite.nullable(),
  val_loss: finite.nullable(),
  eta_secs: finite.nullable(),
});
export type ProgressPayload = z.infer<typeof ProgressPayloadSchema>;

export const ProgressRowSchema = z
  .object({
    job: z.string(),
    oracle: z.string(),
    ts: z.string(),
    seq: z.number(),
    phase: z.string(),
    epoch: z.number(),
    epochs: z.number(),
    step: z.number(),
    steps_total: z.number(),
    train_loss: z.number().nullable(),
    val_loss: z.number().nullable(),
    eta_secs: z.number().nullable(),
  })
  .openapi('TrainingProgress');

const post = createRoute({
  method: 'post',
  path: '/oracle/progress',
  summary: 'Training progress from the oracle that claimed the job',
  description:
    'Accepted only when signed by the attestation key of a registered, active oracle that claimed the job ' +
    '(ed25519 over the UTF-8 bytes of "modelmint-progress-v1\\n" + payload). Stored once per (job, ts, seq) and ' +
    'streamed on /stream as `TrainingProgress`.',
  request: { body: { required: true, content: { 'application/json': { schema: ProgressBodySchema } } } },
  responses: {
    200: {
      description: 'Stored (or already stored)',
      content: { 'application/json': { schema: z.object({ stored: z.boolean() }) } },
    },
    400: { description: 'Malformed body or payload', content: { 'application/json': { schema: ErrorSchema } } },
    401: { description: 'Signature missing or wrong', content: { 'application/json': { schema: ErrorSchema } } },
    403: {
      description: 'Unknown or inactive oracle, key not its attestation key, or job not claimed by it',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

const list = createRoute({
  method: 'get',
  path: '/jobs/{address}/progress',
  summary: "A training job's progress reports, in order",
  request: { params: z.object({ address: AddressSchema }) },
  responses: {
    200: {
      description: 'Reports by (ts, seq)',
      content: { 'application/json': { schema: z.object({ items: z.array(ProgressRowSchema) }) } },
    },
    400: { description: 'Invalid address', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

/** Verifies an Ed25519 signature by a base58 public key over `message`. */
export async function verifyEd25519(
  key: string,
  signature: Uint8Array<ArrayBuffer>,
  message: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  try {
    const raw = new Uint8Array(getBase58Encoder().encode(key));
    if (raw.length !== 32) return false;
    const publicKey = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, message);
  } catch {
    return false;
  }
}

export function progressRoutes(deps: AppDeps) {
  const reject = (reason: string) => deps.metrics.rejected.inc({ route: 'oracle/progress', reason });
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(post, async (c) => {
      const body = c.req.valid('json');
      const signature = new Uint8Array(Buffer.from(body.signature, 'base64'));
      const message = new Uint8Array(new TextEncoder().encode(`${PROGRESS_DOMAIN}\n${body.payload}`));
      if (!(await verifyEd25519(body.key, signature, message))) {
        reject('bad_signature');
        return c.json({ error: 'signature does not verify' }, 401);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.payload);
      } catch {
        reject('malformed');
        return c.json({ error: 'payload is not JSON' }, 400);
      }
      const payload = ProgressPayloadSchema.safeParse(parsed);
      if (!payload.success) {
        reject('malformed');
        return c.json(
          {
            error: 'invalid payload',
            issues: payload.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          },
          400,
        );
      }
      const p = payload.data;
      const oracle = await deps.db
        .selectFrom('oracles')
        .select(['attestation_key', 'active'])
        .where('address', '=', p.oracle)
        .executeTakeFirst();
      if (!oracle || oracle.attestation_key !== body.key || oracle.active !== true) {
        reject('unknown_oracle');
        return c.json({ error: 'not the attestation key of a registered, active oracle' }, 403);
      }
      const job = await deps.db.selectFrom('jobs').select(['oracle']).where('address', '=', p.job).executeTakeFirst();
      if (!job || job.oracle !== p.oracle) {
        reject('not_claimed');
        return c.json({ error: 'the job is not claimed by this oracle' }, 403);
      }
      const row = {
        job: p.job,
        oracle: p.oracle,
        ts: String(p.ts),
        seq: p.seq,
        phase: p.phase,
        epoch: p.epoch,
        epochs: p.epochs,
        step: p.step,
        steps_total: p.steps_total,
        train_loss: p.train_loss,
        val_loss: p.val_loss,
        eta_secs: p.eta_secs,
      };
      const stored = await deps.db
        .insertInto('oracle_progress')
        .values({ ...row, payload: body.payload, signature: body.signature })
        .onConflict((oc) => oc.columns(['job', 'ts', 'seq']).doNothing())
        .returning('job')
        .executeTakeFirst();
      if (stored) {
        deps.bus.publish({
          signature: `progress:${p.job}:${p.ts}:${p.seq}`,
          eventIndex: 0,
          slot: '0',
          name: 'TrainingProgress',
          keys: [p.job, p.oracle],
          event: { name: 'TrainingProgress', data: row },
        });
      }
      return c.json({ stored: stored !== undefined }, 200);
    })
    .openapi(list, async (c) => {
      const items = await deps.db
        .selectFrom('oracle_progress')
        .select([
          'job',
          'oracle',
          'ts',
          'seq',
          'phase',
          'epoch',
          'epochs',
          'step',
          'steps_total',
          'train_loss',
          'val_loss',
          'eta_secs',
        ])
        .where('job', '=', c.req.valid('param').address)
        .orderBy('ts')
        .orderBy('seq')
        .limit(10_000)
        .execute();
      return c.json({ items }, 200);
    });
}
