/**
 * What a command loads at start is what it imports statically. A closing script calls
 * `concilia status` dozens of times, so the modules every command loads (cli/launch.ts) and the
 * ones status adds must stay free of the schema library, the review layer and the sync engine;
 * npm run bench measures the time, this catches the import that would bring them back.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every module reached through static, value imports (`import type` and `import()` excluded). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.ts')) return;
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const match of source.matchAll(/^import\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const specifier = match[1]!;
      if (specifier.startsWith('node:')) continue;
      visit(specifier.startsWith('.') ? resolve('/', dirname(file), specifier).slice(1) : specifier);
    }
  };
  visit(entry);
  return seen;
}

const HEAVY = [/^zod/, /review\/sqlite-store\.ts$/, /identity\/key-file\.ts$/, /core\/sync\/index\.ts$/, /contract\//, /language\/describe\.ts$/];

describe('the command line at start-up', () => {
  it('finds the graph it walks (the walker reads real imports)', () => {
    const graph = staticGraph('electron/contract/inputs.ts');
    expect(graph.has('zod')).toBe(true);
  });

  for (const entry of ['electron/cli/launch.ts', 'electron/cli/commands/status.ts']) {
    it(`${entry} loads no schema library, review layer or sync engine`, () => {
      const heavy = [...staticGraph(entry)].filter((file) => HEAVY.some((pattern) => pattern.test(file)));
      expect(heavy).toEqual([]);
    });
  }
});
