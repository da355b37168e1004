import zlib from 'node:zlib';
import type { Context, Middleware } from 'koa';
import koaCompress from 'koa-compress';

/** Text that shrinks: JSON, CSV, HTML, JS, CSS, SVG, plain text. XLSX, PNG, JPEG are compressed already. */
const COMPRESSIBLE =
  /^(?:application\/(?:json|javascript|xml)|text\/(?:csv|html|css|javascript|plain|xml)|image\/svg\+xml)\b/i;
export const compressible = (type: string | undefined) => !!type && COMPRESSIBLE.test(type);

const THRESHOLD = 1024;
/** Brotli's quality 11 is ~20× dearer than 4 for a few per cent fewer bytes on these answers. */
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 6;
/** Bodies this large or smaller are compressed on the spot, once per body object (below). */
const MEMO_MAX = 64 * 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/;

const brotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } };

/**
 * Compressed copies of Buffer bodies, by body object. The cached list reads answer the very same
 * Buffer to every request for a second or two (server/src/http/encoded.ts): each is compressed once
 * per encoding instead of once per request. Gone with the body.
 */
const memo = new WeakMap<Buffer, { br?: Buffer; gzip?: Buffer }>();

function compressedCopy(body: Buffer, encoding: 'br' | 'gzip'): Buffer {
  let copies = memo.get(body);
  if (!copies) {
    copies = {};
    memo.set(body, copies);
  }
  let out = copies[encoding];
  if (!out) {
    out =
      encoding === 'br'
        ? zlib.brotliCompressSync(body, brotliOptions)
        : zlib.gzipSync(body, { level: GZIP_LEVEL });
    copies[encoding] = out;
  }
  return out;
}

/** The encoding for an Accept-Encoding header, by header value: clients send a handful of values. */
const chosen = new Map<string, 'br' | 'gzip' | undefined>();

function encodingFor(ctx: Context): 'br' | 'gzip' | undefined {
  const header = ctx.get('Accept-Encoding');
  if (!header) return undefined;
  if (chosen.has(header)) return chosen.get(header);
  // Brotli when the client takes it at all (as koa-compress prefers it), else gzip.
  const encoding = ctx.acceptsEncodings('br') ? 'br' : ctx.acceptsEncodings('gzip') ? 'gzip' : undefined;
  if (chosen.size >= 256) chosen.clear();
  chosen.set(header, encoding);
  return encoding;
}

/**
 * Small Buffer bodies (all JSON GET answers by then: see conditional.ts), compressed from the memo.
 * Returns false when the answer is not one of them, for koa-compress to decide.
 */
function fromMemo(ctx: Context): boolean {
  const body = ctx.body;
  if (!Buffer.isBuffer(body) || body.length > MEMO_MAX || ctx.method !== 'GET' || ctx.status !== 200)
    return false;
  ctx.vary('Accept-Encoding');
  if (
    body.length < THRESHOLD ||
    ctx.response.get('Content-Encoding') ||
    !compressible(ctx.response.type) ||
    NO_TRANSFORM.test(ctx.response.get('Cache-Control') ?? '')
  )
    return true;
  const encoding = encodingFor(ctx);
  if (!encoding) return true;
  ctx.body = compressedCopy(body, encoding);
  ctx.set('Content-Encoding', encoding);
  return true;
}

const nothing = async () => {};

/**
 * Brotli or gzip for compressible answers of 1 KB or more (koa-compress: streams, strings, objects,
 * large bodies; the memo above: small Buffer bodies). Every answer says `Vary: Accept-Encoding`. A
 * strong ETag of the uncompressed body becomes weak on a compressed answer: the bytes differ, the
 * content does not (weak comparison, which If-None-Match uses, still matches it).
 */
export function compression(): Middleware {
  const streamed = koaCompress({
    filter: compressible,
    threshold: THRESHOLD,
    br: brotliOptions,
    gzip: { level: GZIP_LEVEL },
    deflate: false,
    zstd: false,
    encodingPreference: ['br', 'gzip', 'identity'],
  } as Parameters<typeof koaCompress>[0]);
  return async (ctx, next) => {
    let thrown = true;
    try {
      await next();
      thrown = false;
    } finally {
      // koa-compress does its work after `next`: run with nothing inside, it decides on this answer
      // as if it had wrapped the rest (a thrown error passes through untouched, as it would there).
      if (thrown) ctx.vary('Accept-Encoding');
    }
    if (!fromMemo(ctx)) await streamed(ctx, nothing);
    const etag = ctx.response.get('ETag') ?? '';
    if (etag.startsWith('"') && ctx.response.get('Content-Encoding')) ctx.set('ETag', `W/${etag}`);
  };
}
