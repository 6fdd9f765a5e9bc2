/**
 * `concilia verify FILE.xlsx`: is this workbook the one that was signed? Offline, from the
 * workbook alone (no cache): the signed statement of a sign-off (review/statement.ts) is rebuilt
 * from the workbook's own rows (every figure of All rows, or of the PAYG Summary), its About
 * facts (connection, range, period, currency) and the reviews the statement attests; its sha256
 * must be the hash each sign-off signed, and each signature must verify with the public key About
 * lists for it. Editing a figure breaks the hash; filling the Review columns does not touch it
 * (the statement's reviews are About's attested list, not the columns a reviewer fills).
 *
 * The result is data, so a countersigning command can reuse it: the hash recomputed, and per
 * sign-off its role, account, key fingerprint and whether the signature and statement hold.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { CellValue, Worksheet } from 'exceljs';
import { verifySignature, fingerprintOf } from '../identity/identity.ts';
import { LANGUAGES } from '../language/language.ts';
import { WORDS } from '../language/words.ts';
import { currencyExponent, formatMinor, isCurrencyCode, addMinor } from '../money/index.ts';
import { COUNTERSIGN_ACTION } from '../signoff/countersignature.ts';
import { statementHash, type StatementHead, type StatementFigure } from '../review/statement.ts';
import { cellNumberToMinor } from './cell-format.ts';
import { EVIDENCE, type AttestedReviewLine, type SignedEntryLine, type SignerKeyLine, type WorkbookEvidence } from './evidence.ts';
import { aboutFields, dateOf, exportedRange, headerColumns, isTerm, reviewReasonOf, reviewStateOf, sheetNamed, textOf } from './workbook-read.ts';
import { WorkbookInputError, checkXlsxBuffer } from './zip-guard.ts';

/** One sign-off as the workbook lists it (a voided one is history, not a claim), and what holds of it. */
export interface SignatureCheck extends Pick<SignedEntryLine, 'signoffId' | 'role' | 'account' | 'displayName' | 'signedAt' | 'fingerprint' | 'status'> {
  /** About lists a public key with this fingerprint (and the key hashes to it). */
  keyInWorkbook: boolean;
  /** The Ed25519 signature verifies over the signed entry with that key. */
  signatureValid: boolean;
  /** The signed entry is a sign-off of this workbook's connection and range. */
  rangeMatches: boolean;
  /** The statement hash the entry signed equals the one recomputed from the workbook. */
  statementMatches: boolean;
  /** The hash the entry signed (null when the entry cannot be read). */
  signedHash: string | null;
}

export type Verdict =
  /** Every live sign-off's signature holds and its statement is this workbook's. */
  | 'verified'
  /** A live sign-off does not hold: a figure, a review, the range or a signature was changed. */
  | 'altered'
  /** Only voided sign-offs: the figures changed after they were signed. */
  | 'voided'
  /** No sign-off: a draft. */
  | 'not_signed';

export interface WorkbookVerification {
  file: string;
  connection: string;
  kind: 'portal' | 'payg';
  from: string;
  to: string;
  period: 'month' | 'week' | 'range';
  /** The statement hash recomputed for each sign-off's tolerance, by sign-off id. */
  recomputed: Record<number, string>;
  signatures: SignatureCheck[];
  verdict: Verdict;
  ok: boolean;
}

/** Read and verify a workbook file. */
export async function verifyWorkbookFile(file: string): Promise<WorkbookVerification> {
  const { workbook } = await loadWorkbookFile(file);
  return verifyWorkbook(workbook, file);
}

/** A workbook file's bytes (checked for ZIP bombs) and the workbook they hold. */
export async function loadWorkbookFile(file: string): Promise<{ buffer: Buffer; workbook: ExcelJS.Workbook }> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbookInputError(code === 'ENOENT' ? `There is no file ${file}.` : code === 'EISDIR' ? `${file} is a folder, not a workbook.` : `Cannot read ${file}: ${(error as Error).message}`);
  }
  await checkXlsxBuffer(buffer, file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new WorkbookInputError(`${file} could not be read as an Excel workbook (it may be damaged or password-protected).`);
  }
  return { buffer, workbook };
}

