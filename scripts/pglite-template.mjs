#!/usr/bin/env node
// Before `npm start` and `npm test`: make the migrated PGlite template that new embedded databases
// start from (server/src/db/pglite-template.mjs), unless the one for the current migrations and
// PGlite version is there. Not needed with DATABASE_URL (a PostgreSQL server).
import path from 'node:path';
import { ensureTemplate } from '../server/src/db/pglite-template.mjs';

if (process.env.DATABASE_URL) process.exit(0);
const started = performance.now();
const { file, made } = await ensureTemplate(path.resolve(import.meta.dirname, '../server/drizzle'));
if (made)
  console.log(
    `PGlite template ${path.relative(process.cwd(), file)} made in ${Math.round(performance.now() - started)} ms`,
  );
