/**
 * The API under test for bench/scale.ts, in its own process so its RSS can be read from /proc: the
 * real app (createApp) on the PostgreSQL database in SCALE_DATABASE_URL, listening on 127.0.0.1.
 * The parent asks it over IPC for session tokens (signed by the app's own token service, as the
 * tests do) and tells it when to exit.
 */
import http from 'node:http';
import { loadConfig } from '@timebank/config';
import pino from 'pino';
import { createApp } from '../server/src/app';
import { systemClock } from '../server/src/clock';
import { createDatabase } from '../server/src/db/client';
import { generateKeyPair } from '../server/src/modules/auth/tokens';
import { tuneRuntime } from '../server/src/runtime';

export type ScaleToChild =
  | { type: 'tokens'; users: Array<{ id: number; role: string; communityId: number }> }
  | { type: 'exit' };
export type ScaleToParent =
  | { type: 'ready'; port: number; dbVersion: string }
  | { type: 'tokens'; tokens: string[] }
  | { type: 'error'; message: string };

const send = (m: ScaleToParent) => process.send?.(m);

async function main() {
  tuneRuntime(); // as main.ts does
  const url = process.env.SCALE_DATABASE_URL;
  if (!url) throw new Error('SCALE_DATABASE_URL is required');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WECHAT_FAKE: 'false' });
  const database = await createDatabase({ url });
  await database.migrate();
  const built = createApp({
    config,
    database,
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    keys: generateKeyPair(),
    wechatBaseUrl: 'http://127.0.0.1:9/unused',
  });
  const server = http.createServer(built.app.callback());
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const v = (await database.db.execute('select version() as v')) as unknown as { rows: Array<{ v: string }> };
  send({ type: 'ready', port, dbVersion: v.rows[0]?.v ?? 'unknown' });
  // SCALE_MEM_TRACE=1: the heap's parts at the highest RSS seen, printed at exit (memory experiments).
  let peak: NodeJS.MemoryUsage | undefined;
  if (process.env.SCALE_MEM_TRACE)
    setInterval(() => {
      const m = process.memoryUsage();
      if (!peak || m.rss > peak.rss) peak = m;
    }, 50).unref();
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  const tracePeak = () => {
    if (peak)
      process.stderr.write(
        `peak: ${Object.entries(peak)
          .map(([k, n]) => `${k} ${mb(n)}`)
          .join(', ')}\n`,
      );
  };

  process.on('message', async (msg: ScaleToChild) => {
    try {
      if (msg.type === 'tokens') {
        const tokens = msg.users.map(
          (u) =>
            built.tokens.signSession({
              userId: u.id,
              role: u.role as 'volunteer',
              communityId: u.communityId,
            }).token,
        );
        send({ type: 'tokens', tokens });
      } else if (msg.type === 'exit') {
        tracePeak();
        server.closeAllConnections();
        server.close();
        await database.close();
        process.exit(0);
      }
    } catch (err) {
      send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}

main().catch((err) => {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
