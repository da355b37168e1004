#!/usr/bin/env node
// Size of each package of the weapp build: the main package (everything outside the subpackage
// roots) and each subpackage, against WeChat's limit (2 MB a package) and our budgets (450 KB main,
// 300 KB a subpackage); then the H5 JavaScript and CSS the login page and the activities list need,
// gzip- and brotli-compressed, against the 170 KB budget. Figures only: it measures the builds there
// are (npm run build:weapp / build:h5) and exits 1 when a budget is exceeded.
// Usage: node scripts/size-report.mjs [dist/weapp] [dist/h5]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib, { brotliCompressSync, gzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = process.argv[2] ?? join(here, 'dist', 'weapp');
const h5Root = process.argv[3] ?? join(here, 'dist', 'h5');
const LIMIT = 2 * 1024 * 1024;
const MAIN_BUDGET = 450 * 1024;
const SUB_BUDGET = 300 * 1024;
const H5_BUDGET = 170 * 1024;
const overBudget = [];

let app = { subPackages: [] };
const weappBuilt = existsSync(join(root, 'app.json'));
if (weappBuilt) app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8'));
else {
  console.error(`no weapp build at ${root} (run npm run build:weapp first): weapp not measured`);
  overBudget.push('weapp not measured');
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
for (const f of weappBuilt ? files(root) : []) {
  if (f.endsWith('.map')) continue; // source maps are not uploaded
  const rel = relative(root, f).split(sep).join('/');
  const pkg = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? 'main';
  sizes.set(pkg, sizes.get(pkg) + statSync(f).size);
  counts.set(pkg, counts.get(pkg) + 1);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let total = 0;
console.log('weapp package'.padEnd(24), 'files'.padStart(6), 'size'.padStart(12), '  of 2 MB', '  budget');
for (const [pkg, size] of sizes) {
  total += size;
  const pct = ((size / LIMIT) * 100).toFixed(1);
  const budget = pkg === 'main' ? MAIN_BUDGET : SUB_BUDGET;
  const ok = size <= budget;
  if (!ok) overBudget.push(`weapp ${pkg} ${kb(size)} > ${kb(budget)}`);
  console.log(
    pkg.padEnd(24),
    String(counts.get(pkg)).padStart(6),
    kb(size).padStart(12),
    `  ${pct.padStart(5)}%`,
    `  ${ok ? 'ok' : 'OVER'} ≤ ${kb(budget)}`,
  );
}
console.log('total'.padEnd(24), ''.padStart(6), kb(total).padStart(12));
const over = [...sizes].filter(([, s]) => s > LIMIT);
if (over.length) {
  console.error(`over the 2 MB package limit: ${over.map(([p]) => p).join(', ')}`);
  process.exit(1);
}

// ---- H5: what the login page and the activities list load (the entry plus the two pages' chunks)
const chunkFiles = join(h5Root, 'chunk-files.json');
if (!existsSync(chunkFiles)) {
  console.error(`no ${chunkFiles} (run npm run build:h5 first)`);
  process.exit(1);
}
const groups = JSON.parse(readFileSync(chunkFiles, 'utf8'));
const pageGroup = (page) => Object.keys(groups).find((g) => g === page || g.endsWith(`/${page}`));
const pages = [pageGroup('pages/login/index'), pageGroup('pages/activities/index')];
// Taro's page imports are unnamed chunks today: until they are named, only the entry is counted.
const wanted = ['app', ...pages.filter(Boolean)];
if (pages.some((g) => !g)) {
  console.error('h5: the pages are not named chunk groups yet: the entry alone is measured');
  overBudget.push('h5 page chunks not attributed');
}
const needed = [...new Set(wanted.flatMap((g) => groups[g]))].sort();
let raw = 0;
let gz = 0;
let br = 0;
for (const f of needed) {
  const bytes = readFileSync(join(h5Root, f));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
  br += brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
}
console.log('');
console.log(`h5 ${wanted.join(' + ')}: ${needed.length} files (${needed.join(', ')})`);
console.log(`  raw ${kb(raw)} · gzip ${kb(gz)} · brotli ${kb(br)}   budget ≤ ${kb(H5_BUDGET)} compressed`);
if (gz > H5_BUDGET) overBudget.push(`h5 login + activities ${kb(gz)} gzip > ${kb(H5_BUDGET)}`);
if (overBudget.length) {
  console.error(`over budget: ${overBudget.join('; ')}`);
  process.exit(1);
}
