/**
 * Rules of the source the compiler cannot see: SQL is written only in the core (the faces ask the
 * core, they never query the cache themselves).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../../support/source-files.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** A statement prepared or executed on a connection, or SQL text (this code base writes SQL in capitals). */
const SQL = /\.(prepare|pragma)\s*[<(]|\bdb\.exec\s*\(|\b(SELECT\s.*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+)?(TABLE|INDEX)|DROP\s+TABLE)\b/;

function offenders(folders: readonly string[], rule: RegExp): string[] {
  const out: string[] = [];
  for (const folder of folders) {
    for (const file of sourceFiles(join(root, folder), /\.(ts|tsx)$/)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (rule.test(line)) out.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  return out;
}

describe('SQL only in the core', () => {
  it('the handlers, the command line, main, the harness, the contract and the renderer hold none', () => {
    expect(offenders(['electron/handlers', 'electron/cli', 'electron/main', 'electron/harness', 'electron/contract', 'electron/preload', 'renderer/src'], SQL)).toEqual([]);
  });

  it('the detector recognises a query and leaves ordinary code alone', () => {
    expect(SQL.test("db.prepare('SELECT value FROM app_setting WHERE key = ?')")).toBe(true);
    expect(SQL.test('const sql = `DELETE FROM review WHERE connection_id = ?`;')).toBe(true);
    expect(SQL.test("db.exec('CREATE TEMP TABLE x (a)')")).toBe(true);
    expect(SQL.test('const m = ISO_DATE.exec(text);')).toBe(false);
    expect(SQL.test("message: 'Select at least one row.'")).toBe(false);
  });
});

/** Code without its comments, strings and import/export lists (where `as` renames, not casts). */
function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
    .replace(/\b(?:import|export)\s+(?:type\s+)?\{[^}]*\}/g, '');
}

/** A type assertion: `x as T` (but `as const`, which asserts nothing about a value's type). */
const CAST = /\bas\s+(?!const\b)[A-Za-z_$[{(]/;

/**
 * The contract's shapes, inputs and channels, the handlers and core modules that page a
 * reconciliation's lists, and the window's paged grid: every type there is inferred from the one
 * declaration, so a cast would be a place where two shapes were told to agree instead of shown to.
 * (The transport client, contract/client.ts, still builds its per-channel object with two casts:
 * main has checked every answer against the contract before it arrives.)
 */
const TYPED_PATH = [
  'electron/contract/channels.ts',
  'electron/contract/events.ts',
  'electron/contract/index.ts',
  'electron/contract/inputs.ts',
  'electron/contract/issues.ts',
  'electron/contract/names.ts',
  'electron/contract/result.ts',
  'electron/contract/schemas.ts',
  'electron/handlers/review.ts',
  'electron/handlers/views.ts',
  'electron/handlers/work.ts',
  'electron/core/reconcile/list-view.ts',
  'electron/core/reconcile/open-items.ts',
  'electron/core/reconcile/payg-exceptions.ts',
  'electron/core/reconcile/payg.ts',
  'electron/core/reconcile/portal-rows.ts',
  'electron/core/reconcile/portal.ts',
  'electron/core/reconcile/reconcile.ts',
  'electron/core/reconcile/schemas.ts',
  'renderer/src/state/paged-rows.ts',
];

describe('no casts on the contract or the view path', () => {
  it('none of its files asserts a type', () => {
    const casts: string[] = [];
    for (const file of TYPED_PATH) {
      codeOf(readFileSync(join(root, file), 'utf8'))
        .split('\n')
        .forEach((line) => {
          if (CAST.test(line)) casts.push(`${file}: ${line.trim()}`);
        });
    }
    expect(casts).toEqual([]);
  });

  it('the detector finds a cast and passes what is not one', () => {
    const found = (code: string): boolean => codeOf(code).split('\n').some((line) => CAST.test(line));
    expect(found('return { list: input.list, rows } as HandlerOutput<"reconcile:rows">;')).toBe(true);
    expect(found('pages.set(page, { rows: answer.rows as T[], version: v });')).toBe(true);
    expect(found('const x = (value as unknown) as { ok?: unknown };')).toBe(true);
    expect(found("const KINDS = ['a', 'b'] as const;")).toBe(false);
    expect(found("import { Review as ReviewView } from './schemas.ts';")).toBe(false);
    expect(found("throw new Error('reconcile it as billed vs collected');")).toBe(false);
    expect(found('// the rows, as the engine ranked them')).toBe(false);
  });
});
