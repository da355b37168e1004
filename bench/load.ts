/**
 * A small HTTP load generator (keep-alive HTTP/1.1 on raw sockets; BENCH_CLIENT=http for node's
 * http.Agent instead): closed loop (N connections, each
 * sends its next request when the answer arrives) for saturation, and open loop at a fixed rate, where
 * latency runs from the moment a request was due (so a stalled server cannot hide its queue).
 * Every loop is bounded in time and in count; targets are 127.0.0.1 only.
 */
import http from 'node:http';
import net from 'node:net';

export interface Req {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  /** More request headers (Accept-Encoding, If-None-Match…), lower-case names. */
  headers?: Record<string, string>;
  body?: unknown;
  /** The answer counts as good when this says so (default: 2xx). */
  ok?: (status: number, body: string) => boolean;
}

export interface Result {
  label: string;
  n: number;
  good: number;
  bad: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** First few bad answers, for the report. */
  samples: string[];
  /** Every latency, ms, sorted (for merging rounds). */
  lat: number[];
}

/** Several rounds of one measurement as one result: their requests, time and latencies together. */
export function mergeResults(label: string, rounds: Result[]): Result {
  const rec = new Recorder();
  let seconds = 0;
  for (const r of rounds) {
    for (const ms of r.lat) rec.lat.push(ms);
    rec.good += r.good;
    rec.bad += r.bad;
    rec.samples.push(...r.samples.slice(0, 3 - rec.samples.length));
    seconds += r.seconds;
  }
  return rec.result(label, seconds);
}

/**
 * A keep-alive HTTP/1.1 client on raw sockets: each request's bytes are written in one call and the
 * answer parsed only as far as the load generator needs (status, Content-Length or chunked body).
 * node's http client costs the generator 0.4 ms of CPU per request when every answer wakes it alone
 * (credits at ~300 req/s), on the same two cores as the API it loads; this one does a fraction of
 * that work. One request at a time per connection (no pipelining), as http.Agent does.
 */
class Conn {
  private socket: net.Socket;
  private buf: Buffer | null = null;
  private pending: ((res: Answer) => void) | null = null;
  closed = false;

  constructor(port: number) {
    this.socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket.setTimeout(10_000);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('timeout', () => this.socket.destroy(new Error('timeout')));
    this.socket.on('error', (e) => this.finish(answerOf(0, String(e))));
    this.socket.on('close', () => {
      this.closed = true;
      this.finish(answerOf(0, 'connection closed'));
    });
  }

  send(bytes: Buffer, done: (res: Answer) => void) {
    this.pending = done;
    this.socket.write(bytes);
  }

  destroy() {
    this.socket.destroy();
  }

  private finish(res: Answer) {
    const done = this.pending;
    this.pending = null;
    this.buf = null;
    done?.(res);
  }

  private onData(chunk: Buffer) {
    const buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    const end = buf.indexOf(CRLF2);
    if (end < 0) {
      this.buf = buf;
      return;
    }
    // "HTTP/1.1 200 ": the status from its three digits, without decoding the head.
    const status = (buf[9]! - 48) * 100 + (buf[10]! - 48) * 10 + (buf[11]! - 48);
    const start = end + 4;
    // Koa (both servers loaded here) writes `Content-Length` as spelt; the head is decoded and
    // searched case-insensitively only when that spelling is not found.
    const len = contentLength(buf, end);
    if (len !== undefined) {
      if (buf.length < start + len) {
        this.buf = buf;
        return;
      }
      this.finishWith(buf, end, status, buf.subarray(start, start + len));
      return;
    }
    const head = buf.toString('latin1', 0, end).toLowerCase();
    const m = /\r\ncontent-length: *(\d+)/.exec(head);
    if (m) {
      const n = Number(m[1]);
      if (buf.length < start + n) {
        this.buf = buf;
        return;
      }
      this.finishWith(buf, end, status, buf.subarray(start, start + n));
      return;
    }
    if (/\r\ntransfer-encoding: *chunked/.test(head)) {
      const body = dechunk(buf, start);
      if (body === null) {
        this.buf = buf;
        return;
      }
      this.finishWith(buf, end, status, body);
      return;
    }
    // No length: the body runs to the end of the connection (not used by the servers we load).
    this.finishWith(buf, end, status, buf.subarray(start));
  }

