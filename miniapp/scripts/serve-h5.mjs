#!/usr/bin/env node
// Serve the h5 build and forward /api (and the development WeChat fake) to the API, so the app
// calls the API on its own origin exactly as it will when the API process serves dist/h5 itself.
// Usage: API_URL=http://127.0.0.1:3000 PORT=10087 node scripts/serve-h5.mjs [dist/h5]
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = resolve(process.argv[2] ?? join(here, 'dist', 'h5'));
const api = new URL(process.env.API_URL ?? 'http://127.0.0.1:3000');
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 10087);

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

function forward(req, res) {
  const upstream = http.request(
    {
      hostname: api.hostname,
      port: api.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: api.host },
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'server.not_ready', message: 'API unreachable' } }));
  });
  req.pipe(upstream);
}

function serveFile(req, res) {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    statSync(file);
  } catch {
    file = join(root, 'index.html'); // hash routing: every unknown path is the app
  }
  const type = types[extname(file)] ?? 'application/octet-stream';
  // index.html must never be cached (it names the hashed bundles); the bundles may be.
  const cache = file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { 'content-type': type, 'cache-control': cache });
  createReadStream(file).pipe(res);
}

http
  .createServer((req, res) => {
    if (req.url?.startsWith('/api/') || req.url?.startsWith('/__dev/')) forward(req, res);
    else if (req.method === 'GET' || req.method === 'HEAD') serveFile(req, res);
    else res.writeHead(405).end();
  })
  .listen(port, host, () => {
    console.log(`h5 app at http://${host}:${port}/ (files: ${root}; /api → ${api.origin})`);
  });
