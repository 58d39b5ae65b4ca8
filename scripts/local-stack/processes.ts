// Child processes of the local stack: started with Node 24 and tsx loaded in
// the same process (so a signal reaches the service itself), logs prefixed
// and kept in .modelmint/logs, all stopped together on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export class Services {
  private readonly children: { name: string; child: ChildProcess }[] = [];
  constructor(
    private readonly root: string,
    private readonly logDir: string,
  ) {}

  /** Starts `node --import tsx <script> ...args`; output goes to logs/<name>.log. */
  start(name: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: this.root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.once('exit', (code, signal) => {
      if (!this.stopping) console.error(`[${name}] exited (${signal ?? code}); see .modelmint/logs/${name}.log`);
    });
    this.children.push({ name, child });
    return child;
  }

  private stopping = false;

  /** SIGTERM to the children started as `name` (SIGKILL after `graceMs`); resolves when they exited. */
  async stop(name: string, graceMs = 5_000): Promise<void> {
    const alive = this.children.filter(
      (c) => c.name === name && c.child.exitCode === null && c.child.signalCode === null,
    );
    await Promise.all(alive.map(({ child }) => terminate(child, graceMs)));
  }

  /** SIGTERM to every child, then SIGKILL after `graceMs`. */
  async stopAll(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    const alive = this.children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
    await Promise.all(alive.map(({ child }) => terminate(child, graceMs)));
  }
}

function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise<void>((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Resolves once `url` answers 200, or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A TCP port free on 127.0.0.1 right now (for services started on any free port). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? done(a.port) : fail(new Error('no port'))));
    });
  });
}
