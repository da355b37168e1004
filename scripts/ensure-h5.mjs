#!/usr/bin/env node
// Before `npm start`: build the H5 app when it is missing or older than its sources, so that
// `npm install && npm start` on a fresh clone serves the app and the API at one URL.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const index = path.join(root, 'miniapp/dist/h5/index.html');
const sources = ['miniapp/src', 'miniapp/config', 'shared/src'].map((d) => path.join(root, d));

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

if (process.env.WEB_DIR || process.env.SKIP_H5_BUILD === 'true') process.exit(0);
const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
if (built && built >= Math.max(...sources.map(newest))) process.exit(0);

console.log(
  built
    ? 'The H5 app is older than its sources: rebuilding…'
    : 'Building the H5 app (first start, about 30 s)…',
);
const r = spawnSync('npm', ['run', 'build:h5', '-w', 'miniapp'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
if (r.status !== 0) {
  console.warn(
    `${(r.stdout + r.stderr).split('\n').slice(-40).join('\n')}\nThe H5 build failed; starting the API alone.`,
  );
}
