/**
 * The workbook as an auditor receives it: read back by exceljs (an independent reader of the
 * file, not the writer's code), by our own ZIP/XML reader, and by LibreOffice converting it to
 * CSV and to PDF. The cover says draft, signed or voided; statuses, states, reasons and checks
 * are words in English and in Spanish; the review columns have dropdowns on every sheet a
 * reviewer fills; restatements and removals have their own sheet; header rows are tall enough
 * for their wrapped labels; and a Spanish workbook filled in with Spanish words imports.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import { exportReconciliation, importReview } from '../../../electron/core/export/index.ts';
import { WORDS } from '../../../electron/core/language/words.ts';
import { WORKBOOK_SENTENCES, hasSpanishTerm, term } from '../../../electron/core/language/workbook.ts';
import { REVIEW_REASONS, REVIEW_STATES } from '../../../electron/core/review/types.ts';
import { revalidateSignoffs, signOff } from '../../../electron/core/signoff/index.ts';
import { addConnection, addGrandTotal, addPortalRow, addRestatement, addWindow } from '../../unit/reconcile/fixtures.ts';
import { wrappedLines } from '../../../electron/core/export/table-sheet.ts';
import { convertWithLibreOffice } from '../../support/libreoffice.ts';
import { withStore } from '../../support/review-store.ts';
import { testIdentity } from '../../support/identity.ts';
import { readXlsx, rowStarting, sheetRecords, type XlsxSheet } from '../../support/xlsx-reader.ts';
import { NOW, PAYG, PORTAL, openTempCache, seedPayg, seedPortal, tempDir, type TempDir } from './fixtures.ts';

const run = promisify(execFile);
const VOIDED = 'acme-voided';

let tmp: TempDir;
let db: CacheDatabase;
const files: Record<string, string> = {};

async function exportTo(name: string, params: { connection: string; from: string; to: string; language?: 'en' | 'es'; toleranceAbs?: string; tolerancePct?: string }): Promise<string> {
  const out = join(tmp.dir, `${name}.xlsx`);
  await exportReconciliation(withStore(db), { ...params, out, format: 'xlsx', appVersion: '1.0.0', now: NOW });
  files[name] = out;
  return out;
}

/** A month signed off as preparer, then restated upstream: the sign-off is voided. */
async function seedVoided(): Promise<void> {
  const c = addConnection(db, { name: VOIDED, kind: 'portal', currency: 'COP', toleranceAbsMinor: 1000, tolerancePct: '0' });
  const w = addWindow(db, c, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(db, w, { providerId: '1', providerName: 'Acme Ltd', invoiced: 100_000, provider: 100_000 });
  addGrandTotal(db, w);
  await signOff(withStore(db, () => NOW - 7_200_000), { connection: VOIDED, from: '2026-01-01', to: '2026-01-31', period: 'month', role: 'preparer' });
  db.prepare("UPDATE portal_row SET provider_minor = 100500 WHERE connection_id = ? AND provider_id = '1'").run(c);
  addRestatement(db, c, { entity: 'portal_row', key: 'P|1|2026-01-01', periodStart: '2026-01-01', field: 'provider_reported', oldValue: '1000.00', newValue: '1005.00' });
  revalidateSignoffs(withStore(db, () => NOW - 3_600_000), VOIDED);
}

/** A PAYG billing period the upstream answered 404 for: on the Restatements sheet with its evidence. */
function seedRemoval(): void {
  const lms = db.prepare<[string], { id: number }>('SELECT id FROM connection WHERE name = ?').get(PAYG)?.id ?? 0;
  const evidence = Number(
    db
      .prepare(
        `INSERT INTO raw_response (connection_id, request_url, request_key, http_status, fetched_at, body_gzip, body_sha256)
         VALUES (?, '/payg/lms/payment-requests/90001', 'GET /payg/lms/payment-requests/90001?', 404, '2026-02-08T08:00:00.000Z', ?, 'sha')`,
      )
      .run(lms, gzipSync('{"detail":"Not found."}')).lastInsertRowid,
  );
  db.prepare(
    `INSERT INTO billing_period_removal (connection_id, billing_period_id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source,
       first_seen_at, last_seen_at, status_history_json, removed_at, evidence_raw_response_id, last_raw_response_id)
     VALUES (?, 90001, 'Contract 0042', '2026-01-05', '2026-01-11', 'PENDING', 'NGN', 450000, NULL, '2026-01-06T00:00:00.000Z', '2026-01-07T00:00:00.000Z', '[]', '2026-02-08T08:00:00.000Z', ?, ?)`,
  ).run(lms, evidence, evidence);
}

beforeAll(async () => {
  tmp = tempDir('concilia-evidence-');
  db = openTempCache(tmp.dir);
  await seedPortal(db);
  seedPayg(db);
  await seedVoided();
  seedRemoval();
  await exportTo('draft', { connection: PORTAL, from: '2026-01-01', to: '2026-03-31' });
  await exportTo('signed', { connection: PORTAL, from: '2026-01-01', to: '2026-02-28' });
  await exportTo('voided', { connection: VOIDED, from: '2026-01-01', to: '2026-01-31' });
  await exportTo('what-if', { connection: PORTAL, from: '2026-01-01', to: '2026-02-28', toleranceAbs: '50', tolerancePct: '1' });
  await exportTo('signed-es', { connection: PORTAL, from: '2026-01-01', to: '2026-02-28', language: 'es' });
  await exportTo('payg-en', { connection: PAYG, from: '2026-01-01', to: '2026-01-31' });
  await exportTo('payg-es', { connection: PAYG, from: '2026-01-01', to: '2026-01-31', language: 'es' });
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

async function loadWithExcelJs(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** Every text cell of a sheet that is not a key, a hash, a note or a name from upstream. */
function wordsOf(sheet: XlsxSheet, skip: readonly string[]): string[] {
  const header = sheet.rows.findIndex((r) => r.some((c) => skip.includes(String(c?.value))));
  const skipped = new Set((sheet.rows[header] ?? []).flatMap((c, i) => (skip.includes(String(c?.value)) ? [i] : [])));
  return sheet.rows.slice(header + 1).flatMap((r) => r.flatMap((c, i) => (typeof c?.value === 'string' && !skipped.has(i) ? [c.value] : [])));
}

const CODE = /^[A-Z]+(?:_[A-Z]+)+$|^[a-z]+(?:_[a-z]+)+$/;

describe('the cover on Summary', () => {
  it.each([
    ['draft', /^DRAFT — not signed off$/],
    ['signed', /^SIGNED OFF — preparer ana \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)$/],
    ['voided', /^VOIDED — figures changed after sign-off on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/],
    ['signed-es', /^APROBADO — preparador ana/],
  ])('says %s in a banner no one can miss', async (name, banner) => {
    const workbook = await loadWithExcelJs(files[name] ?? '');
    const summary = workbook.worksheets[0];
    const cell = summary?.getCell('A2');
    expect(cell?.text).toMatch(banner);
    expect(cell?.font?.bold).toBe(true);
    expect(cell?.font?.size).toBeGreaterThanOrEqual(14);
    const fill = cell?.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined;
    expect(fill).toBe(name.startsWith('signed') ? 'FF2E7D32' : 'FFC00000');
  });

  it('writes the review log as sentences, sign-offs and voids included', () => {
    const log = readXlsx(files.voided ?? '').sheet('Review log');
    const what = sheetRecords(log).map((r) => String(r.What?.value ?? ''));
    expect(what.some((w) => /^Signed off January 2026 .*as preparer/.test(w) || /^Signed off .* as preparer/.test(w))).toBe(true);
    expect(what.some((w) => /^Voided the preparer sign-off of .* by ana\. The figures changed after the preparer sign-off by ana: /.test(w))).toBe(true);
    const spanish = sheetRecords(readXlsx(files['signed-es'] ?? '').sheet('Registro de revisión')).map((r) => String(r.Qué?.value ?? ''));
    expect(spanish.some((w) => w.startsWith('Marcó '))).toBe(true);
  });

  it('names the connection, tenant, range, period, currency, tolerance, completeness and each sign-off', () => {
    const summary = readXlsx(files.signed ?? '').sheet('Summary');
    const lines = new Map(summary.rows.slice(0, rowStarting(summary, 'Period start') - 1).map((r) => [r[0]?.value, r[2]?.value]));
    expect(lines.get('Connection')).toBe(PORTAL);
    expect(lines.get('Tenant')).toBe('acme');
    expect(lines.get('From')).toBe('2026-01-01');
    expect(lines.get('To')).toBe('2026-02-28');
    expect(lines.get('Period')).toBe('monthly');
    expect(lines.get('Currency')).toBe('COP');
    expect(lines.get('Tolerance')).toBe('10.00 COP or 0 %');
    expect(String(lines.get('Completeness'))).toMatch(/^Complete/);
    const signoff = summary.rows.find((r) => String(r[2]?.value).startsWith('preparer · ana'));
    expect(String(signoff?.[2]?.value)).toMatch(new RegExp(`^preparer · ana · test:ana · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC · Key fingerprint ${testIdentity('ana').fingerprint} · live$`));
    const voided = readXlsx(files.voided ?? '').sheet('Summary');
    const whatIf = readXlsx(files['what-if'] ?? '').sheet('Summary');
    const whatIfLines = new Map(whatIf.rows.slice(0, rowStarting(whatIf, 'Period start') - 1).map((r) => [r[0]?.value, r[2]?.value]));
    expect(whatIfLines.get('Tolerance')).toBe('saved 10.00 COP or 0 %; this workbook was reconciled with 50.00 COP or 1 % (a what-if, not what a sign-off attests)');
    expect(voided.rows.some((r) => /^preparer · ana · .* · voided \d{4}-/.test(String(r[2]?.value)))).toBe(true);
  });

  it('reads the same in LibreOffice, and prints the banner, footer and page numbers in the PDF', async () => {
    const outDir = join(tmp.dir, 'lo');
    const profile = join(tmp.dir, 'profile');
    const csvLog = await convertWithLibreOffice(files.draft ?? '', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', outDir, profile);
    expect(csvLog).not.toMatch(/Error|failed/i);
    const summaryCsv = readFileSync(join(outDir, 'draft-Summary.csv'), 'utf8');
    expect(summaryCsv.split('\n')[1]).toMatch(/^"?DRAFT — not signed off/);

    for (const name of ['draft', 'voided', 'signed-es']) {
      await convertWithLibreOffice(files[name] ?? '', 'pdf', outDir, profile);
      const { stdout } = await run('pdftotext', ['-layout', join(outDir, `${name}.pdf`), '-']);
      const pages = stdout.split('\f').filter((p) => p.trim() !== '');
      expect(pages.length).toBeGreaterThan(3);
      if (name === 'draft') expect(pages[0]).toContain('DRAFT — not signed off');
      if (name === 'voided') expect(pages[0]).toContain('VOIDED — figures changed after sign-off on');
      if (name === 'signed-es') expect(pages[0]).toContain('APROBADO — preparador ana');
      // Every page carries its number of the whole, the connection and the start of the figures hash.
      const total = pages.length;
      pages.forEach((page, i) => {
        expect(page).toMatch(name === 'signed-es' ? new RegExp(`Página ${i + 1} de ${total}`) : new RegExp(`Page ${i + 1} of ${total}`));
        expect(page).toContain(name === 'voided' ? VOIDED : PORTAL);
      });
    }
    expect(readdirSync(outDir).filter((f) => f.endsWith('.pdf'))).toHaveLength(3);
  });

  it.each([
    ['signed', 'en'],
    ['signed-es', 'es'],
    ['payg-es', 'es'],
  ] as const)('prints About (%s) portrait, one page wide, every sentence whole', async (name, language) => {
    const about = language === 'es' ? 'Acerca de' : 'About';
    const workbook = await loadWithExcelJs(files[name] ?? '');
    const sheet = workbook.getWorksheet(about);
    expect(sheet?.pageSetup).toMatchObject({ orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    // Every text of About wraps within its column rather than running into the next page (but a
    // section's bold title, alone on its row).
    sheet?.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && cell.font?.bold !== true) expect(cell.alignment?.wrapText, `${about}!${cell.address}`).toBe(true);
      }),
    );

    const outDir = join(tmp.dir, `about-${name}`);
    await convertWithLibreOffice(files[name] ?? '', 'pdf', outDir, join(tmp.dir, `profile-${name}`));
    const pdf = join(outDir, `${name}.pdf`);
    const { stdout: layout } = await run('pdftotext', ['-layout', pdf, '-']);
    const { stdout: raw } = await run('pdftotext', [pdf, '-']);
    // About's pages are those whose footer names it (left) with the page number (right).
    const footer = new RegExp(`^\\s*${about}\\s{2,}.*(Page|Página) \\d+ (of|de) \\d+\\s*$`, 'm');
    const pages = layout.split('\f').map((page, i) => ({ page, raw: raw.split('\f')[i] ?? '' })).filter((p) => footer.test(p.page));
    expect(pages.length).toBeGreaterThan(0);
    const says = WORKBOOK_SENTENCES[language];
    const label = (english: string): string => (language === 'es' ? term(english, 'es') : english);
    // One page wide: the first page holds the first column (the labels) and the last (the windows' errors), and
    // no page of About holds only columns cut off from their rows.
    expect(pages[0]?.page).toContain(label('Connection'));
    expect(pages[0]?.page).toContain(label('Error'));
    for (const { page } of pages) expect(page).toMatch(/\d{4}-\d{2}-\d{2}|[A-Za-zÁ-ú]{4,}/);
    expect(pages.length).toBeLessThanOrEqual(name === 'payg-es' ? 3 : 2);
    // Long sentences wrap inside their cell and read whole (pdftotext joins a word broken at its hyphen).
    const flat = pages.map((p) => p.raw.replace(/\s+/g, ' ').replace(/-/g, '')).join(' ');
    for (const sentence of [says.hashNote, name === 'payg-es' ? says.kindPayg : says.kindPortal]) expect(flat).toContain(sentence.replace(/-/g, ''));
    // What a row holds is never cut off by Excel's highest row: each wrapped text fits its row.
    sheet?.eachRow((row) => {
      const widths = Array.from({ length: sheet.columnCount }, (_, i) => sheet.getColumn(i + 1).width ?? 10);
      const lines = Math.max(1, ...widths.map((width, i) => wrappedLines(row.getCell(i + 1).text, width)));
      if (row.getCell(1).font?.bold !== true && lines > 1) expect(lines * 15, `${about} row ${row.number}`).toBeLessThanOrEqual(409);
    });
  });
});

describe('words, not codes', () => {
  const skipped = ['Key', 'Clave', 'Provider', 'Proveedor', 'Loan', 'Préstamo', 'Note', 'Nota', 'Message', 'Mensaje', 'Hash', 'Details', 'Subject', 'Action', 'Evidence', 'Prueba'];

  it.each(['signed', 'signed-es', 'payg-en', 'payg-es'])('%s: no status, state, reason, check or exception kind is shown as a code', (name) => {
    const book = readXlsx(files[name] ?? '');
    for (const sheetName of book.sheetNames) {
      if (['Review log', 'Registro de revisión', 'About', 'Acerca de'].includes(sheetName)) continue;
      const codes = wordsOf(book.sheet(sheetName), skipped).filter((t) => CODE.test(t));
      expect(codes, `${name} / ${sheetName}`).toEqual([]);
    }
  });

  it('names an item carried forward from before the range by its class, in words, in either language', async () => {
    for (const language of ['en', 'es'] as const) {
      const book = readXlsx(await exportTo(`carried-${language}`, { connection: PORTAL, from: '2026-02-01', to: '2026-03-31', language }));
      const checks = sheetRecords(book.sheet(language === 'es' ? 'Controles' : 'Checks'));
      const type = language === 'es' ? 'Tipo' : 'Type';
      const check = language === 'es' ? 'Control' : 'Check';
      const carried = checks.filter((r) => r[type]?.value === (language === 'es' ? 'Trasladada' : 'Carried forward'));
      expect(carried.length, language).toBeGreaterThan(0);
      const classes = language === 'es' ? ['Proveedor mayor', 'Proveedor menor'] : ['Provider higher', 'Provider lower'];
      for (const r of carried) expect(classes).toContain(r[check]?.value);
    }
  });

  it('writes a Spanish workbook in Spanish: sheet names, headers, classes, states and reasons', () => {
    const book = readXlsx(files['signed-es'] ?? '');
    expect(book.sheetNames).toEqual(['Resumen', 'Diferencias', 'Todas las filas', 'Controles', 'Reexpresiones', 'Registro de revisión', 'Acerca de']);
    const rows = sheetRecords(book.sheet('Todas las filas'));
    expect(Object.keys(rows[0] ?? {})).toEqual(expect.arrayContaining(['Clave', 'Proveedor', 'Facturado', 'Informado por el proveedor', 'Estado', 'Estado de revisión', 'Motivo', 'Nota']));
    const classes = new Set(rows.map((r) => r.Estado?.value));
    for (const c of classes) expect(['Coinciden', 'Dentro de la tolerancia', 'Proveedor mayor', 'Proveedor menor']).toContain(c);
    expect(classes).toContain('Proveedor menor');
    const explained = rows.find((r) => r.Clave?.value === 'P|3|2026-01-01');
    expect(explained?.['Estado de revisión']?.value).toBe(WORDS.es.state.explained);
    expect(explained?.Motivo?.value).toBe(WORDS.es.reason.timing);
    const payg = readXlsx(files['payg-es'] ?? '');
    expect(payg.sheetNames).toContain('Excepciones');
    const exceptions = sheetRecords(payg.sheet('Excepciones'));
    expect(exceptions.map((e) => e.Excepción?.value)).toContain('cobro fallido');
    expect(exceptions.every((e) => e['Estado de revisión']?.value === 'abierta')).toBe(true);
  });

  it('has a Spanish name for every sheet and every header an English workbook shows', () => {
    for (const name of ['signed', 'payg-en']) {
      const book = readXlsx(files[name] ?? '');
      for (const sheetName of book.sheetNames) {
        expect(hasSpanishTerm(sheetName), sheetName).toBe(true);
        const sheet = book.sheet(sheetName);
        const top = sheetName === 'Summary' ? rowStarting(sheet, ...(name === 'payg-en' ? ['Currency', 'Period start'] : ['Period start'])) : 1;
        for (const cell of sheet.rows[top - 1] ?? []) if (typeof cell?.value === 'string' && cell.value !== '') expect(hasSpanishTerm(cell.value), `${sheetName}: ${cell.value}`).toBe(true);
      }
    }
  });

  it('keeps numbers and dates as typed cells with formats Excel and LibreOffice localise themselves', () => {
    for (const name of ['signed', 'signed-es']) {
      const book = readXlsx(files[name] ?? '');
      const line = sheetRecords(book.sheet(name === 'signed' ? 'All rows' : 'Todas las filas'))[0] ?? {};
      const invoiced = line.Invoiced ?? line.Facturado;
      expect(invoiced?.type).toBe('n');
      expect(invoiced?.numFmt).toMatch(/^#,##0\.00 "COP"/);
      const start = line['Period start'] ?? line['Inicio del periodo'];
      expect(start?.type).toBe('n');
      expect(start?.numFmt).toBe('yyyy-mm-dd');
    }
  });
});

describe('dropdowns on the review columns', () => {
  it.each([
    ['signed', ['Discrepancies', 'All rows', 'Checks'], 'en'],
    ['signed-es', ['Diferencias', 'Todas las filas', 'Controles'], 'es'],
    ['payg-en', ['Exceptions', 'Checks'], 'en'],
  ] as const)('%s: a list with an input message on Review state and Reason of %j', async (name, sheets, language) => {
    const workbook = await loadWithExcelJs(files[name] ?? '');
    for (const sheetName of sheets) {
      const sheet = workbook.getWorksheet(sheetName);
      if (!sheet) throw new Error(`no sheet ${sheetName}`);
      const header = sheet.getRow(1).values as unknown[];
      const stateColumn = header.indexOf(language === 'en' ? 'Review state' : 'Estado de revisión');
      const reasonColumn = header.indexOf(language === 'en' ? 'Reason' : 'Motivo');
      expect(stateColumn).toBeGreaterThan(0);
      for (const [column, values] of [
        [stateColumn, REVIEW_STATES.map((state) => WORDS[language].state[state])],
        [reasonColumn, REVIEW_REASONS.map((reason) => WORDS[language].reason[reason])],
      ] as const) {
        const validation = sheet.getCell(2, column).dataValidation;
        expect(validation.type, `${sheetName} column ${column}`).toBe('list');
        expect(validation.showInputMessage).toBe(true);
        expect(validation.prompt?.length).toBeGreaterThan(10);
        expect(validation.formulae?.[0]).toBe(`"${values.join(',')}"`);
        expect(sheet.getCell(Math.max(2, sheet.rowCount), column).dataValidation.type).toBe('list');
      }
      // Figures are not fillable: no list on them.
      expect(sheet.getCell(2, 1).dataValidation?.type).toBeUndefined();
    }
  });
});

describe('the Restatements sheet', () => {
  it('lists each restated figure in words, old and new, when detected, and each removal with its evidence', () => {
    const voided = sheetRecords(readXlsx(files.voided ?? '').sheet('Restatements'));
    expect(voided).toHaveLength(1);
    expect(voided[0]?.Item?.value).toBe('provider 1, 2026-01-01');
    expect(voided[0]?.Field?.value).toBe('Provider-reported');
    expect(voided[0]?.Old?.value).toBe('1000.00');
    expect(voided[0]?.New?.value).toBe('1005.00');
    expect(voided[0]?.['Detected at (UTC)']?.type).toBe('n');
    expect(voided[0]?.Key?.value).toBe('P|1|2026-01-01');
    const payg = sheetRecords(readXlsx(files['payg-es'] ?? '').sheet('Reexpresiones'));
    const removal = payg.find((r) => r.Clave?.value === 'B|90001');
    expect(removal?.Partida?.value).toBe('periodo de facturación 90001 (Contract 0042)');
    expect(removal?.Cifra?.value).toBe('Retirado en origen');
    expect(String(removal?.Prueba?.value)).toContain('404');
    expect(String(removal?.Prueba?.value)).toContain('/payg/lms/payment-requests/90001');
    const none = sheetRecords(readXlsx(files.signed ?? '').sheet('Restatements'));
    expect(String(none[0]?.Item?.value)).toMatch(/^No figure of this range changed/);
  });
});

describe('print-ready sheets', () => {
  it('sizes every header row for its wrapped labels', () => {
    for (const name of ['signed', 'signed-es', 'payg-es']) {
      const book = readXlsx(files[name] ?? '');
      for (const sheetName of book.sheetNames) {
        const sheet = book.sheet(sheetName);
        const top = sheetName === book.sheetNames[0] ? rowStarting(sheet, ...(name.startsWith('payg') ? ['Moneda', 'Inicio del periodo'] : [name === 'signed' ? 'Period start' : 'Inicio del periodo'])) : 1;
        const height = new RegExp(`<row r="${top}"[^>]*\\bht="([\\d.]+)"[^>]*customHeight="1"`).exec(sheet.xml)?.[1];
        expect(height, `${name} / ${sheetName}`).toBeDefined();
        // The longest label per column character: a label longer than its column wraps to more lines.
        const lines = (sheet.rows[top - 1] ?? []).map((c, i) => Math.ceil(String(c?.value ?? '').length / Math.max(1, (sheet.columnWidths.get(i + 1) ?? 10) - 1)));
        expect(Number(height)).toBeGreaterThanOrEqual(Math.max(1, ...lines) * 12);
      }
    }
  });
});

describe('a Spanish workbook back from the reviewer', () => {
  it('imports Spanish labels, English labels and codes alike', async () => {
    const workbook = await loadWithExcelJs(files['signed-es'] ?? '');
    const sheet = workbook.getWorksheet('Diferencias');
    if (!sheet) throw new Error('no Diferencias sheet');
    const header = sheet.getRow(1).values as unknown[];
    const col = (h: string): number => header.indexOf(h);
    const filled = new Map<string, [string, string, string]>([
      ['P|2|2026-01-01', ['resuelta', 'precio', 'Nota de crédito 44 emitida']],
      ['P|10|2026-02-01', ['explained', 'rejected work', 'Rejected tasks re-billed']],
      ['P|3|2026-01-01', ['Trasladada al periodo siguiente', 'error del origen', 'Pendiente del proveedor']],
    ]);
    sheet.eachRow((row, r) => {
      if (r === 1) return;
      const values = filled.get(row.getCell(col('Clave')).text);
      if (!values) return;
      row.getCell(col('Estado de revisión')).value = values[0];
      row.getCell(col('Motivo')).value = values[1];
      row.getCell(col('Nota')).value = values[2];
    });
    const back = join(tmp.dir, 'back-es.xlsx');
    await workbook.xlsx.writeFile(back);
    const report = await importReview(withStore(db, () => NOW), { connection: PORTAL, file: back, dryRun: true });
    expect(report.problems).toEqual([]);
    const byKey = new Map(report.changes.map((c) => [c.key, c.after]));
    expect(byKey.get('P|2|2026-01-01')).toEqual({ state: 'resolved', reason: 'pricing', note: 'Nota de crédito 44 emitida' });
    expect(byKey.get('P|10|2026-02-01')).toEqual({ state: 'explained', reason: 'rejected_work', note: 'Rejected tasks re-billed' });
    expect(byKey.get('P|3|2026-01-01')).toEqual({ state: 'carried_forward', reason: 'upstream_error', note: 'Pendiente del proveedor' });
    expect(report.changes).toHaveLength(3);
  });
});
