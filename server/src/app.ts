import fs from 'node:fs';
import path from 'node:path';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Config } from '@timebank/config';
import Koa, { type Context, type Next } from 'koa';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import type { Database } from './db/client';
import { createReadRouting } from './db/reads';
import { fakeWechatMiddleware } from './dev/fake-wechat';
import { createReadCache } from './http/cache';
import { createCacheBus } from './http/cache-bus';
import { compression } from './http/compress';
import { conditionalGet } from './http/conditional';
import { errorHandler } from './http/error-handler';
import { buildOpenApi } from './http/openapi';
import { requestLog, securityHeaders } from './http/request-log';
import { createApi } from './http/route';
import { serveStatic } from './http/static';
import { activitiesRoutes } from './modules/activities/activities.routes';
import { createActivitiesService } from './modules/activities/activities.service';
import { attendanceRoutes } from './modules/attendance/attendance.routes';
import { createAttendanceService } from './modules/attendance/attendance.service';
import { auditRoutes } from './modules/audit/audit.routes';
import { createAuditService } from './modules/audit/audit.service';
import { authRoutes } from './modules/auth/auth.routes';
import { createAuthService } from './modules/auth/auth.service';
import { createCredentialsService } from './modules/auth/credentials.service';
import { createSessionStore } from './modules/auth/sessions';
import { createSigninThrottle } from './modules/auth/signin-throttle';
import type { KeyPair } from './modules/auth/tokens';
import { createTokenService } from './modules/auth/tokens';
import { createWechatClient } from './modules/auth/wechat.client';
import { boardRoutes } from './modules/board/board.routes';
import { createBoardService } from './modules/board/board.service';
import { casesRoutes } from './modules/cases/cases.routes';
import { createCasesService } from './modules/cases/cases.service';
import { createCertificateAdminService } from './modules/certificates/certificates.admin';
import { certificateAdminRoutes } from './modules/certificates/certificates.routes';
import { createCertificatesService } from './modules/certificates/certificates.service';
import { challengesRoutes } from './modules/challenges/challenges.routes';
import { createChallengesService } from './modules/challenges/challenges.service';
import { communitiesRoutes } from './modules/communities/communities.routes';
import { createCommunitiesService } from './modules/communities/communities.service';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes';
import { createDashboardService } from './modules/dashboard/dashboard.service';
import { digitalSkillsRoutes } from './modules/dashboard/digital-skills.routes';
import { createDigitalSkillsService } from './modules/dashboard/digital-skills.service';
import { exportsRoutes } from './modules/exports/exports.routes';
import { createExportsService } from './modules/exports/exports.service';
import { fundsRoutes } from './modules/funds/funds.routes';
import { createFundsService } from './modules/funds/funds.service';
import { householdsRoutes } from './modules/households/households.routes';
import { createHouseholdsService } from './modules/households/households.service';
import { ledgerRoutes } from './modules/ledger/ledger.routes';
import { createLedgerService } from './modules/ledger/ledger.service';
import { createMerchantChangesService } from './modules/merchants/merchants.changes';
import { merchantChangesRoutes } from './modules/merchants/merchants.changes.routes';
import { merchantsRoutes } from './modules/merchants/merchants.routes';
import { createMerchantsService } from './modules/merchants/merchants.service';
import { createStaffService } from './modules/merchants/merchants.staff';
import { movementsRoutes } from './modules/movements/movements.routes';
import { createMovementsService } from './modules/movements/movements.service';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { createNotificationsService } from './modules/notifications/notifications.service';
import { photosRoutes } from './modules/photos/photos.routes';
import { createPhotosService } from './modules/photos/photos.service';
import { createPhotoSigner } from './modules/photos/photos.signing';
import { productsRoutes } from './modules/products/products.routes';
import { createProductsService } from './modules/products/products.service';
import { recordsRoutes } from './modules/records/records.routes';
import { createRecordsService } from './modules/records/records.service';
import { createRedemptionItemsService } from './modules/redemptions/redemptions.items';
import { redemptionsRoutes } from './modules/redemptions/redemptions.routes';
import { createRedemptionsService } from './modules/redemptions/redemptions.service';
import { createRateLimiter } from './modules/system/rate-limit.service';
import { systemRoutes } from './modules/system/system.routes';
import { createTillDevicesService } from './modules/till/till.devices';
import { createTillDiscountsService } from './modules/till/till.discounts';
import { tillRoutes } from './modules/till/till.routes';
import { createTillService } from './modules/till/till.service';
import { createAccountsService } from './modules/users/accounts.service';
import { createProfileService } from './modules/users/profile.service';
import { usersRoutes } from './modules/users/users.routes';
import { createUsersService } from './modules/users/users.service';

