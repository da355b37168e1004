/**
 * The app's view of the API's answers is inferred from the shared response schemas, never written
 * by hand: no `…Dto` interface of its own, no inline object type as a request's answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';

const root = path.resolve(import.meta.dirname, '../../miniapp/src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('no hand-written answer types in the mini-program', (t) => {
  const found: string[] = [];
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    for (const m of text.matchAll(/export interface (\w+Dto)\b/g)) found.push(`${rel}: interface ${m[1]}`);
    for (const m of text.matchAll(/\b(?:http\.(?:get|post|put|patch|del)|request)<\{/g))
      found.push(`${rel}: inline answer type at ${text.slice(0, m.index).split('\n').length}`);
  }
  t.deepEqual(found, []);
});
