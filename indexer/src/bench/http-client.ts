/**
 * A minimal HTTP/1.1 keep-alive GET client for the search load generator. The load shares the
 * machine with the server it measures, so it should cost as little as it can: node:http's client
 * took ~0.3 ms of CPU a request (a third of what the server spent), this a fraction of that. It
 * speaks just what the benchmark needs: GET, `Content-Length` or chunked bodies, keep-alive.
 */
import { connect, type Socket } from 'node:net';

export interface Reply {
  status: number;
  body: Buffer;
}

interface Pending {
  path: string;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** The position just after a complete chunked body in `buf` from `start`, or -1. */
function chunkedEnd(buf: Buffer, start: number): { end: number; body: Buffer } | null {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const line = buf.indexOf('\r\n', at);
    if (line < 0) return null;
    const size = Number.parseInt(buf.toString('latin1', at, line), 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size');
    const data = line + 2;
    if (buf.length < data + size + 2) return null;
    if (size === 0) return { end: data + 2, body: Buffer.concat(parts) };
    parts.push(buf.subarray(data, data + size));
    at = data + size + 2;
  }
}

class Connection {
  readonly socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #closed = false;
  current: Pending | undefined;

  constructor(
    host: string,
    port: number,
    readonly hostHeader: string,
    readonly onIdle: (c: Connection) => void,
    readonly onClosed: (c: Connection, error: Error) => void,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (d: Buffer) => this.#data(d));
    this.socket.on('error', (e) => this.#fail(e));
    this.socket.on('close', () => this.#fail(new Error('connection closed')));
  }

  send(p: Pending): void {
    this.current = p;
    this.socket.write(`GET ${p.path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nConnection: keep-alive\r\n\r\n`);
  }

  #data(d: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? d : Buffer.concat([this.#buffer, d]);
    const head = this.#buffer.indexOf(HEADER_END);
    if (head < 0 || !this.current) return;
    const headers = this.#buffer.toString('latin1', 0, head);
    const status = Number(headers.slice(9, 12));
    const start = head + 4;
    const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
    let end: number;
    let body: Buffer;
    if (length) {
      end = start + Number(length[1]);
      if (this.#buffer.length < end) return;
      body = this.#buffer.subarray(start, end);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(headers)) {
      const done = chunkedEnd(this.#buffer, start);
      if (!done) return;
      ({ end, body } = done);
    } else {
      this.#fail(new Error('a reply without a length'));
      return;
    }
    const p = this.current;
    this.current = undefined;
    this.#buffer = this.#buffer.subarray(end);
    p.resolve({ status, body });
    this.onIdle(this);
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    const p = this.current;
    this.current = undefined;
    this.socket.destroy();
    p?.reject(error);
    this.onClosed(this, error);
  }
}

export class KeepAliveClient {
  readonly #idle: Connection[] = [];
  readonly #all = new Set<Connection>();
  readonly #queue: Pending[] = [];
  readonly #host: string;
  readonly #port: number;
  #closed = false;

  constructor(
    baseUrl: string,
    readonly maxConnections: number,
  ) {
    const url = new URL(baseUrl);
    this.#host = url.hostname;
    this.#port = Number(url.port || 80);
  }

  get(path: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const p = { path, resolve, reject };
      const c = this.#idle.pop() ?? (this.#all.size < this.maxConnections ? this.#open() : undefined);
      if (c) c.send(p);
      else this.#queue.push(p);
    });
  }

  close(): void {
    this.#closed = true;
    for (const c of this.#all) c.socket.destroy();
  }

  #open(): Connection {
    const c = new Connection(
      this.#host,
      this.#port,
      `${this.#host}:${this.#port}`,
      (idle) => {
        const next = this.#queue.shift();
        if (next) idle.send(next);
        else this.#idle.push(idle);
      },
      (closed) => {
        this.#all.delete(closed);
        const i = this.#idle.indexOf(closed);
        if (i >= 0) this.#idle.splice(i, 1);
        const next = this.#closed ? undefined : this.#queue.shift();
        if (next) this.#open().send(next);
      },
    );
    this.#all.add(c);
    return c;
  }
}
