#!/usr/bin/env node
// Size of each package of the weapp build: the main package (everything outside the subpackage
// roots) and each subpackage. WeChat's limits: 2 MB per package, 20 MB in all.
// Usage: node scripts/size-report.mjs [dist/weapp]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = process.argv[2] ?? join(here, 'dist', 'weapp');
const LIMIT = 2 * 1024 * 1024;

let app;
try {
  app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8'));
} catch {
  console.error(`no weapp build at ${root} (run npm run build:weapp first)`);
  process.exit(1);
}
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''));

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

const sizes = new Map([['main', 0], ...subRoots.map((r) => [r, 0])]);
const counts = new Map([...sizes.keys()].map((k) => [k, 0]));
for (const f of files(root)) {
  if (f.endsWith('.map')) continue; // source maps are not uploaded
  const rel = relative(root, f).split(sep).join('/');
  const pkg = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? 'main';
  sizes.set(pkg, sizes.get(pkg) + statSync(f).size);
  counts.set(pkg, counts.get(pkg) + 1);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let total = 0;
console.log('package'.padEnd(24), 'files'.padStart(6), 'size'.padStart(12), '  of 2 MB');
for (const [pkg, size] of sizes) {
  total += size;
  const pct = ((size / LIMIT) * 100).toFixed(1);
  console.log(pkg.padEnd(24), String(counts.get(pkg)).padStart(6), kb(size).padStart(12), `  ${pct}%`);
}
console.log('total'.padEnd(24), ''.padStart(6), kb(total).padStart(12));
const over = [...sizes].filter(([, s]) => s > LIMIT);
if (over.length) {
  console.error(`over the 2 MB package limit: ${over.map(([p]) => p).join(', ')}`);
  process.exit(1);
}
