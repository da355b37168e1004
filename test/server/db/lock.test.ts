import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { acquireDirectoryLock, DirectoryLockedError, startTimeOf } from '../../../server/src/db/lock';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tmpDirs: string[] = [];
const children: ChildProcess[] = [];

function tmpDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-lock-'));
  tmpDirs.push(dir);
  return dir;
}
test.after.always(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const lockFile = (dir: string) => path.join(dir, 'timebank.lock');
/** What this process writes in a lock: its pid and when it started (Linux). */
const me = () => `${process.pid} ${startTimeOf(process.pid)}`;

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (!r.pid) throw new Error('no pid');
  return r.pid;
}

test('a second lock on the same directory in one process → DirectoryLockedError; release frees it', (t) => {
  const dir = tmpDir();
  const lock = acquireDirectoryLock(dir);
  t.is(fs.readFileSync(lockFile(dir), 'utf8'), me());
  const err = t.throws(() => acquireDirectoryLock(dir), { instanceOf: DirectoryLockedError });
  t.is(err?.pid, process.pid);
  t.is(err?.dir, dir);
  t.true(err?.message.includes('in use'));
  t.true(fs.existsSync(lockFile(dir)), 'the failed attempt leaves the lock in place');

  lock.release();
  t.false(fs.existsSync(lockFile(dir)));
  lock.release(); // twice is harmless

  const again = acquireDirectoryLock(dir);
  t.true(fs.existsSync(lockFile(dir)));
  again.release();
  t.false(fs.existsSync(lockFile(dir)));
});

test('a lock held by another live process is respected', (t) => {
  const dir = tmpDir();
  fs.writeFileSync(lockFile(dir), String(process.ppid)); // the parent of this worker is alive
  const err = t.throws(() => acquireDirectoryLock(dir), { instanceOf: DirectoryLockedError });
  t.is(err?.pid, process.ppid);
  t.is(fs.readFileSync(lockFile(dir), 'utf8'), String(process.ppid));
});

test('a lock left by a dead process is taken over', (t) => {
  const dir = tmpDir();
  const dead = deadPid();
  fs.writeFileSync(lockFile(dir), String(dead));
  const lock = acquireDirectoryLock(dir);
  t.is(fs.readFileSync(lockFile(dir), 'utf8'), me());
  lock.release();
  t.false(fs.existsSync(lockFile(dir)));
});

test('a garbled lock file is taken over', (t) => {
  const dir = tmpDir();
  fs.writeFileSync(lockFile(dir), 'not a pid\n');
  const lock = acquireDirectoryLock(dir);
  t.is(fs.readFileSync(lockFile(dir), 'utf8'), me());
  lock.release();
  t.false(fs.existsSync(lockFile(dir)));
});

test('the lock names this process by pid and start time', (t) => {
  const started = startTimeOf(process.pid);
  t.regex(started ?? '', /^\d+$/);
  // A process started later has a later start time (clock ticks since boot).
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
  children.push(child);
  t.true(Number(startTimeOf(child.pid!)) >= Number(started));
  child.kill('SIGKILL');
});

test('a lock whose pid now belongs to another process (reused after a restart) is taken over', (t) => {
  const dir = tmpDir();
  // The parent of this worker is alive, but it is not the process that wrote this lock: it started at
  // another time (as when a container restarts and the new process gets the crashed one's pid).
  fs.writeFileSync(lockFile(dir), `${process.ppid} 1`);
  const lock = acquireDirectoryLock(dir);
  t.is(fs.readFileSync(lockFile(dir), 'utf8'), me());
  lock.release();
  // This process's own pid with another start time: a crashed predecessor with the same pid.
  fs.writeFileSync(lockFile(dir), `${process.pid} 1`);
  const again = acquireDirectoryLock(dir);
  t.is(fs.readFileSync(lockFile(dir), 'utf8'), me());
  again.release();
});

test('a lock naming a live process with its own start time is respected', (t) => {
  const dir = tmpDir();
  const owner = `${process.ppid} ${startTimeOf(process.ppid)}`;
  fs.writeFileSync(lockFile(dir), owner);
  const err = t.throws(() => acquireDirectoryLock(dir), { instanceOf: DirectoryLockedError });
  t.is(err?.pid, process.ppid);
  t.is(fs.readFileSync(lockFile(dir), 'utf8'), owner);
});

test('release does not remove a lock that another process has since taken', (t) => {
  const dir = tmpDir();
  const lock = acquireDirectoryLock(dir);
  fs.writeFileSync(lockFile(dir), String(process.ppid));
  lock.release();
  t.is(fs.readFileSync(lockFile(dir), 'utf8'), String(process.ppid));
});

/** Resolves with the text so far when `pattern` shows up in the stream; rejects on exit or timeout. */
function waitFor(child: ChildProcess, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => finish(new Error(`timed out after ${ms} ms; stdout: ${out} stderr: ${err}`)),
      ms,
    );
    const onOut = (b: Buffer) => {
      out += b.toString();
      if (pattern.test(out)) finish();
    };
    const onErr = (b: Buffer) => {
      err += b.toString();
    };
    const onExit = (code: number | null) =>
      finish(new Error(`exited (${code}) early; stdout: ${out} stderr: ${err}`));
    function finish(e?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (e) reject(e);
      else resolve(out);
    }
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}

function exited(
  child: ChildProcess,
  ms: number,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let stdout = '';
    child.stderr?.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.stdout?.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    const timer = setTimeout(() => reject(new Error(`no exit after ${ms} ms; stderr: ${stderr}`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

function startServer(dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' };
  env.NODE_ENV = 'development';
  delete env.DATABASE_URL;
  delete env.WECHAT_API_BASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

test('a second server process on the same DATA_DIR exits 1 saying the directory is in use', async (t) => {
  t.timeout(120_000);
  const dataDir = tmpDir();
  const first = startServer(dataDir);
  const banner = await waitFor(first, /is ready/, 90_000);
  t.regex(banner, /PGlite in /);
  const owner = `${first.pid} ${startTimeOf(first.pid!)}`;
  t.is(fs.readFileSync(lockFile(dataDir), 'utf8'), owner);

  const second = startServer(dataDir);
  const result = await exited(second, 60_000);
  t.is(result.code, 1, result.stderr);
  t.regex(result.stderr, /is in use by another TimeBank process/);
  t.true(result.stderr.includes(String(first.pid)), result.stderr);
  t.false(result.stdout.includes('is ready'));
  t.is(fs.readFileSync(lockFile(dataDir), 'utf8'), owner, 'the loser leaves the lock alone');

  // The first one still serves, then shuts down cleanly and frees the directory.
  const origin = /API\s+(http:\/\/[\w.:]+)\/api\/v1/.exec(banner)?.[1];
  t.truthy(origin, banner);
  const ready = await fetch(`${origin}/ready`);
  t.is(ready.status, 200);
  t.deepEqual(await ready.json(), { status: 'ready', database: 'pglite' });

  const done = exited(first, 30_000);
  first.kill('SIGTERM');
  const firstExit = await done;
  t.is(firstExit.code, 0, firstExit.stderr);
  t.false(fs.existsSync(lockFile(dataDir)));
});
