/**
 * SIGTERM on a real server process: it stops accepting, answers the request under way, and exits 0;
 * a request that does not finish within SHUTDOWN_GRACE_MS is cut. With TEST_DATABASE_URL also: of two
 * processes one runs the background jobs, and the other takes them over once the holder is stopped.
 */
import net from 'node:net';
import test from 'ava';
import { createPgDatabase, makeKeys, startServer, tmpDir } from '../crash/harness';

const pgUrl = process.env.TEST_DATABASE_URL;
const cleanups: Array<() => unknown> = [];
const teardown = { teardown: (fn: () => unknown) => void cleanups.unshift(fn) };
test.after.always(async () => {
  for (const fn of cleanups) await fn();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A POST whose body is sent in two parts: the request is in flight between them. */
function slowRequest(port: number, body: string) {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (b) => {
    answer += b.toString();
  });
  const ended = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const half = Math.floor(body.length / 2);
  return {
    async start() {
      await connected;
      socket.write(
        'POST /api/v1/auth/password HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
      );
    },
    finish() {
      socket.write(body.slice(half));
    },
    ended,
  };
}

function refused(port: number) {
  return new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

const exitOf = (child: import('node:child_process').ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

test('SIGTERM: no new connections, the request under way is answered, exit 0', async (t) => {
  const server = await startServer(teardown, { keys: makeKeys(), dataDir: tmpDir() });
  const port = Number(new URL(server.origin).port);
  const req = slowRequest(port, JSON.stringify({ username: 'nobody-here', password: 'not the password' }));
  await req.start();
  await sleep(200);
  const exit = exitOf(server.child);
  server.child.kill('SIGTERM');
  await sleep(300);
  t.true(await refused(port), 'a new connection is refused while draining');
  t.is(server.child.exitCode, null, 'still running: a request is under way');
  req.finish();
  const answer = await req.ended;
  t.regex(answer, /^HTTP\/1\.1 401 /);
  t.regex(answer, /auth\.invalid_credentials/);
  t.regex(answer, /Connection: close/i);
  t.is(await exit, 0);
});

test('SIGTERM: a request still under way at SHUTDOWN_GRACE_MS is cut, and the exit is 0', async (t) => {
  const server = await startServer(teardown, {
    keys: makeKeys(),
    dataDir: tmpDir(),
    env: { SHUTDOWN_GRACE_MS: '800' },
  });
  const port = Number(new URL(server.origin).port);
  const req = slowRequest(port, JSON.stringify({ username: 'nobody-here', password: 'never finished' }));
  await req.start();
  await sleep(200);
  const t0 = Date.now();
  const exit = exitOf(server.child);
  server.child.kill('SIGTERM');
  t.is(await exit, 0);
  const took = Date.now() - t0;
  t.true(took >= 700, `waited for the grace period (${took} ms)`);
  t.is(await req.ended, '');
});

const pgTest = pgUrl ? test.serial : test.skip;

pgTest('two processes: one runs the jobs; SIGTERM to it hands them to the other', async (t) => {
  const keys = makeKeys();
  const url = await createPgDatabase(teardown, pgUrl!);
  const env = { LOG_LEVEL: 'info', JOBS_LOCK_RETRY_MS: '200' };
  const a = await startServer(teardown, { keys, dataDir: tmpDir(), databaseUrl: url, env });
  const b = await startServer(teardown, { keys, dataDir: tmpDir(), databaseUrl: url, env });
  t.regex(a.output(), /Jobs\s+reminders and WeChat dispatcher run in this process/);
  t.regex(b.output(), /Jobs\s+standing by/);
  await sleep(600);
  t.notRegex(b.output(), /elected: this process runs the background jobs/);

  t.is(await a.stop(), 0);
  const t0 = Date.now();
  while (!/elected: this process runs the background jobs/.test(b.output())) {
    if (Date.now() - t0 > 5000) t.fail(`B did not take over: ${b.output().slice(-2000)}`);
    await sleep(50);
  }
  t.pass();
});
