/**
 * `concilia demo` run as a Spanish-speaking user runs it (LANG=es_ES.UTF-8, the real command in
 * its own process): the tour's commentary and summary, and every sentence of the workbooks it
 * writes, in Spanish — above all the findings of the portal's checks, which are built from what
 * each finding holds rather than stored as English. The same cache exported in English is the
 * control: the test would fail if the sentences were not translated.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from './fixtures.ts';

const BIN = join(import.meta.dirname, '../../../bin/concilia.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function concilia(args: readonly string[], locale: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1', ...locale };
    for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG', 'CONCILIA_DB'] as const) if (!(name in locale)) delete env[name];
    execFile(process.execPath, [BIN, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Words no Spanish sentence holds, each on its own (keys, URLs and hashes hold none of them). */
const ENGLISH = /\b(the|should|expected|but|comes to|is|was|and|of|to|from|by|with|not|synced|record|provider|workbook|requests|rows)\b/i;

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

function textOf(value: ExcelJS.CellValue): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return null;
}

/** Every text cell of every sheet, with where it is. */
function textCells(workbook: ExcelJS.Workbook): { at: string; text: string }[] {
  const out: { at: string; text: string }[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const text = textOf(cell.value);
        if (text !== null) out.push({ at: `${sheet.name}!${cell.address}`, text });
      }),
    );
  }
  return out;
}

/** The finding lines of a Checks sheet by key: check, expected, sent, message. */
function findingLines(workbook: ExcelJS.Workbook, sheetName: string): Map<string, string[]> {
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  const lines = new Map<string, string[]>();
  sheet.eachRow((row, r) => {
    const key = textOf(row.getCell(2).value) ?? '';
    if (r > 1 && key.startsWith('F|')) lines.set(key, [3, 7, 8, 9].map((c) => textOf(row.getCell(c).value) ?? ''));
  });
  return lines;
}

let tmp: TempDir;
let tour: Run;
let db: string;

beforeAll(async () => {
  tmp = tempDir('concilia-demo-es-');
  db = join(tmp.dir, 'demo.sqlite');
  tour = await concilia(['--db', db, 'demo', '--out', join(tmp.dir, 'gira.xlsx')], { LANG: 'es_ES.UTF-8' });
}, 180_000);

afterAll(() => tmp.cleanup());

describe('concilia demo in a Spanish locale', () => {
  it('says its commentary and summary in Spanish', () => {
    expect(tour.stderr).toBe('');
    expect(tour.code).toBe(0);
    const lines = tour.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Caché de la demostración: ${db}`);
    expect(tour.stdout).toMatch(/Ritmo de la demostración: 200 peticiones cada 1 s en ambos lados/);
    expect(tour.stdout).toContain('Sincronizando demo-portal (portal) del 1 de enero de 2025 al 31 de diciembre de 2025 por meses…');
    expect(tour.stdout).toMatch(/^Hecho en \d+,\d s\.$/m);
    // Figures with Spanish separators.
    expect(tour.stdout).toMatch(/^ {2}facturado \d{1,3}(\.\d{3})*,\d{2} COP, informado por el proveedor /m);
    expect(tour.stdout).toContain(`  libro: ${join(tmp.dir, 'gira.xlsx')}`);
    expect(tour.stdout).toContain(`  libro: ${join(tmp.dir, 'gira-payg.xlsx')}`);
    // Nothing of the English tour is left, but what a user types (a command) and names (paths, URLs).
    const said = lines.map((l) => l.replace(/(\/|http:\/\/)\S+/g, '').replace(/concilia --db .*/, ''));
    expect(said.filter((l) => ENGLISH.test(l))).toEqual([]);
  });

  it('writes both workbooks in Spanish, every sentence of them', async () => {
    for (const file of ['gira.xlsx', 'gira-payg.xlsx']) {
      const workbook = await readWorkbook(join(tmp.dir, file));
      expect(workbook.worksheets[0]?.name).toBe('Resumen');
      expect(workbook.getWorksheet('Controles')).toBeDefined();
      expect(textCells(workbook).filter((c) => ENGLISH.test(c.text))).toEqual([]);
    }
  });

  it('says each finding of the checks in Spanish, built from its own figures, where the English export says it in English', async () => {
    const english = join(tmp.dir, 'tour-en.xlsx');
    const exported = await concilia(['--db', db, 'export', 'demo-portal', '--from', '2025-01-01', '--to', '2025-12-31', '--lang', 'en', '--out', english], {});
    expect(exported.code).toBe(0);
    const es = findingLines(await readWorkbook(join(tmp.dir, 'gira.xlsx')), 'Controles');
    const en = findingLines(await readWorkbook(english), 'Checks');
    // The sandbox's upstream lies in three ways every month: paid + pending, counts, approval rate.
    expect(es.size).toBeGreaterThanOrEqual(36);
    expect([...es.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, [check, expected, sent, message] = []] of es) {
      const [enCheck, , , enMessage] = en.get(key) ?? [];
      expect(enMessage, key).toMatch(ENGLISH);
      expect(message, key).not.toBe(enMessage);
      expect(check, key).not.toBe(enCheck);
      expect(`${check} ${expected} ${sent} ${message}`, key).not.toMatch(ENGLISH);
    }
    const paidPlusPending = [...es.entries()].find(([key]) => key.startsWith('F|paid_plus_pending|'));
    expect(paidPlusPending?.[1][3]).toMatch(/^Proveedor \d+, del 1 de \w+ de 2025 al \d+ de \w+ de 2025: lo pagado más lo pendiente suma [\d.]+,\d{2}, pero lo facturado es [\d.]+,\d{2}\.$/);
  });
});
