// Prometheus metrics in the text exposition format, served over HTTP:
// jobs by kind and outcome, job durations (total and outside the worker),
// in-flight jobs, open jobs waiting (queue depth), retries, worker restarts.
import { createServer, type Server } from 'node:http';

type Labels = Record<string, string>;
const key = (l: Labels) =>
  Object.entries(l)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
    .join(',');

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400];

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

export class Metrics {
  private counters = new Map<string, Map<string, number>>();
  private gauges = new Map<string, Map<string, number>>();
  private histograms = new Map<string, Map<string, Histogram>>();
  private help = new Map<string, string>();

  constructor() {
    this.describe('modelmint_oracle_jobs_total', 'Jobs finished by this oracle, by kind and outcome');
    this.describe('modelmint_oracle_job_duration_seconds', 'Wall time from claim to submit or fail');
    this.describe('modelmint_oracle_job_overhead_seconds', 'Time per job outside the worker (chain, IPFS, signing)');
    this.describe('modelmint_oracle_jobs_in_flight', 'Jobs claimed and not yet finished');
    this.describe('modelmint_oracle_queue_depth', 'Open jobs this oracle could serve, seen at the last scan');
    this.describe('modelmint_oracle_retries_total', 'Retried transient RPC/IPFS operations');
    this.describe('modelmint_oracle_worker_restarts_total', 'Worker process restarts');
    this.describe('modelmint_oracle_claims_lost_total', 'Claims another oracle won');
  }

  describe(name: string, help: string): void {
    this.help.set(name, help);
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    const m = this.counters.get(name) ?? new Map<string, number>();
    m.set(key(labels), (m.get(key(labels)) ?? 0) + by);
    this.counters.set(name, m);
  }

  set(name: string, value: number, labels: Labels = {}): void {
    const m = this.gauges.get(name) ?? new Map<string, number>();
    m.set(key(labels), value);
    this.gauges.set(name, m);
  }

  observe(name: string, seconds: number, labels: Labels = {}): void {
    const m = this.histograms.get(name) ?? new Map<string, Histogram>();
    const h = m.get(key(labels)) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
    });
    h.sum += seconds;
    h.count += 1;
    m.set(key(labels), h);
    this.histograms.set(name, m);
  }

  counter(name: string, labels: Labels = {}): number {
    return this.counters.get(name)?.get(key(labels)) ?? 0;
  }

  /** The exposition text. */
  render(): string {
    const out: string[] = [];
    const head = (name: string, type: string) => {
      const h = this.help.get(name);
      if (h) out.push(`# HELP ${name} ${h}`);
      out.push(`# TYPE ${name} ${type}`);
    };
    const lbl = (k: string, extra?: string) => {
      const all = [k, extra].filter(Boolean).join(',');
      return all ? `{${all}}` : '';
    };
    for (const [name, m] of this.counters) {
      head(name, 'counter');
      for (const [k, v] of m) out.push(`${name}${lbl(k)} ${v}`);
    }
    for (const [name, m] of this.gauges) {
      head(name, 'gauge');
      for (const [k, v] of m) out.push(`${name}${lbl(k)} ${v}`);
    }
    for (const [name, m] of this.histograms) {
      head(name, 'histogram');
      for (const [k, h] of m) {
        BUCKETS.forEach((b, i) => {
          out.push(`${name}_bucket${lbl(k, `le="${b}"`)} ${h.buckets[i]}`);
        });
        out.push(`${name}_bucket${lbl(k, 'le="+Inf"')} ${h.count}`);
        out.push(`${name}_sum${lbl(k)} ${h.sum}`);
        out.push(`${name}_count${lbl(k)} ${h.count}`);
      }
    }
    return `${out.join('\n')}\n`;
  }

  /** Serves `/metrics` (and `/healthz`) on `port` (0 = any free port). */
  serve(port: number, host = '127.0.0.1'): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(this.render());
      } else if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok\n');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }
}