export const FAKE_WECHAT_PREFIX = '/__dev/wechat';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  clock: Clock;
  keys: KeyPair;
  /** Where code2Session lives; defaults to config.wechat.apiBaseUrl. */
  wechatBaseUrl: string;
  /** The built H5 app to serve at /, when it exists. */
  webDir?: string | undefined;
  /** Check every answer against its route's schema (default: in test runs). */
  checkResponses?: boolean;
  /**
   * Start-up still has work to do after the app is built (the demo seed): `/ready` answers 503
   * `server.starting` until `markReady()` is called. Default: ready at once (migrations ran before).
   */
  starting?: boolean;
}

/** Builds the Koa app and its services from dependencies. It never listens: main.ts does. */
export function createApp(deps: AppDeps) {
  const { config, database, logger, clock } = deps;
  const db = database.db;
  // Reads that may be a moment old go to DATABASE_READ_URL, but a recent writer's (db/reads.ts).
  const reads = createReadRouting({
    leader: db,
    replica: database.read,
    clock,
    windowMs: config.database.readYourWritesMs,
  });
  const replica = reads.handle;
  const tokens = createTokenService({
    keys: deps.keys,
    clock,
    sessionTtlSeconds: config.jwt.sessionTtlSeconds,
  });
  const rateLimiter = createRateLimiter({ db, clock });
  const wechat = createWechatClient({
    baseUrl: deps.wechatBaseUrl,
    appId: config.wechat.appId,
    appSecret: config.wechat.appSecret,
    timeoutMs: config.wechat.timeoutMs,
  });
  // Community-level list reads (directory, activities) for a second or two; emptied on every write.
  const readCache = createReadCache({ clock, max: 5000 });
  // What this process's writes make stale, told to every other process on the database (and theirs
  // to this one): LISTEN/NOTIFY, started by `startCacheBus` (main.ts; tests that run two apps).
  const bus = createCacheBus({ database, logger });
  bus.on((m) => {
    if (m.t === 'write' || m.t === 'all') readCache.invalidate();
    if (m.t === 'write' && m.user !== undefined) reads.wrote(m.user);
  });
  // A household's help request arranged as the cancelled activity waits to be arranged again; a
  // converted request becomes an activity through the activities service (each calls the other).
  const activities = createActivitiesService({
    db,
    clock,
    tokens,
    readCache,
    reads: replica,
    onCancelled: (tx, activity, user) => households.activityCancelled(tx, activity.id, user),
  });
  const households = createHouseholdsService({ db, clock, activities: () => activities });
  const sessions = createSessionStore({
    db,
    tokens,
    clock,
    ttlSeconds: config.jwt.sessionTtlSeconds,
    bus,
  });
  const throttle = createSigninThrottle({ db, clock, config });
  const auth = createAuthService({ db, tokens, wechat, sessions, throttle, config, clock, bus });
  const photos = createPhotosService({
    db,
    clock,
    config,
    signer: createPhotoSigner({
      secret: config.photos.urlSecret,
      ttlSeconds: config.photos.urlTtlSeconds,
      baseUrl: () => config.publicBaseUrl,
    }),
  });
  const services = {
    auth,
    credentials: createCredentialsService({ db, clock, auth }),
    accounts: createAccountsService({ db, clock, auth }),
    users: createUsersService({ db, clock, photoUrl: (ref) => photos.urlFor(ref) }),
    photos,
    profile: createProfileService({ db, clock, photos }),
    activities,
    attendance: createAttendanceService({ db, clock, tokens, config }),
    ledger: createLedgerService({ db, clock }),
    certificates: createCertificatesService({ db, clock }),
    certificateAdmin: createCertificateAdminService({ db, clock }),
    merchants: createMerchantsService({ db, clock, sessions, readCache, reads: replica }),
    staff: createStaffService({ db, clock, auth }),
    // The holder's photo at the till: a link valid for the few minutes of the check.
    merchantChanges: createMerchantChangesService({ db, clock }),
    till: createTillService({ db, clock, photoUrl: (ref) => photos.urlFor(ref) }),
    tillDevices: createTillDevicesService({ db, clock }),
    tillDiscounts: createTillDiscountsService({ db, clock }),
    cases: createCasesService({ db, clock }),
    board: createBoardService({ db, clock, reads: replica }),
    challenges: createChallengesService({ db, clock, activities }),
    notifications: createNotificationsService({ db, clock, config }),
    // Read-only services: every query may be a moment old.
    dashboard: createDashboardService({ db: replica, clock }),
    digitalSkills: createDigitalSkillsService({ db, clock }),
    products: createProductsService({ db, clock }),
    exports: createExportsService({ db: replica }),
    records: createRecordsService({ db, clock, publicBaseUrl: config.publicBaseUrl }),
    households,
    movements: createMovementsService({ db, clock, households }),
    redemptionItems: createRedemptionItemsService({ db, clock }),
    redemptions: createRedemptionsService({ db, clock }),
    funds: createFundsService({ db, clock }),
    communities: createCommunitiesService({ db }),
    audit: createAuditService({ db, clock, logger }),
  };

  const api = createApi(
    (ctx) => services.auth.authenticate(ctx),
    (key, max, windowSeconds) => rateLimiter.consume(key, max, windowSeconds),
    undefined,
    (done) => services.audit.record(done),
    (done, tx) => services.audit.recordInTransaction(done, tx),
    // In test runs every answer is checked against its route's response schema and declared codes.
    {
      checkResponses: deps.checkResponses ?? config.env === 'test',
      ...(reads.replicated ? { readsFromLeader: (user: { id: number }) => reads.recent(user.id) } : {}),
    },
  );
  authRoutes(api, services.auth, services.credentials);
  usersRoutes(api, services.users, services.accounts, services.credentials, services.profile);
  photosRoutes(api, services.photos);
  activitiesRoutes(api, services.activities);
  attendanceRoutes(api, services.attendance);
  ledgerRoutes(api, services.ledger, services.certificates);
  certificateAdminRoutes(api, services.certificateAdmin);
  merchantChangesRoutes(api, services.merchantChanges);
  merchantsRoutes(api, services.merchants, services.staff, services.merchantChanges);
  tillRoutes(api, services.till, services.tillDevices, services.tillDiscounts);
  casesRoutes(api, services.cases);
  boardRoutes(api, services.board);
  challengesRoutes(api, services.challenges);
  notificationsRoutes(api, services.notifications);
  dashboardRoutes(api, services.dashboard);
  digitalSkillsRoutes(api, services.digitalSkills);
  productsRoutes(api, services.products);
  exportsRoutes(api, services.exports);
  recordsRoutes(api, services.records);
  householdsRoutes(api, services.households);
  movementsRoutes(api, services.movements);
  redemptionsRoutes(api, services.redemptionItems, services.redemptions);
  fundsRoutes(api, services.funds);
  auditRoutes(api, services.audit);
  communitiesRoutes(api, services.communities);

  let openapi: unknown;
  const system = new Router();
  let ready = !deps.starting;
  let draining = false;
  systemRoutes(system, {
    database,
    ready: () => ready,
    draining: () => draining,
    openapi: () => {
      openapi ??= buildOpenApi(api.specs, { version: '0.1.0', environment: config.env });
      return openapi;
    },
  });

  const app = new Koa({ proxy: config.trustProxy });
  app.silent = true;
  app.use(requestLog(logger));
  // Outside the error handler, so error bodies are compressed too (when ≥ 1 KB); ETags are made
  // inside it, from the uncompressed body.
  app.use(compression());
  app.use(errorHandler(logger));
  // After the security headers have decided Cache-Control: never a 304 for a `no-store` answer.
  app.use(conditionalGet());
  app.use(securityHeaders);
  if (config.wechat.fake && config.env !== 'production') {
    app.use(fakeWechatMiddleware(FAKE_WECHAT_PREFIX, config.wechat));
  }
  // Reads carry no body: they skip the parser (its content-type checks cost a few µs a request).
  const parseBody = bodyParser({ enableTypes: ['json'], jsonLimit: '100kb', encoding: 'utf-8' });
  app.use((ctx, next) => (ctx.method === 'GET' || ctx.method === 'HEAD' ? next() : parseBody(ctx, next)));
  if (deps.webDir && fs.existsSync(path.join(deps.webDir, 'index.html'))) {
    const ownedByApi = (p: string) =>
      p.startsWith('/api/') || p.startsWith('/docs') || p.startsWith('/__dev') || p === '/openapi.json';
    app.use(serveStatic(deps.webDir, ownedByApi));
  }
  // Whatever a write changed, the next read here sees it (other instances: within the cache's TTL).
  // The writer's next reads come from the leader for a few seconds (read-your-writes).
  // Other processes hear of it once the request is over (its transaction committed).
  const invalidating = (ctx: Context, next: Next) =>
    bus.around(
      async () => {
        try {
          await next();
        } finally {
          readCache.invalidate();
          const user = ctx.state.user as { id: number } | null | undefined;
          if (user) reads.wrote(user.id);
        }
      },
      () => {
        const user = ctx.state.user as { id: number } | null | undefined;
        return user ? { t: 'write', user: user.id } : { t: 'write' };
      },
    );
  app.use((ctx, next) => (ctx.method === 'GET' || ctx.method === 'HEAD' ? next() : invalidating(ctx, next)));
  // The API first: most requests are its, and a path it does not know goes on to the system routes.
  app.use(api.routes);
  app.use(system.routes());

  /** Start-up is done (migrations and the demo seed): `/ready` may answer 200. */
  const markReady = () => {
    ready = true;
  };
  /** SIGTERM: `/ready` answers 503 `server.draining` from now on. */
  const markDraining = () => {
    draining = true;
  };
  return {
    app,
    services,
    tokens,
    sessions,
    specs: api.specs,
    readCache,
    reads,
    bus,
    /** Listens for the other processes' cache messages and sends this one's (main.ts). */
    startCacheBus: () => bus.start(),
    markReady,
    markDraining,
  };
}

export type App = ReturnType<typeof createApp>;
