import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '@timebank/config';
import test from 'ava';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }) as string;

/** A production environment that is complete; tests remove or spoil one thing at a time. */
const production = (over: Record<string, string | undefined> = {}) => ({
  NODE_ENV: 'production',
  JWT_PRIVATE_KEY: PRIVATE_PEM,
  JWT_PUBLIC_KEY: PUBLIC_PEM,
  WECHAT_APP_ID: 'wx1234567890abcdef',
  WECHAT_APP_SECRET: 'a-real-secret',
  WECHAT_FAKE: 'false',
  SEED_DEMO: 'false',
  PUBLIC_BASE_URL: 'https://timebank.example.org',
  PHOTO_URL_SECRET: 'a-photo-url-secret-of-at-least-32-chars',
  ...over,
});

function configError(t: import('ava').ExecutionContext, env: Record<string, string | undefined>) {
  const err = t.throws(() => loadConfig(env), { instanceOf: ConfigError });
  return err?.message ?? '';
}

test('development defaults from an empty environment', (t) => {
  const c = loadConfig({});
  t.is(c.env, 'development');
  t.is(c.host, '127.0.0.1');
  t.is(c.port, 3000);
  t.deepEqual(c.database, {
    url: undefined,
    readUrl: undefined,
    poolMax: 10,
    readPoolMax: 10,
    readYourWritesMs: 5000,
    dataDir: './data',
  });
  t.is(c.logLevel, 'info');
  t.deepEqual(c.jwt, { privateKeyPem: undefined, publicKeyPem: undefined, sessionTtlSeconds: 7 * 24 * 3600 });
  t.true(c.wechat.fake);
  t.is(c.wechat.apiBaseUrl, undefined, 'main.ts points the fake at itself');
  t.is(c.wechat.timeoutMs, 5000);
  t.true(c.seedDemo);
  t.false(c.trustProxy);
  t.deepEqual(c.rules, {
    certificateThresholdHundredths: 300,
    pointsPerHourHundredths: 100,
    checkinMaxDistanceM: 500,
  });
  t.deepEqual(c.signin, { maxFailures: 5, windowSeconds: 900, addressMaxFailures: 300, maxDelaySeconds: 60 });
  t.is(c.publicBaseUrl, 'http://127.0.0.1:3000');
});

test('PUBLIC_BASE_URL: an http(s) origin with an optional path, without a trailing slash; the port by default', (t) => {
  t.is(loadConfig({ PORT: '4321' }).publicBaseUrl, 'http://127.0.0.1:4321');
  t.is(loadConfig({ PUBLIC_BASE_URL: 'https://tb.example.org/' }).publicBaseUrl, 'https://tb.example.org');
  t.is(loadConfig({ PUBLIC_BASE_URL: 'https://x.example/app//' }).publicBaseUrl, 'https://x.example/app');
  for (const bad of [
    'tb.example.org',
    'ftp://tb.example.org',
    'javascript:alert(1)',
    'https://a.example/?q=1',
    'https://u:p@a.example',
  ]) {
    t.regex(configError(t, { PUBLIC_BASE_URL: bad }), /PUBLIC_BASE_URL/, bad);
  }
  t.is(loadConfig(production()).publicBaseUrl, 'https://timebank.example.org');
  const message = configError(t, production({ PUBLIC_BASE_URL: undefined }));
  t.true(message.includes('PUBLIC_BASE_URL'), message);
  t.false(message.includes('JWT'), message);
});

test('loadConfig reads only what it is given', (t) => {
  const c = loadConfig({ PORT: '4321', NODE_ENV: 'test', WECHAT_FAKE: 'false', SEED_DEMO: 'no' });
  t.is(c.port, 4321);
  t.is(c.env, 'test');
  t.false(c.wechat.fake);
  t.is(c.wechat.apiBaseUrl, 'https://api.weixin.qq.com');
  t.false(c.seedDemo);
});

test('a complete production configuration is accepted, with the real WeChat', (t) => {
  const c = loadConfig(production());
  t.is(c.env, 'production');
  t.false(c.wechat.fake);
  t.false(c.seedDemo);
  t.is(c.wechat.apiBaseUrl, 'https://api.weixin.qq.com');
  t.is(c.jwt.privateKeyPem, PRIVATE_PEM);
  // Without WECHAT_FAKE and SEED_DEMO, production defaults to neither.
  const d = loadConfig(production({ WECHAT_FAKE: undefined, SEED_DEMO: undefined }));
  t.false(d.wechat.fake);
  t.false(d.seedDemo);
});

test('PEM keys given on one line with \\n are restored', (t) => {
  const c = loadConfig(
    production({
      JWT_PRIVATE_KEY: PRIVATE_PEM.replace(/\n/g, '\\n'),
      JWT_PUBLIC_KEY: PUBLIC_PEM.replace(/\n/g, '\\n'),
    }),
  );
  t.is(c.jwt.privateKeyPem, PRIVATE_PEM);
  t.is(c.jwt.publicKeyPem, PUBLIC_PEM);
});

test('production with nothing set refuses, naming the missing secrets', (t) => {
  const message = configError(t, { NODE_ENV: 'production' });
  for (const name of ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'WECHAT_APP_ID', 'WECHAT_APP_SECRET']) {
    t.true(message.includes(name), `${name} in: ${message}`);
  }
  // The fake and the demo default to off in production, so they are not what is missing.
  t.false(message.includes('WECHAT_FAKE'), message);
  t.false(message.includes('SEED_DEMO'), message);
  const all = configError(t, { NODE_ENV: 'production', WECHAT_FAKE: 'true', SEED_DEMO: 'true' });
  for (const name of ['JWT_PRIVATE_KEY', 'WECHAT_APP_SECRET', 'WECHAT_FAKE', 'SEED_DEMO']) {
    t.true(all.includes(name), `${name} in: ${all}`);
  }
});

