// A stand-in worker speaking PROTOCOL.md for the client's unit tests.
// Requests: `echo` (result = the request), `slow` (progress then result after `ms`,
// stops on cancel), `boom` (an error), `crash` (exit 3), `garbage` (a non-JSON line then a result).
import { createInterface } from 'node:readline';

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
out({ id: null, event: 'ready', protocol: 1, version: 'fake', torch: 'none', device: 'cpu', pid: process.pid, base_dir: '/x', bases: [] });
const running = new Map();
createInterface({ input: process.stdin }).on('line', (line) => {
  const r = JSON.parse(line);
  if (r.type === 'cancel') {
    const t = running.get(r.target);
    if (t && !process.env.FAKE_IGNORE_CANCEL) {
      clearTimeout(t);
      running.delete(r.target);
      out({ id: r.target, event: 'error', ok: false, error: { code: 'CANCELLED', reason_code: 8, retryable: true, message: 'cancelled' } });
    }
    out({ id: r.id, event: 'result', ok: true, result: { target: r.target, cancelled: !!t } });
    return;
  }
  if (r.type === 'shutdown') {
    out({ id: r.id, event: 'result', ok: true, result: { stopping: true } });
    process.exit(0);
  }
  out({ id: r.id, event: 'accepted', type: r.type, queue_position: 0 });
  switch (r.type) {
    case 'echo':
      out({ id: r.id, event: 'result', ok: true, result: r });
      break;
    case 'slow':
      out({ id: r.id, event: 'progress', phase: 'train', epoch: 1, epochs: 1, step: 1, steps_total: 2, train_loss: 1, val_loss: null, eta_secs: 1 });
      running.set(r.id, setTimeout(() => {
        running.delete(r.id);
        out({ id: r.id, event: 'result', ok: true, result: { done: true } });
      }, r.ms));
      break;
    case 'boom':
      out({ id: r.id, event: 'error', ok: false, error: { code: 'DATASET_INVALID', reason_code: 3, retryable: false, message: 'bad', details: { problems: [] } } });
      break;
    case 'crash':
      process.exit(3);
      break;
    case 'garbage':
      process.stdout.write('this is not json\n\n');
      out({ id: r.id, event: 'result', ok: true, result: { after: 'garbage' } });
      break;
  }
});
