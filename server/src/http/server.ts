import http from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '@timebank/shared';
import { errorBody } from './error-handler';

export interface HttpServerOptions {
  /** How long an idle keep-alive connection stays open (ms). */
  keepAliveTimeoutMs?: number;
  /** The request's headers must have arrived within this (ms): else 408. */
  headersTimeoutMs?: number;
  /** The whole request must have arrived within this (ms): else 408. */
  requestTimeoutMs?: number;
  /** The request line and headers together, bytes: else 431. */
  maxHeaderSize?: number;
  /** How often node checks the two timeouts above (ms). */
  connectionsCheckingIntervalMs?: number;
}

/**
 * Node's own refusals (a request that does not parse, headers too large, a request that takes too
 * long to arrive) leave before Koa sees anything, with an empty body. They get the API's JSON error
 * body instead. The language is Chinese: the headers, Accept-Language among them, did not parse.
 */
function refusal(err: NodeJS.ErrnoException): { status: number; code: ErrorCode } {
  if (err.code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'request.headers_too_large' };
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'request.timeout' };
  return { status: 400, code: 'request.invalid' };
}

export function onClientError(err: NodeJS.ErrnoException, socket: Socket) {
  // A response already under way (its headers sent), or nobody left to read one: just close.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, code } = refusal(err);
  const body = JSON.stringify(errorBody(code, 'zh'));
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      body,
  );
}

/**
 * The API's HTTP server (main.ts listens with it). Behind a reverse proxy that keeps connections to
 * the API open (nginx `keepalive`), the API must not be the first to close an idle one, or a request
 * sent as it closes fails (502): node's 5 s default is shorter than the proxies' usual 60 s. Headers
 * must arrive within a little more.
 */
export function createHttpServer(opts: HttpServerOptions = {}) {
  const server = http.createServer({
    maxHeaderSize: opts.maxHeaderSize ?? 16 * 1024,
    requestTimeout: opts.requestTimeoutMs ?? 300_000,
    headersTimeout: opts.headersTimeoutMs ?? 66_000,
    connectionsCheckingInterval: opts.connectionsCheckingIntervalMs ?? 30_000,
  });
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 65_000;
  server.on('clientError', onClientError);
  return server;
}
