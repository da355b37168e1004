/** A short hash of PGlite's version and the migrations (journal and each file, in order). */
export function templateKey(migrationsFolder: string): string;
/** server/dist/pglite-template, beside the migrations' folder (server/drizzle). */
export function templateDir(migrationsFolder: string): string;
/** Where the template for the current migrations and PGlite would be. */
export function templatePath(migrationsFolder: string, dir?: string): string;
/** The template for the current key as a Blob for PGlite's `loadDataDir`, or undefined. */
export function loadTemplate(migrationsFolder: string, dir?: string): Blob | undefined;
/** Makes the template for the current key unless it exists. */
export function ensureTemplate(
  migrationsFolder: string,
  dir?: string,
): Promise<{ file: string; made: boolean }>;
