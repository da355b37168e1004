import v8 from 'node:v8';

/**
 * V8 settings for the API process, set by main.ts (and the benchmark's copy of the app) before it
 * starts serving.
 *
 * No allocation-site pretenuring: V8 learns which allocation sites make long-lived objects and then
 * allocates theirs straight in the old generation. A burst of slow requests (confirmations on PGlite,
 * ~100 ms each, the database in the same process) teaches it that requests live long, and for
 * minutes afterwards the short-lived objects of every request went to the old generation: each
 * young-generation collection took 2.8 ms instead of 0.5 ms and cached reads cost ~25 % more CPU
 * (bench, 2026-12-04, `--trace-gc`). Without it the young generation takes them as it should.
 */
export function tuneRuntime(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
