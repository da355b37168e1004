/**
 * `npm run lint:api`: the OpenAPI document through Spectral (.spectral.yaml: spectral:oas and the
 * OWASP ruleset). Fails on any warning or error; OWASP's advisory rules are `info` there. Prints the
 * findings, then their counts by rule.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// Under .tmp/ (ignored by git) because .spectral.yaml's per-operation overrides match paths there.
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const dir = fs.mkdtempSync(path.join(root, '.tmp', 'lint-api-'));
const doc = path.join(dir, 'openapi.json');
const results = path.join(dir, 'spectral.json');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

try {
  const built = spawnSync(bin('tsx'), [path.join(root, 'scripts/openapi-doc.ts'), doc], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const args = ['lint', doc, '-r', path.join(root, '.spectral.yaml'), '--fail-severity', 'warn'];
  const lint = spawnSync(
    bin('spectral'),
    [...args, '-f', 'stylish', '-f', 'json', '--output.json', results],
    {
      stdio: 'inherit',
    },
  );
  const found = JSON.parse(fs.readFileSync(results, 'utf8')) as { code: string; severity: number }[];
  const counts = new Map<string, number>();
  for (const r of found) {
    const key = `${['error', 'warn', 'info', 'hint'][r.severity]} ${r.code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  console.log('\nBy rule:');
  for (const [key, n] of [...counts].sort()) console.log(`${String(n).padStart(6)}  ${key}`);
  process.exitCode = lint.status ?? 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
