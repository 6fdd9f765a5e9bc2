/**
 * `concilia export`, `concilia import-review` and `concilia demo` as a user runs them: through
 * runCli with real files, exit codes and output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.ts';
import { openCache } from '../../../electron/core/cache/index.ts';
import { getReviews } from '../../../electron/core/review/reviews.ts';
import { cellNumberToMinor } from '../../../electron/core/export/cell-format.ts';
import { formatMinor } from '../../../electron/core/money/index.ts';
import { readXlsx, sheetRecords } from '../../support/xlsx-reader.ts';
import { PORTAL, openTempCache, seedPortal, tempDir, type TempDir } from './fixtures.ts';
import { testIdentity } from '../../support/identity.ts';
import { withStore } from '../../support/review-store.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await runCli(args, { io, env, identity: () => testIdentity('rita') });
  return { code, stdout, stderr };
}

let tmp: TempDir;
let dbPath: string;

beforeAll(() => {
  tmp = tempDir('concilia-cli-export-');
  const db = openTempCache(tmp.dir);
  seedPortal(db);
  db.close();
  dbPath = join(tmp.dir, 'cache.sqlite');
});

afterAll(() => tmp.cleanup());

describe('concilia export', () => {
  it('writes the workbook and says where', async () => {
    const out = join(tmp.dir, 'jan-feb.xlsx');
    const run = await cli(['--db', dbPath, 'export', PORTAL, '--from', '2026-01-01', '--to', '2026-02-28', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote ${out}`);
    expect(run.stdout).toContain('sheets: Summary, Discrepancies, All rows, Checks, Restatements, Review log, About');
    expect(readXlsx(out).sheetNames[0]).toBe('Summary');
  });

  it('writes the figures concilia reconcile --json shows for the same arguments', async () => {
    const args = ['--from', '2026-01-01', '--to', '2026-02-28', '--tolerance-pct', '1%'];
    const shown = await cli(['--db', dbPath, 'reconcile', PORTAL, ...args, '--json']);
    expect(shown.code).toBe(0);
    const json = JSON.parse(shown.stdout) as { rows: { key: string; invoiced: string; providerReported: string; difference: string; status: string }[] };
    const out = join(tmp.dir, 'same.xlsx');
    expect((await cli(['--db', dbPath, 'export', PORTAL, ...args, '--out', out])).code).toBe(0);
    const lines = sheetRecords(readXlsx(out).sheet('All rows'));
    expect(lines.map((l) => l.Key?.value)).toEqual(json.rows.map((r) => r.key));
    json.rows.forEach((row, i) => {
      const line = lines[i] ?? {};
      expect(formatMinor(cellNumberToMinor(line.Invoiced?.value as number, 2), 2)).toBe(row.invoiced);
      expect(formatMinor(cellNumberToMinor(line['Provider reported']?.value as number, 2), 2)).toBe(row.providerReported);
      expect(formatMinor(cellNumberToMinor(line.Difference?.value as number, 2), 2)).toBe(row.difference);
      expect(line.Status?.value).toBe({ MATCHED: 'Matched', WITHIN_TOLERANCE: 'Within tolerance', PROVIDER_HIGHER: 'Provider higher', PROVIDER_LOWER: 'Provider lower' }[row.status]);
    });
  });

  it('writes CSV when the file name says so, with the same tolerance arguments as reconcile', async () => {
    const out = join(tmp.dir, 'jan.csv');
    const run = await cli(['--db', dbPath, 'export', PORTAL, '--from', '2026-01-01', '--to', '2026-01-31', '--tolerance-abs', '20', '--out', out]);
    expect(run.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    // 12.50 COP over on provider 2 is within a 20.00 tolerance, so it is not a discrepancy.
    expect(text).not.toContain('P|2|2026-01-01');
    expect(text).toContain('P|3|2026-01-01');
  });

  it("writes in the language asked, else the app's language setting, else the system's", async () => {
    const range = ['--from', '2026-01-01', '--to', '2026-02-28'];
    const asked = join(tmp.dir, 'asked-es.xlsx');
    expect((await cli(['--db', dbPath, 'export', PORTAL, ...range, '--lang', 'es', '--out', asked])).code).toBe(0);
    expect(readXlsx(asked).sheetNames).toEqual(['Resumen', 'Diferencias', 'Todas las filas', 'Controles', 'Reexpresiones', 'Registro de revisión', 'Acerca de']);
    const system = join(tmp.dir, 'system-es.xlsx');
    expect((await cli(['--db', dbPath, 'export', PORTAL, ...range, '--out', system], { LANG: 'es_CO.UTF-8' })).code).toBe(0);
    expect(readXlsx(system).sheetNames[0]).toBe('Resumen');
    // The app's own setting (the window's language) comes before the system's.
    const db = openCache(dbPath);
    db.prepare("INSERT INTO app_setting (key, value) VALUES ('ui.locale', 'en') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    db.close();
    const setting = join(tmp.dir, 'setting-en.xlsx');
    expect((await cli(['--db', dbPath, 'export', PORTAL, ...range, '--out', setting], { LANG: 'es_CO.UTF-8' })).code).toBe(0);
    expect(readXlsx(setting).sheetNames[0]).toBe('Summary');
    const csv = join(tmp.dir, 'semicolon.csv');
    expect((await cli(['--db', dbPath, 'export', PORTAL, ...range, '--lang', 'es', '--delimiter', ';', '--out', csv])).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe('\uFEFF"Clave";"ID del proveedor";"Proveedor";"Inicio del periodo";"Fin del periodo";"Facturado";"Informado por el proveedor";"Diferencia";"Diferencia %";"Estado";"Estado de revisión";"Motivo";"Nota"');
    const wrong = await cli(['--db', dbPath, 'export', PORTAL, ...range, '--delimiter', ';', '--out', join(tmp.dir, 'x.xlsx')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--delimiter applies to a CSV export');
    expect((await cli(['--db', dbPath, 'export', PORTAL, ...range, '--lang', 'fr', '--out', join(tmp.dir, 'x.xlsx')])).code).toBe(2);
    expect((await cli(['--db', dbPath, 'export', PORTAL, ...range, '--delimiter', '|', '--out', join(tmp.dir, 'x.csv')])).code).toBe(2);
  });

  it('explains bad usage with exit code 2 and failures with exit code 1', async () => {
    const noOut = await cli(['--db', dbPath, 'export', PORTAL, '--from', '2026-01-01', '--to', '2026-01-31']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out FILE is required');
    const mismatch = await cli(['--db', dbPath, 'export', PORTAL, '--from', '2026-01-01', '--to', '2026-01-31', '--format', 'csv', '--out', join(tmp.dir, 'x.xlsx')]);
    expect(mismatch.code).toBe(2);
    const badDate = await cli(['--db', dbPath, 'export', PORTAL, '--from', '2026-02-30', '--to', '2026-03-01', '--out', join(tmp.dir, 'x.xlsx')]);
    expect(badDate.code).toBe(2);
    const noFolder = await cli(['--db', dbPath, 'export', PORTAL, '--from', '2026-01-01', '--to', '2026-01-31', '--out', join(tmp.dir, 'missing', 'x.xlsx')]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toMatch(/^concilia export: Cannot write .* does not exist/);
  });
});

describe('concilia import-review', () => {
  it('shows a dry run, then applies, and exits 1 when a line was refused', async () => {
    const out = join(tmp.dir, 'review.xlsx');
    expect((await cli(['--db', dbPath, 'export', PORTAL, '--from', '2026-01-01', '--to', '2026-02-28', '--out', out])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('Discrepancies');
    if (!sheet) throw new Error('no Discrepancies');
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (row.getCell(1).text === 'P|2|2026-01-01') {
        row.getCell(11).value = 'resolved';
        row.getCell(12).value = 'duplicate';
      }
      if (row.getCell(1).text === 'P|10|2026-02-01') row.getCell(1).value = 'P|10|2099-01-01';
    }
    const back = join(tmp.dir, 'review-back.xlsx');
    await wb.xlsx.writeFile(back);

    const dry = await cli(['--db', dbPath, 'import-review', PORTAL, back, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('Would change:');
    expect(dry.stdout).toContain('P|2|2026-01-01  carried_forward (timing): "to be settled in March" -> resolved (duplicate): "to be settled in March"');
    expect(dry.stdout).toContain('P|10|2099-01-01 is not in the 2026-01-01 to 2026-02-28 reconciliation');
    expect(dry.stdout).toContain('nothing was changed');

    const applied = await cli(['--db', dbPath, 'import-review', PORTAL, back]);
    expect(applied.stdout).toContain('1 change(s) recorded in the audit log');
    const db = openCache(dbPath);
    try {
      expect(getReviews(withStore(db), PORTAL).find((r) => r.itemKey === 'P|2|2026-01-01')).toMatchObject({ state: 'resolved', reason: 'duplicate', author: 'rita', accountId: 'test:rita' });
    } finally {
      db.close();
    }
  });

  it('refuses a file that is not a workbook with one clear line', async () => {
    const run = await cli(['--db', dbPath, 'import-review', PORTAL, join(tmp.dir, 'cache.sqlite')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^concilia import-review: .*is not an Excel workbook \(\.xlsx\)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('concilia demo', () => {
  it('tours sandbox, sync, reconcile and export in one command, beside (never in) the default cache', async () => {
    const real = join(tmp.dir, 'real', 'concilia.sqlite');
    const out = join(tmp.dir, 'tour.xlsx');
    const run = await cli(['demo', '--out', out], { CONCILIA_DB: real });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Demo cache: ${join(tmp.dir, 'real', 'demo.sqlite')}`);
    expect(run.stdout).toMatch(/Demo pace: \d+ requests per 1 s on both sides/);
    expect(run.stdout).toContain(`workbook: ${out}`);
    expect(run.stdout).toContain(`workbook: ${join(tmp.dir, 'tour-payg.xlsx')}`);
    expect(existsSync(real)).toBe(false);
    expect(readXlsx(out).sheetNames).toContain('Discrepancies');
    expect(readXlsx(join(tmp.dir, 'tour-payg.xlsx')).sheetNames).toContain('Exceptions');
    // A second tour reuses the demo connections (the sandbox port changes every time).
    const again = await cli(['demo', '--out', out, '--db', join(tmp.dir, 'real', 'demo.sqlite')]);
    expect(again.code).toBe(0);
  });
});