test('production without JWT keys refuses, naming the keys only', (t) => {
  for (const missing of ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY']) {
    const message = configError(t, production({ [missing]: undefined }));
    t.true(message.includes('JWT_PRIVATE_KEY and JWT_PUBLIC_KEY'), message);
    t.false(message.includes('WECHAT'), message);
  }
});

test('production with the development WeChat id or secret refuses', (t) => {
  for (const missing of ['WECHAT_APP_ID', 'WECHAT_APP_SECRET']) {
    const message = configError(t, production({ [missing]: undefined }));
    t.true(message.includes('WECHAT_APP_ID and WECHAT_APP_SECRET'), message);
    t.false(message.includes('JWT'), message);
  }
  const message = configError(t, production({ WECHAT_APP_SECRET: 'dev-secret' }));
  t.true(message.includes('WECHAT_APP_SECRET'));
});

test('production with WECHAT_FAKE or SEED_DEMO refuses, naming it', (t) => {
  const fake = configError(t, production({ WECHAT_FAKE: 'true' }));
  t.true(fake.includes('WECHAT_FAKE'), fake);
  t.false(fake.includes('SEED_DEMO'), fake);
  const seed = configError(t, production({ SEED_DEMO: '1' }));
  t.true(seed.includes('SEED_DEMO'), seed);
  t.false(seed.includes('WECHAT_FAKE'), seed);
});

test('an invalid PORT → ConfigError naming PORT', (t) => {
  for (const port of ['abc', '70000', '-1', '3000.5']) {
    const message = configError(t, { PORT: port });
    t.true(message.includes('PORT'), `${port}: ${message}`);
  }
  t.is(loadConfig({ PORT: '0' }).port, 0, 'port 0 (any free port) is allowed');
});

test('other invalid values are refused too, each naming its variable', (t) => {
  const cases: Record<string, string> = {
    NODE_ENV: 'staging',
    LOG_LEVEL: 'loud',
    DATABASE_URL: 'not a url',
    WECHAT_FAKE: 'maybe',
    SESSION_TTL_SECONDS: '10',
    SIGNIN_MAX_FAILURES: '0',
    CERTIFICATE_THRESHOLD: '0',
  };
  for (const [name, value] of Object.entries(cases)) {
    const message = configError(t, { [name]: value });
    t.true(message.includes(name), `${name}=${value}: ${message}`);
  }
});

test('CERTIFICATE_THRESHOLD and POINTS_PER_HOUR become hundredths', (t) => {
  t.is(loadConfig({ CERTIFICATE_THRESHOLD: '3' }).rules.certificateThresholdHundredths, 300);
  t.is(loadConfig({ CERTIFICATE_THRESHOLD: '2.5' }).rules.certificateThresholdHundredths, 250);
  t.is(loadConfig({ CERTIFICATE_THRESHOLD: '0.29' }).rules.certificateThresholdHundredths, 29);
  t.is(loadConfig({ POINTS_PER_HOUR: '1.5' }).rules.pointsPerHourHundredths, 150);
});

test('sign-in limits and other numbers are read', (t) => {
  const c = loadConfig({
    SIGNIN_MAX_FAILURES: '3',
    SIGNIN_WINDOW_SECONDS: '60',
    SIGNIN_ADDRESS_MAX_FAILURES: '500',
    SIGNIN_MAX_DELAY_SECONDS: '30',
    SESSION_TTL_SECONDS: '3600',
    WECHAT_TIMEOUT_MS: '250',
    TRUST_PROXY: 'yes',
    DATABASE_URL: 'postgres://u@h:5432/db',
  });
  t.deepEqual(c.signin, { maxFailures: 3, windowSeconds: 60, addressMaxFailures: 500, maxDelaySeconds: 30 });
  t.is(c.jwt.sessionTtlSeconds, 3600);
  t.is(c.wechat.timeoutMs, 250);
  t.true(c.trustProxy);
  t.is(c.database.url, 'postgres://u@h:5432/db');
});

test('read address and pool sizes: read, bounded, and the read address needs the leader', (t) => {
  const c = loadConfig({
    DATABASE_URL: 'postgres://u@leader:5432/db',
    DATABASE_READ_URL: 'postgres://u@replicas:5433/db',
    DATABASE_POOL_MAX: '20',
    DATABASE_READ_POOL_MAX: '40',
    READ_YOUR_WRITES_MS: '2000',
  });
  t.is(c.database.readUrl, 'postgres://u@replicas:5433/db');
  t.is(c.database.poolMax, 20);
  t.is(c.database.readPoolMax, 40);
  t.is(c.database.readYourWritesMs, 2000);
  // Default: reads where the writes go, with the same pool size.
  const one = loadConfig({ DATABASE_URL: 'postgres://u@leader:5432/db', DATABASE_POOL_MAX: '7' });
  t.is(one.database.readUrl, 'postgres://u@leader:5432/db');
  t.is(one.database.readPoolMax, 7);
  for (const [k, v] of [
    ['DATABASE_POOL_MAX', '0'],
    ['DATABASE_POOL_MAX', '1001'],
    ['DATABASE_READ_POOL_MAX', '1.5'],
    ['READ_YOUR_WRITES_MS', '-1'],
  ] as const) {
    const e = t.throws(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db', [k]: v }), {
      instanceOf: ConfigError,
    });
    t.regex(e.message, new RegExp(k));
  }
  const e = t.throws(() => loadConfig({ DATABASE_READ_URL: 'postgres://u@replicas/db' }), {
    instanceOf: ConfigError,
  });
  t.regex(e.message, /DATABASE_READ_URL: needs DATABASE_URL/);
});
