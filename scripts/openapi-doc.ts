/**
 * Writes the OpenAPI document, as production serves it, to a file (or stdout) without a server: the
 * app is built over an in-memory PGlite that is never migrated, only to collect the routes' specs.
 */
import fs from 'node:fs';
import { loadConfig } from '@timebank/config';
import pino from 'pino';
import { createApp } from '../server/src/app';
import { systemClock } from '../server/src/clock';
import { createDatabase } from '../server/src/db/client';
import { buildOpenApi } from '../server/src/http/openapi';
import { generateKeyPair } from '../server/src/modules/auth/tokens';

const out = process.argv[2];
const database = await createDatabase({});
const app = createApp({
  config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
  database,
  logger: pino({ level: 'silent' }),
  clock: systemClock,
  keys: generateKeyPair(),
  wechatBaseUrl: 'http://127.0.0.1:9',
});
const doc = `${JSON.stringify(buildOpenApi(app.specs, { version: '0.1.0', environment: 'production' }), null, 2)}\n`;
await database.close();
if (out) fs.writeFileSync(out, doc);
else process.stdout.write(doc);
