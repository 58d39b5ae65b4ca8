// Progress bars on stderr (cli-progress) when stderr is a terminal and the
// output is not --json; otherwise a throttled line now and then, or nothing.
import cliProgress from 'cli-progress';
import type { Output } from './output.js';

export interface Progress {
  /** Sets the total (e.g. once training reports its step count). */
  setTotal(total: number): void;
  update(value: number, text?: string): void;
  stop(): void;
}

export function startProgress(out: Output, label: string, total: number): Progress {
  if (out.json) return { setTotal() {}, update() {}, stop() {} };
  if (!process.stderr.isTTY) {
    let last = 0;
    let t = total;
    return {
      setTotal(n) {
        t = n;
      },
      update(value, text) {
        const now = Date.now();
        if (now - last < 2000 && value < t) return;
        last = now;
        out.info(`${label}: ${value}/${t}${text ? ` ${text}` : ''}`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% {value}/{total} {text}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { text: '' });
  return {
    setTotal: (n) => bar.setTotal(n),
    update: (value, text) => bar.update(value, { text: text ?? '' }),
    stop: () => bar.stop(),
  };
}
