#!/usr/bin/env node
// Bundles the API into one ES module so that `npm start` runs compiled JavaScript instead of
// TypeScript through tsx: about half the idle memory and a second less start-up.
//
//   node scripts/build-server.mjs                      server/src/main.ts → server/dist/main.mjs
//   node scripts/build-server.mjs <entry.ts> <out.mjs>
//
// The workspace packages (@timebank/*) are bundled in; everything from node_modules stays an import,
// so the bundle must be written inside the repository, where node resolves those imports.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/** Newest modification time under `dir` (0 when missing). */
function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** The bundle exists and is newer than the sources it is made from (server, shared, config). */
function upToDate(bundle) {
  if (!fs.existsSync(bundle)) return false;
  const sources = ['server/src', 'shared/src', 'config/src', 'scripts/build-server.mjs'].map((d) =>
    path.join(root, d),
  );
  return (
    fs.statSync(bundle).mtimeMs >=
    Math.max(...sources.map((d) => (fs.statSync(d).isDirectory() ? newest(d) : fs.statSync(d).mtimeMs)))
  );
}

/** Bare imports are left to node at run time, except the workspace's own packages. */
const nodeModulesExternal = {
  name: 'node-modules-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'entry-point' || args.path.startsWith('@timebank/')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/**
 * Writes `outfile` (ESM, node 20) and `outfile.map` beside it; relative paths are taken from the
 * current directory. Resolves with the absolute path of the bundle.
 */
export async function buildServer(
  entry = path.join(root, 'server/src/main.ts'),
  outfile = path.join(root, 'server/dist/main.mjs'),
) {
  const out = path.resolve(outfile);
  // Loaded only when building: `npm start` with an up-to-date bundle skips it.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.resolve(entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Line numbers for `node --enable-source-maps`; the sources themselves are in the repository.
    sourcemap: 'linked',
    sourcesContent: false,
    // No keepNames: it wraps every function made at run time (each request's closures) in a helper
    // call, ~3 % of a cached read's CPU. esbuild renames a few functions when modules share a name
    // (`route2`); `--enable-source-maps` still points stack traces at the right source lines.
    keepNames: false,
    logLevel: 'warning',
    plugins: [nodeModulesExternal],
  });
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outfile] = process.argv.slice(2);
  if ((entry === undefined) !== (outfile === undefined)) {
    console.error('usage: node scripts/build-server.mjs [<entry.ts> <out.mjs>]');
    process.exit(2);
  }
  // `npm start` again with nothing changed: the bundle is newer than every source, keep it.
  if (entry === undefined && upToDate(path.join(root, 'server/dist/main.mjs'))) process.exit(0);
  const started = performance.now();
  const out = await buildServer(entry, outfile);
  console.log(`${path.relative(process.cwd(), out)} built in ${Math.round(performance.now() - started)} ms`);
}
