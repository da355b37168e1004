/** A real listening server for an app, and raw requests to it: bytes as they are on the wire. */
import http from 'node:http';
import type net from 'node:net';
import zlib from 'node:zlib';
import type { TestContext } from '../../helpers/context';

export interface WireAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (compressed if Content-Encoding says so). */
  raw: Buffer;
  /** The body decoded. */
  text: string;
}

export async function listen(ctx: TestContext) {
  const server = http.createServer(ctx.app.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    request(method: string, path: string, headers: Record<string, string> = {}): Promise<WireAnswer> {
      return new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => {
            const raw = Buffer.concat(parts);
            const enc = res.headers['content-encoding'];
            const plain =
              enc === 'br' ? zlib.brotliDecompressSync(raw) : enc === 'gzip' ? zlib.gunzipSync(raw) : raw;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: plain.toString('utf8') });
          });
        });
        req.on('error', reject);
        req.end();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