  private finishWith(buf: Buffer, headEnd: number, status: number, body: Buffer) {
    const close = buf.indexOf(CONNECTION_CLOSE);
    if (
      (close >= 0 && close < headEnd) ||
      /\r\nconnection: *close/i.test(buf.toString('latin1', 0, headEnd))
    ) {
      // Not reused: the pool opens another connection for the next request.
      this.closed = true;
      this.socket.end();
    }
    this.finish(answerOf(status, body));
  }
}

const CRLF2 = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('\r\nContent-Length: ');
const CONNECTION_CLOSE = Buffer.from('\r\nConnection: close');

/** The value of a `Content-Length` header spelt so, within the head ending at `headEnd`. */
function contentLength(buf: Buffer, headEnd: number): number | undefined {
  const at = buf.indexOf(CONTENT_LENGTH);
  if (at < 0 || at > headEnd) return undefined;
  let n = 0;
  let i = at + CONTENT_LENGTH.length;
  for (let c = buf[i]!; c >= 48 && c <= 57; c = buf[++i]!) n = n * 10 + (c - 48);
  return i > at + CONTENT_LENGTH.length ? n : undefined;
}

/**
 * An answer whose body is decoded only if someone reads it: a read's body (often brotli bytes) is
 * looked at only when the request has its own check or the answer is a failure.
 */
function answerOf(status: number, body: Buffer | string): Answer {
  let text: string | undefined = typeof body === 'string' ? body : undefined;
  return {
    status,
    get body() {
      text ??= (body as Buffer).toString('utf8');
      return text;
    },
  };
}

/** The body of a complete chunked answer starting at `at`, or null while it is incomplete. */
function dechunk(buf: Buffer, at: number): Buffer | null {
  const parts: Buffer[] = [];
  let i = at;
  for (;;) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) return null;
    const size = Number.parseInt(buf.toString('latin1', i, eol), 16);
    if (!(size >= 0)) return Buffer.from(`(bad chunk at ${i})`);
    if (size === 0) return buf.indexOf('\r\n', eol + 2) < 0 ? null : Buffer.concat(parts);
    if (buf.length < eol + 2 + size + 2) return null;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
}

type Answer = { status: number; body: string };

/** Up to `max` keep-alive connections to 127.0.0.1:port; a request waits for a free one. */
class Client {
  private free: Conn[] = [];
  private all = new Set<Conn>();
  private waiting: (() => void)[] = [];
  private agent: http.Agent | undefined;

  constructor(
    private port: number,
    private max: number,
  ) {
    if (process.env.BENCH_CLIENT === 'http')
      this.agent = new http.Agent({ keepAlive: true, maxSockets: max, maxFreeSockets: max });
  }

  private encoded = new WeakMap<Req, Buffer>();

