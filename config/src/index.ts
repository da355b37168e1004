/**
 * The only reader of process.env. Everything else receives a validated `Config`.
 * Development has safe defaults; production refuses to start without real secrets.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A whole number from the environment, within [min, max] (decimal digits only). */
const intEnv = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,12}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: intEnv(1, 1000).default(10),
  DATABASE_READ_POOL_MAX: intEnv(1, 1000).optional(),
  READ_YOUR_WRITES_MS: intEnv(0, 60_000).default(5000),
  SHUTDOWN_GRACE_MS: intEnv(0, 120_000).default(10_000),
  JOBS_LOCK_RETRY_MS: intEnv(100, 600_000).default(5000),
  DATA_DIR: z.string().default('./data'),
  WEB_DIR: z.string().default('./miniapp/dist/h5'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 24 * 3600)
    .default(7 * 24 * 3600),
  WECHAT_APP_ID: z.string().default('wx-dev-app'),
  WECHAT_APP_SECRET: z.string().default('dev-secret'),
  WECHAT_API_BASE_URL: z.string().url().optional(),
  WECHAT_FAKE: bool.optional(),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  WECHAT_TEMPLATE_ACTIVITY_REMINDER: z.string().min(1).max(128).optional(),
  WECHAT_TEMPLATE_POINTS_CREDITED: z.string().min(1).max(128).optional(),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  REMINDERS_ENABLED: bool.optional(),
  CERTIFICATE_THRESHOLD: z.coerce.number().min(0.01).max(10000).default(3),
  POINTS_PER_HOUR: z.coerce.number().min(0.01).max(100).default(1),
  CHECKIN_MAX_DISTANCE_M: z.coerce.number().int().min(10).max(100000).default(500),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(900),
  SIGNIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(100000).default(300),
  SIGNIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  PHOTO_MAX_BYTES: intEnv(10_000, 50_000_000).default(8_000_000),
  PHOTO_MAX_PIXELS: intEnv(10_000, 200_000_000).default(40_000_000),
  PHOTO_URL_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  PHOTO_URL_TTL_SECONDS: intEnv(30, 3600).default(300),
  SEED_DEMO: bool.optional(),
  TRUST_PROXY: bool.default(false),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' })
    .refine((u) => {
      const url = URL.canParse(u) ? new URL(u) : undefined;
      return !url || (!url.search && !url.hash && !url.username && !url.password);
    }, 'must be an origin with an optional path: no query, fragment or credentials')
    .optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: {
    /** The leader (writes); none: embedded PGlite in dataDir. */
    url: string | undefined;
    /** Replicas, for reads that may be a moment old; default: `url`. Needs DATABASE_URL. */
    readUrl: string | undefined;
    poolMax: number;
    readPoolMax: number;
    /**
     * After a user's write, that user's reads go to the leader for this long (ms), so they see what
     * they just did whichever replica lags.
     */
    readYourWritesMs: number;
    dataDir: string;
  };
  /** SIGTERM: in-flight requests get this long (ms) to finish before their connections are cut. */
  shutdownGraceMs: number;
  /** How often a process not running the background jobs tries to take the jobs' lock (ms). */
  jobsLockRetryMs: number;
  /** The built H5 mini-program served at / beside the API. */
  webDir: string;
  logLevel: string;
  jwt: { privateKeyPem: string | undefined; publicKeyPem: string | undefined; sessionTtlSeconds: number };
  wechat: {
    appId: string;
    appSecret: string;
    /** undefined in development with the fake on: main.ts points it at the built-in fake. */
    apiBaseUrl: string | undefined;
    fake: boolean;
    timeoutMs: number;
    /**
     * Subscribe-message template ids by notification kind; a kind without one is never pushed.
     * The templates' fields are fixed in server/src/modules/notifications/wechat-push.ts.
     */
    templates: { 'activity.reminder'?: string; 'ledger.credited'?: string };
    /** Which version of the mini-program a tapped message opens. */
    miniprogramState: 'developer' | 'trial' | 'formal';
  };
  /** main.ts runs the activity reminders and the WeChat dispatcher in-process. */
  reminders: { enabled: boolean };
  rules: {
    certificateThresholdHundredths: number;
    pointsPerHourHundredths: number;
    checkinMaxDistanceM: number;
  };
  /**
   * Progressive sign-in delays. After `maxFailures` failures for one username from one address, each
   * next attempt of that pair waits 1, 2, 4 … s (at most `maxDelaySeconds`); an address as a whole
   * gets `addressMaxFailures` before its delays start (many people behind one event Wi-Fi). The
   * counts are forgotten after `windowSeconds` without an attempt. Nothing ever locks an account.
   */
  signin: { maxFailures: number; windowSeconds: number; addressMaxFailures: number; maxDelaySeconds: number };
  /**
   * The photo pipeline: an upload's largest accepted size (bytes) and pixel count (decompression
   * bombs), and the secret and lifetime of the signed links profile photos are served through.
   */
  photos: { maxBytes: number; maxPixels: number; urlSecret: string; urlTtlSeconds: number };
  seedDemo: boolean;
  trustProxy: boolean;
  /**
   * The address users reach this server at (no trailing slash): every address the server prints or
   * answers (the service record's verification link, the ready line) comes from it, never from the
   * request's Host header. Required in production.
   */
  publicBaseUrl: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_READ_URL: needs DATABASE_URL (the leader); PGlite has no replicas',
    );
  }
  const production = e.NODE_ENV === 'production';
  const fake = e.WECHAT_FAKE ?? !production;
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: {
      url: e.DATABASE_URL,
      readUrl: e.DATABASE_READ_URL ?? e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      readPoolMax: e.DATABASE_READ_POOL_MAX ?? e.DATABASE_POOL_MAX,
      readYourWritesMs: e.READ_YOUR_WRITES_MS,
      dataDir: e.DATA_DIR,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    jobsLockRetryMs: e.JOBS_LOCK_RETRY_MS,
    webDir: e.WEB_DIR,
    logLevel: e.LOG_LEVEL,
    jwt: {
      privateKeyPem: e.JWT_PRIVATE_KEY?.replace(/\\n/g, '\n'),
      publicKeyPem: e.JWT_PUBLIC_KEY?.replace(/\\n/g, '\n'),
      sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    },
    wechat: {
      appId: e.WECHAT_APP_ID,
      appSecret: e.WECHAT_APP_SECRET,
      apiBaseUrl: e.WECHAT_API_BASE_URL ?? (fake ? undefined : 'https://api.weixin.qq.com'),
      fake,
      timeoutMs: e.WECHAT_TIMEOUT_MS,
      templates: {
        ...(e.WECHAT_TEMPLATE_ACTIVITY_REMINDER
          ? { 'activity.reminder': e.WECHAT_TEMPLATE_ACTIVITY_REMINDER }
          : {}),
        ...(e.WECHAT_TEMPLATE_POINTS_CREDITED
          ? { 'ledger.credited': e.WECHAT_TEMPLATE_POINTS_CREDITED }
          : {}),
      },
      miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
    },
    reminders: { enabled: e.REMINDERS_ENABLED ?? true },
    rules: {
      certificateThresholdHundredths: Math.round(e.CERTIFICATE_THRESHOLD * 100),
      pointsPerHourHundredths: Math.round(e.POINTS_PER_HOUR * 100),
      checkinMaxDistanceM: e.CHECKIN_MAX_DISTANCE_M,
    },
    signin: {
      maxFailures: e.SIGNIN_MAX_FAILURES,
      windowSeconds: e.SIGNIN_WINDOW_SECONDS,
      addressMaxFailures: e.SIGNIN_ADDRESS_MAX_FAILURES,
      maxDelaySeconds: e.SIGNIN_MAX_DELAY_SECONDS,
    },
    photos: {
      maxBytes: e.PHOTO_MAX_BYTES,
      maxPixels: e.PHOTO_MAX_PIXELS,
      // Development and tests: a fixed secret (links survive a restart); production must set one.
      urlSecret: e.PHOTO_URL_SECRET ?? 'dev-photo-url-secret-not-for-production-use',
      urlTtlSeconds: e.PHOTO_URL_TTL_SECONDS,
    },
    seedDemo: e.SEED_DEMO ?? !production,
    trustProxy: e.TRUST_PROXY,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, ''),
  };
  if (production) {
    const missing: string[] = [];
    if (!config.jwt.privateKeyPem || !config.jwt.publicKeyPem)
      missing.push('JWT_PRIVATE_KEY and JWT_PUBLIC_KEY');
    if (e.WECHAT_APP_ID === 'wx-dev-app' || e.WECHAT_APP_SECRET === 'dev-secret')
      missing.push('WECHAT_APP_ID and WECHAT_APP_SECRET');
    if (fake) missing.push('WECHAT_FAKE=false (the fake WeChat server is for development only)');
    if (!e.PHOTO_URL_SECRET) missing.push('PHOTO_URL_SECRET (at least 32 random characters)');
    if (config.seedDemo) missing.push('SEED_DEMO=false (no demo accounts in production)');
    if (!e.PUBLIC_BASE_URL) missing.push('PUBLIC_BASE_URL (the https:// address users reach the service at)');
    if (missing.length) {
      throw new ConfigError(
        `Refusing to start in production without real secrets: set ${missing.join('; ')}`,
      );
    }
  }
  return config;
}
