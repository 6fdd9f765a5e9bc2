/**
 * The CSV face of the export, and what an export does when it cannot finish: no half file, and a
 * sentence an accountant can act on.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheDatabase } from '../../../electron/core/cache/index.ts';
import {
  ExportCancelledError,
  ExportWriteError,
  explainWriteError,
  exportReconciliation,
  writePortalWorkbook,
  readWorkbookMeta,
} from '../../../electron/core/export/index.ts';
import { openPortal } from '../../../electron/core/reconcile/portal.ts';
import { reconcile, type PortalReconciliation } from '../../../electron/core/reconcile/index.ts';
import { FORMULA_NOTE, HYPERLINK_NAME, NOW, PLUS_NAME, PORTAL, openTempCache, seedPortal, tempDir, type TempDir } from './fixtures.ts';
import { withStore } from '../../support/review-store.ts';

let tmp: TempDir;
let db: CacheDatabase;
const base = { connection: PORTAL, from: '2026-01-01', to: '2026-02-28', appVersion: '1.0.0', now: NOW };

beforeAll(() => {
  tmp = tempDir();
  db = openTempCache(tmp.dir);
  seedPortal(db);
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

/** RFC 4180 parser for the assertions (quotes, doubled quotes, CRLF, newlines inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('CSV export', () => {
  it('writes the discrepancies as UTF-8 with BOM, RFC 4180, text neutralised and numbers kept', async () => {
    const out = join(tmp.dir, 'discrepancies.csv');
    const result = await exportReconciliation(withStore(db), { ...base, out, format: 'csv' });
    const rec = reconcile(withStore(db), { ...base }) as PortalReconciliation;
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['Key', 'Provider ID', 'Provider', 'Period start', 'Period end', 'Invoiced', 'Provider reported', 'Difference', 'Difference %', 'Status', 'Review state', 'Reason', 'Note']);
    const outside = rec.rows.filter((r) => r.outOfTolerance);
    expect(result.rows).toBe(outside.length);
    expect(rows.slice(1).map((r) => r[0])).toEqual(outside.map((r) => r.key));
    outside.forEach((row, i) => {
      const line = rows[i + 1] ?? [];
      expect(line[5]).toBe(row.invoiced);
      expect(line[6]).toBe(row.providerReported);
      expect(line[7]).toBe(row.difference);
      expect(line[3]).toBe(row.periodStart);
    });
    const byId = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(byId.get('2')?.[2]).toBe(`'${HYPERLINK_NAME}`);
    expect(byId.get('3')?.[2]).toBe(`'${PLUS_NAME}`);
    expect(byId.get('3')?.[12]).toBe(`'${FORMULA_NOTE}`);
    expect(byId.get('5')?.[2]).toBe(`'-Menos, "quoted"\nline`);
    // A negative difference stays a number.
    expect(byId.get('3')?.[7]).toBe('-1234567.89');
    expect(text).toContain(',-1234567.89,');
  });
});

describe('when an export cannot finish', () => {
  it('leaves nothing behind when cancelled, not even a temporary file', async () => {
    const out = join(tmp.dir, 'cancelled.xlsx');
    const controller = new AbortController();
    controller.abort(new Error('Cancelled by the user.'));
    await expect(exportReconciliation(withStore(db), { ...base, out, format: 'xlsx', signal: controller.signal })).rejects.toBeInstanceOf(ExportCancelledError);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.part'))).toEqual([]);
  });

  it('keeps the previous file intact when a replacement is cancelled', async () => {
    const out = join(tmp.dir, 'kept.xlsx');
    writeFileSync(out, 'previous');
    const controller = new AbortController();
    controller.abort();
    await expect(exportReconciliation(withStore(db), { ...base, out, format: 'xlsx', signal: controller.signal })).rejects.toThrow(/cancelled/);
    expect(readFileSync(out, 'utf8')).toBe('previous');
  });

  it('names a missing folder before doing the work', async () => {
    const out = join(tmp.dir, 'no-such-folder', 'x.xlsx');
    const error = await exportReconciliation(withStore(db), { ...base, out, format: 'xlsx' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportWriteError);
    expect((error as Error).message).toContain('does not exist');
  });

  it('refuses a folder as the target and a file as a folder', async () => {
    await expect(exportReconciliation(withStore(db), { ...base, out: tmp.dir, format: 'xlsx' })).rejects.toThrow(/is a folder/);
    const file = join(tmp.dir, 'plain-file');
    writeFileSync(file, 'x');
    await expect(exportReconciliation(withStore(db), { ...base, out: join(file, 'x.xlsx'), format: 'xlsx' })).rejects.toThrow(/not a folder|part of the path/);
  });

  it('reports a full disk in words', async () => {
    const open = openPortal(withStore(db), { ...base, period: 'month' });
    const meta = readWorkbookMeta(withStore(db), open, { appVersion: '1.0.0', now: NOW, language: 'en' });
    // /dev/full accepts the open and fails every write with ENOSPC.
    const error = await writePortalWorkbook('/dev/full', open, meta)
      .catch((e: unknown) => e)
      .finally(() => open.close());
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(explainWriteError(error, '/tmp/x.xlsx').message).toContain('the disk is full');
  });

  it('says what is wrong with the connection or the range', async () => {
    await expect(exportReconciliation(withStore(db), { ...base, connection: 'nope', out: join(tmp.dir, 'n.xlsx'), format: 'xlsx' })).rejects.toThrow(/no connection named "nope"/);
    expect(existsSync(join(tmp.dir, 'n.xlsx'))).toBe(false);
  });
});