  private encode(r: Req): Buffer {
    const payload = r.body === undefined ? undefined : JSON.stringify(r.body);
    let head = `${r.method} ${r.path} HTTP/1.1\r\nhost: 127.0.0.1:${this.port}\r\naccept: application/json\r\n`;
    if (r.token) head += `authorization: Bearer ${r.token}\r\n`;
    for (const [k, v] of Object.entries(r.headers ?? {})) head += `${k}: ${v}\r\n`;
    if (payload !== undefined)
      head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n`;
    return Buffer.from(`${head}\r\n${payload ?? ''}`);
  }

  send(r: Req): Promise<Answer> {
    if (this.agent) return sendHttp(this.agent, this.port, r);
    // A request object sent again (a read repeated by a loop) is encoded once.
    let bytes = this.encoded.get(r);
    if (!bytes) {
      bytes = this.encode(r);
      this.encoded.set(r, bytes);
    }
    const out = bytes;
    return new Promise((resolve) => {
      const go = () => {
        let conn = this.free.pop();
        while (conn?.closed) {
          this.all.delete(conn);
          conn = this.free.pop();
        }
        if (!conn) {
          if (this.all.size >= this.max) {
            this.waiting.push(go);
            return;
          }
          conn = new Conn(this.port);
          this.all.add(conn);
        }
        const c = conn;
        c.send(out, (res) => {
          if (c.closed) this.all.delete(c);
          else this.free.push(c);
          this.waiting.shift()?.();
          resolve(res);
        });
      };
      go();
    });
  }

  destroy() {
    for (const c of this.all) c.destroy();
    this.agent?.destroy();
  }
}

function sendHttp(agent: http.Agent, port: number, r: Req): Promise<Answer> {
  const payload = r.body === undefined ? undefined : JSON.stringify(r.body);
  const headers: Record<string, string> = { accept: 'application/json', ...r.headers };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: r.method, path: r.path, agent, headers, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', (e) => resolve({ status: 0, body: String(e) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function pct(sorted: number[], p: number) {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

class Recorder {
  lat: number[] = [];
  good = 0;
  bad = 0;
  samples: string[] = [];
  record(r: Req, status: number, body: string, ms: number) {
    this.lat.push(ms);
    const ok = r.ok ? r.ok(status, body) : status >= 200 && status < 300;
    if (ok) this.good++;
    else {
      this.bad++;
      if (this.samples.length < 3)
        this.samples.push(`${r.method} ${r.path} → ${status} ${body.slice(0, 160)}`);
    }
  }
  result(label: string, seconds: number): Result {
    const s = [...this.lat].sort((a, b) => a - b);
    const n = s.length;
    return {
      label,
      n,
      good: this.good,
      bad: this.bad,
      seconds,
      rps: n / seconds,
      p50: pct(s, 50),
      p90: pct(s, 90),
      p99: pct(s, 99),
      max: s[n - 1] ?? Number.NaN,
      samples: this.samples,
      lat: s,
    };
  }
}

/** Saturation: `connections` loops, each waiting for its answer; stops at the time or count limit. */
export async function closedLoop(
  label: string,
  port: number,
  opts: { connections: number; durationMs: number; maxRequests: number; next: () => Req | null },
): Promise<Result> {
  const client = new Client(port, opts.connections);
  const rec = new Recorder();
  const t0 = performance.now();
  const deadline = t0 + opts.durationMs;
  let issued = 0;
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < deadline && issued < opts.maxRequests) {
        const r = opts.next();
        if (!r) return;
        issued++;
        const s = performance.now();
        const res = await client.send(r);
        rec.record(r, res.status, res.body, performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  client.destroy();
  return rec.result(label, seconds);
}

/**
 * Open loop: request i is due at t0 + i / rate. Latency is measured from when it was due. At most
 * `maxInFlight` are outstanding (more wait, and their wait counts in their latency).
 */
export async function fixedRate(
  label: string,
  port: number,
  opts: { rate: number; durationMs: number; maxInFlight: number; next: () => Req | null },
): Promise<Result> {
  const client = new Client(port, opts.maxInFlight);
  const rec = new Recorder();
  const total = Math.floor((opts.rate * opts.durationMs) / 1000);
  const t0 = performance.now();
  let scheduled = 0;
  let inFlight = 0;
  let exhausted = false;
  const pending: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - t0) * opts.rate) / 1000) + 1);
      while (scheduled < due && inFlight < opts.maxInFlight && !exhausted) {
        const dueAt = t0 + (scheduled * 1000) / opts.rate;
        const r = opts.next();
        if (!r) {
          exhausted = true;
          break;
        }
        scheduled++;
        inFlight++;
        pending.push(
          client.send(r).then((res) => {
            inFlight--;
            rec.record(r, res.status, res.body, performance.now() - dueAt);
          }),
        );
      }
      // Hard stop: twice the planned time, whatever happens.
      if (scheduled >= total || exhausted || now - t0 > 2 * opts.durationMs) done();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  const seconds = (performance.now() - t0) / 1000;
  client.destroy();
  return rec.result(label, seconds);
}
