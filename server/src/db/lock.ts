import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two processes on one directory lose writes. A lock file holding the
 * owner's pid (and, on Linux, when that process started) makes a second process refuse to start; a lock
 * left by a dead process is taken over — also when its pid now belongs to another process, as after
 * a container restart, where the new API often gets the same small pid as the one that crashed.
 */
export class DirectoryLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dir} is in use by another TimeBank process (pid ${pid}). ` +
        'Stop that process, or set DATA_DIR to another directory.',
    );
  }
}

export interface DirectoryLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When the process started (field 22 of /proc/<pid>/stat, clock ticks since boot), or undefined where
 * there is no /proc. With the pid, it names one process: a pid reused later has another start time.
 */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** "<pid> <start time>", or "<pid>" alone where the start time cannot be read. */
function ownerOf(pid: number): string {
  const started = startTimeOf(pid);
  return started ? `${pid} ${started}` : String(pid);
}

/** The process named in a lock file is still running (the same process, not a pid reused since). */
function holds(pid: number, started: string | undefined): boolean {
  if (!alive(pid)) return false;
  if (started === undefined) return true; // a lock written without a start time: the pid decides
  const now = startTimeOf(pid);
  return now === undefined || now === started;
}

export function acquireDirectoryLock(dir: string): DirectoryLock {
  const file = path.join(dir, 'timebank.lock');
  const owner = ownerOf(process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, owner);
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === owner) fs.unlinkSync(file);
        } catch {}
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const [pidText, started] = fs.readFileSync(file, 'utf8').trim().split(/\s+/);
      const pid = Number.parseInt(pidText ?? '', 10);
      if (Number.isInteger(pid) && pid > 0 && holds(pid, started)) throw new DirectoryLockedError(dir, pid);
      // Stale: left by a process that died (kill -9), or naming a pid that another process has since.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}`);
}
