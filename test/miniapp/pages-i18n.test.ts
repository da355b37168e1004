/**
 * Every page speaks through t()/tr(): no Chinese text is written into a page's code (comments aside),
 * so switching to English leaves nothing behind in Chinese. Labels live in logic/i18n*.ts and
 * logic/labels.ts, whose both languages the i18n tests check.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';

const ROOT = path.join(import.meta.dirname, '..', '..', 'miniapp', 'src');

function pages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return pages(p);
    return e.name === 'index.tsx' ? [p] : [];
  });
}

/** The code without comments (block, line and JSX comments). */
function code(source: string): string {
  return source
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const CJK = /[\u3400-\u9fff\uff01-\uff5e\u3001-\u3011]/;
const all = [...pages(path.join(ROOT, 'pages')), ...pages(path.join(ROOT, 'packages'))];

test('there are pages to check', (t) => {
  t.true(all.length >= 20, `${all.length} pages`);
});

for (const file of all) {
  const name = path.relative(ROOT, file);
  test(`${name} has no Chinese outside t()`, (t) => {
    const lines = code(fs.readFileSync(file, 'utf8'))
      .split('\n')
      .map((l, i) => [i + 1, l] as const)
      .filter(([, l]) => CJK.test(l));
    t.deepEqual(
      lines.map(([n, l]) => `${n}: ${l.trim()}`),
      [],
    );
  });
}
