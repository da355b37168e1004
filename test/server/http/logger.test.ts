import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A child that logs `n` lines through the server's logger (asynchronous writes), then ends as told:
 * `exit` calls process.exit at once; `sigterm` waits for SIGTERM and exits from its handler, as
 * main.ts's shutdown does.
 */
function run(n: number, how: 'exit' | 'sigterm', dest: string) {
  const script = `
    import { createLogger } from ${JSON.stringify(path.join(root, 'server/src/logger.ts'))};
    const { logger, flush } = createLogger({ level: 'info', dest: ${JSON.stringify(dest)} });
    process.on('exit', flush);
    const go = () => {
      for (let i = 0; i < ${n}; i++) logger.info({ requestId: 'r' + i, method: 'GET', path: '/api/v1/x', status: 200, ms: 0.4 }, 'request');
    };
    if (${JSON.stringify(how)} === 'exit') {
      setTimeout(() => { go(); process.exit(0); }, 100);
    } else {
      process.on('SIGTERM', () => { logger.info({ signal: 'SIGTERM' }, 'shutting down'); process.exit(0); });
      setTimeout(() => { go(); process.stdout.write('logged\\n'); }, 100);
      setInterval(() => {}, 1000);
    }
  `;
  return new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (b: Buffer) => {
      if (b.toString().includes('logged')) child.kill('SIGTERM');
    });
    child.on('exit', (code) => resolve(code));
  });
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

test('every line logged before process.exit is written (asynchronous destination, flushed on exit)', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-log-'));
  const file = path.join(dir, 'out.log');
  t.is(await run(20_000, 'exit', file), 0);
  const got = lines(file);
  t.is(got.length, 20_000);
  const last = JSON.parse(got.at(-1)!);
  t.is(last.requestId, 'r19999');
  t.is(last.hostname, undefined, 'lean lines: no hostname');
  t.is(typeof last.pid, 'number');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a SIGTERM shutdown loses no line, its own last line included', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-log-'));
  const file = path.join(dir, 'out.log');
  t.is(await run(5000, 'sigterm', file), 0);
  const got = lines(file);
  t.is(got.length, 5001);
  // The signal may land while the child is still logging: what counts is that no line is lost.
  t.is(got.filter((l) => JSON.parse(l).msg === 'shutting down').length, 1);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('other lines are still redacted; the request line is not (it carries no secret)', async (t) => {
  const { createLogger } = await import('../../../server/src/logger');
  const { requestLog } = await import('../../../server/src/http/request-log');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-log-'));
  const file = path.join(dir, 'out.log');
  const { logger, flush } = createLogger({ level: 'info', dest: file });
  // The file opens asynchronously (a busy machine may take a while).
  for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 25));
  logger.info({ body: { password: 'hunter2', code: '123456' }, token: 'x' }, 'attempt');
  const ctx = {
    get: () => '',
    set: () => {},
    state: { user: { id: 7, role: 'volunteer' } },
    method: 'GET',
    path: '/api/v1/me',
    status: 200,
    body: undefined,
  };
  await requestLog(logger)(ctx as never, async () => {});
  flush();
  // Written at once when the file is open; else as soon as it is (a busy machine).
  for (let i = 0; i < 200 && lines(file).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
  const [attempt, request] = lines(file).map((l) => JSON.parse(l));
  t.is(attempt.msg, 'attempt');
  t.false(JSON.stringify(attempt).includes('hunter2'));
  t.false(JSON.stringify(attempt).includes('123456'));
  t.like(request, {
    msg: 'request',
    method: 'GET',
    path: '/api/v1/me',
    status: 200,
    userId: 7,
    role: 'volunteer',
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the request line is the JSON line pino would write, with awkward paths escaped', async (t) => {
  const { createTestContext } = await import('../../helpers/context');
  const ctx = await createTestContext();
  t.teardown(() => ctx.close());
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  await ctx.request().get('/api/v1/me').set(v.auth).set('X-Request-Id', 'req-1');
  await ctx.request().get('/api/v1/nowhere/"quoted"\\slash/中文').set('X-Request-Id', 'req-2');
  const line = (id: string) =>
    ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === id);
  const me = line('req-1');
  t.like(me, {
    level: 30,
    msg: 'request',
    method: 'GET',
    path: '/api/v1/me',
    status: 200,
    userId: v.id,
    role: 'volunteer',
  });
  t.is(typeof me?.time, 'number');
  t.is(typeof me?.ms, 'number');
  const odd = line('req-2');
  t.like(odd, { status: 404, errorCode: 'request.not_found', msg: 'request' });
  t.is(odd?.path, '/api/v1/nowhere/%22quoted%22/slash/%E4%B8%AD%E6%96%87');
  t.is(odd?.userId, undefined);
});
