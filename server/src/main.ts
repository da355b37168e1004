import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '@timebank/config';
import { systemClock } from './clock';
import { createDatabase } from './db/client';
import { electJobRunner } from './db/election';
import { DirectoryLockedError } from './db/lock';
import type { seedDemo } from './dev/seed';
import { createHttpServer } from './http/server';
import { createLogger } from './logger';
import { generateKeyPair, type KeyPair, keyPairFromPem } from './modules/auth/tokens';
import { tuneRuntime } from './runtime';

/** Development keeps one generated ES256 key in the data directory so sessions survive restarts. */
function developmentKeys(dataDir: string): KeyPair {
  const file = path.join(dataDir, 'dev-jwt-key.pem');
  if (fs.existsSync(file)) return keyPairFromPem(fs.readFileSync(file, 'utf8'));
  const keys = generateKeyPair();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  return keys;
}

async function main() {
  tuneRuntime();
  const started = performance.now();
  // Where start-up time goes, printed with the ready line.
  const phases: string[] = [];
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases.push(`${name} ${Math.round(now - mark)} ms`);
    mark = now;
  };
  const config = loadConfig();
  // Log lines are written asynchronously; whatever is still queued is written before the process
  // exits, however it exits (a signal's shutdown, a failed start).
  const { logger, flush } = createLogger({ level: config.logLevel });
  process.on('exit', flush);
  const keys =
    config.jwt.privateKeyPem !== undefined
      ? keyPairFromPem(config.jwt.privateKeyPem, config.jwt.publicKeyPem)
      : developmentKeys(config.database.dataDir);
  phase('config and keys');

  // The app's modules load (from the bundle, or compiled by tsx under `npm run dev`) while the database opens:
  // PGlite's start-up is the longest part of a first start.
  const modules = Promise.all([
    import('./app'),
    import('./dev/seed'),
    import('./modules/reminders/background'),
  ]);
  modules.catch(() => {}); // a failure is reported where it is awaited
  const database = await createDatabase({
    url: config.database.url,
    readUrl: config.database.readUrl,
    poolSize: config.database.poolMax,
    readPoolSize: config.database.readPoolMax,
    dataDir: config.database.dataDir,
  });
  phase('database open');
  await database.migrate();
  phase('migrations');

  const [{ createApp, FAKE_WECHAT_PREFIX }, { DEMO_LOGINS, seedDemo }, { startBackgroundJobs }] =
    await modules;
  phase('app modules');

  // Keep-alive and header timeouts suited to a reverse proxy; node's own refusals (400, 408, 431) with
  // the API's JSON error body.
  const server = createHttpServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  // The server calls its own development WeChat fake over loopback; every address it prints for
  // people is PUBLIC_BASE_URL's.
  const loopback = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
  // PORT=0 (a free port, as tests and drills ask) with no PUBLIC_BASE_URL: the port chosen is the address.
  const origin =
    config.port === 0 && config.publicBaseUrl === 'http://127.0.0.1:0' ? loopback : config.publicBaseUrl;
  const wechatBaseUrl = config.wechat.apiBaseUrl ?? `${loopback}${FAKE_WECHAT_PREFIX}`;
  const webDir = path.resolve(config.webDir);
  const app = createApp({
    config: origin === config.publicBaseUrl ? config : { ...config, publicBaseUrl: origin },
    database,
    logger,
    clock: systemClock,
    keys,
    wechatBaseUrl,
    webDir,
    // /ready waits for the demo seed below.
    starting: true,
  });
  server.on('request', app.app.callback());
  // Other API processes' writes empty this one's caches (and this one's theirs).
  await app.startCacheBus();
  phase('listen and app');

  let seeded: Awaited<ReturnType<typeof seedDemo>> = false;
  if (config.seedDemo) {
    seeded = await seedDemo(
      database,
      app,
      systemClock.now(),
      config.rules.certificateThresholdHundredths,
      config.rules.pointsPerHourHundredths,
    );
    phase(seeded ? 'demo seed' : 'demo seed check');
  }
  app.markReady();

  // Activity reminders and WeChat messages; started here, never by createApp (tests drive them), and
  // only in the one process holding the jobs' advisory lock (the others stand by to take over).
  const jobs = electJobRunner({
    database,
    retryMs: config.jobsLockRetryMs,
    logger,
    start: () => startBackgroundJobs({ db: database.db, clock: systemClock, config, logger, wechatBaseUrl }),
  });
  await jobs.ready;
  phase('background jobs');

  const lines = [
    '',
    `TimeBank Alliance 社区时间银行 is ready in ${Math.round(performance.now() - started)} ms`,
    fs.existsSync(path.join(webDir, 'index.html'))
      ? `  App (H5)   ${origin}/`
      : `  App (H5)   not built (npm run build -w miniapp)`,
    `  API        ${origin}/api/v1`,
    `  API docs   ${origin}/docs`,
    `  Start-up   ${phases.join(' · ')}`,
    `  Jobs       ${jobs.leading ? 'reminders and WeChat dispatcher run in this process' : 'standing by (another process holds the jobs lock)'}`,
    `  Database   ${database.kind === 'pglite' ? `PGlite in ${path.resolve(config.database.dataDir)}` : `PostgreSQL (DATABASE_URL${config.database.readUrl !== config.database.url ? '; reads: DATABASE_READ_URL' : ''})`}`,
  ];
  if (config.seedDemo) {
    lines.push(
      seeded ? '  Demo community 紫瑞街社区 created. Sign in with:' : '  Demo sign-ins:',
      `    officer         POST /api/v1/auth/password {"username":"${DEMO_LOGINS.officer.username}","password":"${DEMO_LOGINS.officer.password}"}`,
      `    district admin  POST /api/v1/auth/password {"username":"${DEMO_LOGINS.districtAdmin.username}","password":"${DEMO_LOGINS.districtAdmin.password}"}`,
      `    merchant owner  POST /api/v1/auth/password {"username":"${DEMO_LOGINS.merchantOwner.username}","password":"${DEMO_LOGINS.merchantOwner.password}"}  (staff: ${DEMO_LOGINS.merchantStaff.username} / ${DEMO_LOGINS.merchantStaff.password})`,
      `    volunteer       POST /api/v1/auth/wechat {"code":"dev:wang"}  (also dev:li, dev:zhang; a new dev:<name> needs "communityId":1)`,
    );
  }
  if (config.wechat.fake) lines.push(`  WeChat     development fake at ${wechatBaseUrl}`);
  process.stdout.write(`${lines.join('\n')}\n\n`);

  // SIGTERM (a rolling restart, a scale-down): stop accepting, let in-flight requests finish (at most
  // SHUTDOWN_GRACE_MS), hand the jobs' lock over, close the pools, exit 0.
  let closing = false;
  // Answers given while draining close their connection: the client's next request goes elsewhere.
  const inFlight = new Set<import('node:http').ServerResponse>();
  server.on('request', (_req, res) => {
    if (closing) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const t0 = performance.now();
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: draining requests');
    app.markDraining();
    for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    // Stopped at once, so another process takes the jobs over while this one drains.
    const jobsStopped = jobs.stop().catch(() => {});
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections with no request under way close now; the others after their answer.
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      drained.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), config.shutdownGraceMs);
      }),
    ]);
    clearTimeout(timer);
    if (late) {
      logger.warn({ graceMs: config.shutdownGraceMs }, 'requests still in flight at the deadline: cut');
      server.closeAllConnections();
    }
    await jobsStopped;
    await app.bus.stop().catch(() => {});
    await database.close().catch(() => {});
    logger.info({ ms: Math.round(performance.now() - t0) }, 'shut down');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DirectoryLockedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
