/**
 * `npm start` runs the esbuild bundle of server/src/main.ts with plain node. Built to a directory of
 * its own under server/dist (ignored; inside the repository, where node resolves the bundle's imports
 * from node_modules), started on a fresh PGlite data directory: it finds the migrations, seeds the
 * demo, serves the docs assets and signs a volunteer in through the development WeChat fake.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { buildServer } from '../../scripts/build-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function gone(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

test('the bundled server starts on a fresh data directory and answers', async (t) => {
  fs.mkdirSync(path.join(ROOT, 'server/dist'), { recursive: true });
  const outDir = fs.mkdtempSync(path.join(ROOT, 'server/dist/test-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bundle-'));
  t.teardown(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const bundle = await buildServer(path.join(ROOT, 'server/src/main.ts'), path.join(outDir, 'main.mjs'));
  t.true(fs.existsSync(`${bundle}.map`));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    WEB_DIR: path.join(dataDir, 'no-web'),
    LOG_LEVEL: 'silent',
    WECHAT_FAKE: 'true',
  };
  for (const k of ['DATABASE_URL', 'WECHAT_API_BASE_URL', 'JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'SEED_DEMO'])
    delete env[k];
  const child = spawn(process.execPath, ['--enable-source-maps', bundle], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await gone(child);
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });

  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`not ready after 90 s:\n${out}`)), 90_000);
    const poll = setInterval(() => {
      const m = /API\s+(http:\/\/[\w.:]+)\/api\/v1/.exec(out);
      if (/is ready in \d+ ms/.test(out) && m) done(undefined, m[1]);
    }, 50);
    const onExit = (code: number | null) => done(new Error(`exited (${code}) before ready:\n${out}`));
    child.once('exit', onExit);
    function done(err?: Error, value?: string) {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    }
  });

  const health = await fetch(`${origin}/health`);
  t.is(health.status, 200);
  t.deepEqual(await health.json(), { status: 'ok' });
  const ready = await fetch(`${origin}/ready`);
  t.deepEqual(await ready.json(), { status: 'ready', database: 'pglite' });
  // swagger-ui-dist is found from the bundle's location.
  const css = await fetch(`${origin}/docs/assets/swagger-ui.css`);
  t.is(css.status, 200);
  await css.arrayBuffer();
  // The demo was seeded, and the development WeChat fake signs a volunteer in.
  const signIn = await fetch(`${origin}/api/v1/auth/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'dev:wang' }),
  });
  t.is(signIn.status, 200, out);
  t.is(typeof ((await signIn.json()) as { token?: unknown }).token, 'string');

  child.kill('SIGTERM');
  await gone(child);
  t.is(child.exitCode, 0, out);
});