/** Verify a workbook already read (a countersigning command reads it once for both). */
export function verifyWorkbook(workbook: ExcelJS.Workbook, file: string): WorkbookVerification {
  const about = sheetNamed(workbook, 'About');
  if (!about) throw new WorkbookInputError(`${file} has no About sheet: it is not a Concilia workbook, or the sheet was removed.`);
  const range = exportedRange(about, file);
  const kind: 'portal' | 'payg' = sheetNamed(workbook, 'All rows') ? 'portal' : 'payg';
  const currency = kind === 'portal' ? textOf(aboutFields(about).get('Currency')).trim() : null;
  if (currency !== null && !isCurrencyCode(currency)) throw new WorkbookInputError(`The About sheet of ${file} names no currency Concilia knows ("${currency}").`);
  const figures = kind === 'portal' ? portalFigures(workbook, currency ?? '', file) : paygFigures(workbook, file);
  const evidence = readEvidence(about, file);
  const reviews = evidence.reviews.map((r) => ({ item: r.item, state: r.state, reason: r.reason, noteSha256: r.noteSha256 }));
  const keys = new Map(evidence.keys.map((k) => [k.fingerprint, k]));

  const recomputed: Record<number, string> = {};
  const signatures = evidence.signoffs.map((entry): SignatureCheck => {
    const key = keys.get(entry.fingerprint);
    const keyInWorkbook = key !== undefined && fingerprintOf(key.publicKey) === entry.fingerprint;
    const signatureValid = keyInWorkbook && verifySignature(key.publicKey, Buffer.from(entry.signedText, 'utf8'), entry.signature);
    const signed = readSignedEntry(entry.signedText);
    const rangeMatches =
      signed !== null &&
      // A reviewer who countersigned on another computer signed a 'signoff.countersign' entry (core/signoff/countersignature.ts).
      (signed.action === 'signoff.sign' || (signed.action === COUNTERSIGN_ACTION && entry.role === 'reviewer')) &&
      signed.key === entry.fingerprint &&
      signed.connection === range.connection &&
      signed.payload.from === range.from &&
      signed.payload.to === range.to &&
      signed.payload.period === range.period;
    let statementMatches = false;
    if (signed !== null) {
      const head: StatementHead = {
        connection: range.connection,
        kind,
        from: range.from,
        to: range.to,
        period: range.period,
        currency,
        tolerance: kind === 'portal' ? signed.payload.tolerance : null,
        thresholds: kind === 'payg' ? signed.payload.thresholds : null,
      };
      const hash = statementHash(head, figures, reviews);
      recomputed[entry.signoffId] = hash;
      statementMatches = hash === signed.payload.dataHash;
    }
    return {
      signoffId: entry.signoffId,
      role: entry.role,
      account: entry.account,
      displayName: entry.displayName,
      signedAt: entry.signedAt,
      fingerprint: entry.fingerprint,
      status: entry.status,
      keyInWorkbook,
      signatureValid,
      rangeMatches,
      statementMatches,
      signedHash: signed?.payload.dataHash ?? null,
    };
  });
  const verdict = verdictOf(signatures);
  return { file, connection: range.connection, kind, from: range.from, to: range.to, period: range.period, recomputed, signatures, verdict, ok: verdict === 'verified' };
}

function verdictOf(signatures: readonly SignatureCheck[]): Verdict {
  if (signatures.length === 0) return 'not_signed';
  const live = signatures.filter((s) => s.status === 'live');
  if (live.length === 0) return 'voided';
  return live.every((s) => s.keyInWorkbook && s.signatureValid && s.rangeMatches && s.statementMatches) ? 'verified' : 'altered';
}

interface SignedEntry {
  action: string;
  connection: string | null;
  key: string | null;
  payload: {
    from: string | null;
    to: string | null;
    period: string | null;
    dataHash: string | null;
    tolerance: { abs: string; pct: string } | null;
    thresholds: { outstandingDays: number; draftDays: number; stuckDays: number } | null;
  };
}

