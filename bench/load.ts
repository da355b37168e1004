/**
 * A small HTTP load generator on node's http.Agent with keep-alive: closed loop (N connections, each
 * sends its next request when the answer arrives) for saturation, and open loop at a fixed rate, where
 * latency runs from the moment a request was due (so a stalled server cannot hide its queue).
 * Every loop is bounded in time and in count; targets are 127.0.0.1 only.
 */
import http from 'node:http';

export interface Req {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
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
    rec.lat.push(...r.lat);
    rec.good += r.good;
    rec.bad += r.bad;
    rec.samples.push(...r.samples.slice(0, 3 - rec.samples.length));
    seconds += r.seconds;
  }
  return rec.result(label, seconds);
}

export function makeAgent(connections: number) {
  return new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
}

function send(agent: http.Agent, port: number, r: Req): Promise<{ status: number; body: string }> {
  const payload = r.body === undefined ? undefined : JSON.stringify(r.body);
  const headers: Record<string, string> = { accept: 'application/json' };
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
  const agent = makeAgent(opts.connections);
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
        const res = await send(agent, port, r);
        rec.record(r, res.status, res.body, performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
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
  const agent = makeAgent(opts.maxInFlight);
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
          send(agent, port, r).then((res) => {
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
  agent.destroy();
  return rec.result(label, seconds);
}
