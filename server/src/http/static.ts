import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
};

/**
 * A file whose name carries a hash of its content, as Taro's H5 build names its bundles
 * (`js/app.25acbb04.js`, `css/app.6409f558.css`, `js/60.ffb55303.js.LICENSE.txt`): a new build gives
 * new names, so browsers may keep these for a year without asking again.
 */
export const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+(?:\.LICENSE\.txt)?$/i;

/** How a file may be cached: hashed assets for good, index.html always revalidated, others an hour. */
export function cacheControlFor(file: string): string {
  if (HASHED.test(path.basename(file))) return 'public, max-age=31536000, immutable';
  if (file.endsWith('.html')) return 'no-cache';
  return 'public, max-age=3600';
}

/**
 * Serves the built H5 app (miniapp/dist/h5) beside the API, so a new user opens one URL. Only GET and
 * HEAD, only files inside the directory; anything the API owns passes through.
 */
export function serveStatic(root: string, skip: (p: string) => boolean): Middleware {
  const base = path.resolve(root);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || skip(ctx.path)) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path);
    } catch {
      return next();
    }
    const file = path.resolve(base, `.${rel.endsWith('/') ? `${rel}index.html` : rel}`);
    if (file !== base && !file.startsWith(base + path.sep)) return next();
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return next();
    }
    if (!stat.isFile()) return next();
    ctx.status = 200;
    ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', cacheControlFor(file));
    // A weak validator from size and modification time: a rebuilt file has a new one.
    ctx.set('ETag', `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`);
    ctx.lastModified = stat.mtime;
    // Answered here, before a file stream is opened that a 304 would leave open.
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.length = stat.size;
    // HEAD: Koa sends the headers (Content-Length above) and no body; no stream to open.
    if (ctx.method !== 'HEAD') ctx.body = fs.createReadStream(file);
  };
}