/** The signed text of a 'signoff.sign' entry, read (review/audit.ts's signedText, version 1); null when it is not one. */
function readSignedEntry(text: string): SignedEntry | null {
  try {
    const entry = JSON.parse(text) as { v?: unknown; action?: unknown; connection?: unknown; key?: unknown; payload?: unknown };
    if (entry.v !== 1 || typeof entry.payload !== 'string') return null;
    const payload = JSON.parse(entry.payload) as {
      from?: unknown;
      to?: unknown;
      period?: unknown;
      dataHash?: unknown;
      attested?: { tolerance?: { abs?: unknown; pct?: unknown } | null; thresholds?: SignedEntry['payload']['thresholds'] } | null;
    };
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const tolerance = payload.attested?.tolerance;
    return {
      action: str(entry.action) ?? '',
      connection: str(entry.connection),
      key: str(entry.key),
      payload: {
        from: str(payload.from),
        to: str(payload.to),
        period: str(payload.period),
        dataHash: str(payload.dataHash),
        tolerance: tolerance && typeof tolerance.abs === 'string' && typeof tolerance.pct === 'string' ? { abs: tolerance.abs, pct: tolerance.pct } : null,
        thresholds: payload.attested?.thresholds ?? null,
      },
    };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The figures, from the workbook's own rows

/** The sheet and its continuations ("All rows", "All rows (2)", …) in either language. */
function sheetParts(workbook: ExcelJS.Workbook, english: string): Worksheet[] {
  const first = sheetNamed(workbook, english);
  if (!first) return [];
  const parts = [first];
  for (let n = 2; ; n++) {
    const next = workbook.getWorksheet(`${first.name} (${n})`);
    if (!next) return parts;
    parts.push(next);
  }
}

function minorOf(value: CellValue, exponent: number, where: string): number {
  if (typeof value === 'number') return cellNumberToMinor(value, exponent);
  const formulaResult = typeof value === 'object' && value !== null && 'result' in value ? (value as { result?: unknown }).result : undefined;
  if (typeof formulaResult === 'number') return cellNumberToMinor(formulaResult, exponent);
  throw new WorkbookInputError(`${where} holds no amount ("${textOf(value)}"): a figure of the workbook was removed or replaced by text.`);
}

function countOf(value: CellValue, where: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new WorkbookInputError(`${where} holds no count ("${textOf(value)}"): a figure of the workbook was removed or replaced.`);
}

/** Portal: one figure line per row of All rows, and the total of them all (statement.ts). */
function portalFigures(workbook: ExcelJS.Workbook, currency: string, file: string): StatementFigure[] {
  const parts = sheetParts(workbook, 'All rows');
  if (parts.length === 0) throw new WorkbookInputError(`${file} has no All rows sheet.`);
  const e = currencyExponent(currency);
  const money = (minor: number): string => formatMinor(minor, e);
  const lines: StatementFigure[] = [];
  const total = { invoiced: 0, paid: 0, pending: 0, providerReported: 0, rows: 0, taskCount: 0 };
  for (const sheet of parts) {
    const c = headerColumns(sheet, ['Key', 'Invoiced', 'Provider reported', 'Paid', 'Pending', 'Tasks'], sheet.name, file);
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const key = textOf(row.getCell(c.Key ?? 0).value).trim();
      if (key === '') continue;
      const at = (h: string): string => `${sheet.name}!${h} of row ${r}`;
      const invoiced = minorOf(row.getCell(c.Invoiced ?? 0).value, e, at('Invoiced'));
      const paid = minorOf(row.getCell(c.Paid ?? 0).value, e, at('Paid'));
      const pending = minorOf(row.getCell(c.Pending ?? 0).value, e, at('Pending'));
      const providerReported = minorOf(row.getCell(c['Provider reported'] ?? 0).value, e, at('Provider reported'));
      const taskCount = countOf(row.getCell(c.Tasks ?? 0).value, at('Tasks'));
      lines.push({ id: key, values: { invoiced: money(invoiced), paid: money(paid), pending: money(pending), providerReported: money(providerReported), taskCount } });
      total.invoiced = addMinor(total.invoiced, invoiced);
      total.paid = addMinor(total.paid, paid);
      total.pending = addMinor(total.pending, pending);
      total.providerReported = addMinor(total.providerReported, providerReported);
      total.rows += 1;
      total.taskCount += taskCount;
    }
  }
  lines.push({
    id: 'total',
    values: {
      currency,
      invoiced: money(total.invoiced),
      paid: money(total.paid),
      pending: money(total.pending),
      providerReported: money(total.providerReported),
      rows: total.rows,
      taskCount: total.taskCount,
    },
  });
  return lines;
}

const PAYG_FIELDS = [
  ['Billed', 'billed'],
  ['Collected', 'collected'],
  ['Draft', 'draft'],
  ['Failed', 'failed'],
  ['Outstanding', 'outstanding'],
] as const;

/** PAYG: one line per currency and period of Summary (groups added up), then each currency's total. */
function paygFigures(workbook: ExcelJS.Workbook, file: string): StatementFigure[] {
  const summary = sheetNamed(workbook, 'Summary');
  if (!summary) throw new WorkbookInputError(`${file} has no Summary sheet.`);
  let headerRow = 0;
  summary.eachRow((row, r) => {
    if (headerRow === 0 && isTerm(textOf(row.getCell(1).value).trim(), 'Currency') && isTerm(textOf(row.getCell(2).value).trim(), 'Period start')) headerRow = r;
  });
  if (headerRow === 0) throw new WorkbookInputError(`The Summary sheet of ${file} has no table of periods.`);
  const c = headerColumns(summary, ['Currency', 'Period start', 'Billing periods', ...PAYG_FIELDS.map(([h]) => h)], summary.name, file, headerRow);
  type Sums = Record<(typeof PAYG_FIELDS)[number][1], number> & { count: number };
  const empty = (): Sums => ({ billed: 0, collected: 0, draft: 0, failed: 0, outstanding: 0, count: 0 });
  const periods = new Map<string, { currency: string; sums: Sums }>();
  const totals = new Map<string, Sums>();
  for (let r = headerRow + 1; r <= summary.rowCount; r++) {
    const row = summary.getRow(r);
    const start = dateOf(row.getCell(c['Period start'] ?? 0).value);
    if (start === null) continue; // a total line, a blank line or a note
    const currency = textOf(row.getCell(c.Currency ?? 0).value).trim();
    if (!isCurrencyCode(currency)) throw new WorkbookInputError(`Summary row ${r} of ${file} names no currency Concilia knows ("${currency}").`);
    const e = currencyExponent(currency);
    const id = `${currency}|${start}`;
    const line = periods.get(id) ?? { currency, sums: empty() };
    periods.set(id, line);
    const total = totals.get(currency) ?? empty();
    totals.set(currency, total);
    const count = countOf(row.getCell(c['Billing periods'] ?? 0).value, `Summary!Billing periods of row ${r}`);
    line.sums.count += count;
    total.count += count;
    for (const [header, field] of PAYG_FIELDS) {
      const minor = minorOf(row.getCell(c[header] ?? 0).value, e, `Summary!${header} of row ${r}`);
      line.sums[field] = addMinor(line.sums[field], minor);
      total[field] = addMinor(total[field], minor);
    }
  }
  const values = (sums: Sums, currency: string): Record<string, string | number> => {
    const e = currencyExponent(currency);
    return { billed: formatMinor(sums.billed, e), collected: formatMinor(sums.collected, e), count: sums.count, draft: formatMinor(sums.draft, e), failed: formatMinor(sums.failed, e), outstanding: formatMinor(sums.outstanding, e) };
  };
  return [
    ...[...periods].map(([id, p]) => ({ id, values: values(p.sums, p.currency) })),
    ...[...totals].map(([currency, sums]) => ({ id: `total|${currency}`, values: values(sums, currency) })),
  ];
}

// ---------------------------------------------------------------------------------------------
// The evidence tables of About

/** The rows of About under `title` (either language): its header row, then lines up to a blank one. */
function table(about: Worksheet, title: string, headers: readonly string[], file: string): { get: (h: string) => string }[] {
  let titleRow = 0;
  about.eachRow((row, r) => {
    if (titleRow === 0 && isTerm(textOf(row.getCell(1).value).trim(), title)) titleRow = r;
  });
  if (titleRow === 0) return [];
  const columns = headerColumns(about, headers, about.name, file, titleRow + 1);
  const out: { get: (h: string) => string }[] = [];
  for (let r = titleRow + 2; r <= about.rowCount; r++) {
    const row = about.getRow(r);
    const cells = headers.map((h) => textOf(row.getCell(columns[h] ?? 0).value).trim());
    if (cells.every((c) => c === '')) break;
    out.push({ get: (h) => cells[headers.indexOf(h)] ?? '' });
  }
  return out;
}

export function readEvidence(about: Worksheet, file: string): WorkbookEvidence {
  const keys = table(about, EVIDENCE.keys.title, EVIDENCE.keys.headers, file).map(
    (l): SignerKeyLine => ({ account: l.get('Account'), displayName: l.get('Display name'), fingerprint: l.get('Key fingerprint'), publicKey: l.get('Public key (Ed25519)') }),
  );
  const signoffs = table(about, EVIDENCE.signoffs.title, EVIDENCE.signoffs.headers, file).map((l): SignedEntryLine => {
    const role = LANGUAGES.some((lang) => WORDS[lang].role.reviewer === l.get('Role')) ? 'reviewer' : 'preparer';
    return {
      signoffId: Number(l.get('Sign-off')),
      role,
      account: l.get('Account'),
      displayName: l.get('Display name'),
      signedAt: l.get('Signed at (UTC)'),
      fingerprint: l.get('Key fingerprint'),
      status: isTerm(l.get('Status'), 'live') ? 'live' : 'voided',
      signature: l.get('Signature'),
      signedText: l.get('Signed entry'),
    };
  });
  const reviews = table(about, EVIDENCE.reviews.title, EVIDENCE.reviews.headers, file).map(
    (l): AttestedReviewLine => ({
      item: l.get('Key'),
      state: reviewStateOf(l.get('Review state')) ?? l.get('Review state'),
      reason: l.get('Reason') === '' ? null : (reviewReasonOf(l.get('Reason')) ?? l.get('Reason')),
      noteSha256: l.get('Note (sha256)') === '' ? null : l.get('Note (sha256)'),
    }),
  );
  return { keys, signoffs, reviews };
}
