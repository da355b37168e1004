/** Bundles `entry` (default server/src/main.ts) into `outfile` (default server/dist/main.mjs). */
export function buildServer(entry?: string, outfile?: string): Promise<string>;
