import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CSV_DELIMITERS, exportReconciliation, workbookLanguageOf, type ExportFormat } from '../../core/export/index.ts';
import { LANGUAGES, languageFromEnv } from '../../core/language/language.ts';
import { oneOf, parseCommandArgs, requireString } from '../args.ts';
import { UsageError, type Command } from '../context.ts';
import { RECONCILE_OPTIONS, readReconcileArgs, requireSyncedData } from '../reconcile-args.ts';

const USAGE = `
concilia export NAME --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx [options]

Write the reconciliation of a connection to an Excel workbook an auditor can read (or, with
--format csv, its discrepancies as one CSV file). The figures are exactly those
concilia reconcile shows for the same arguments. The file appears only when it is complete.

Options:
  --from, --to DATE         the range (inclusive)
  --out FILE                the workbook (.xlsx) or CSV (.csv) to write; replaced if it exists
  --format xlsx|csv         default: from the file name, else xlsx
  --lang en|es              the reader's language: sheet names, headers, labels, notes
                            (default: the app's language setting, else the system's)
  --delimiter ,|;           CSV only: the field separator (default ,); use ; for a
                            spreadsheet set to Spanish or most European languages
  --period month|week|range portal default month; PAYG week or month, default week
  --tolerance-abs AMOUNT    portal: differences up to this amount are within tolerance
  --tolerance-pct PERCENT   portal: ... or up to this percent of invoiced
  --group-by loan|funding_source          PAYG only
  --outstanding-days N, --draft-days N, --stuck-days N   PAYG exception thresholds

Portal workbook: Summary, Discrepancies, All rows, Checks, Review log, About.
PAYG workbook: Summary, Exceptions, Billing periods, Ageing, Checks, Review log, About.
A reviewer may fill Review state, Reason and Note and send it back: see concilia import-review.
`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { ...RECONCILE_OPTIONS, out: { type: 'string' }, format: { type: 'string' }, delimiter: { type: 'string' }, lang: { type: 'string' } });
    const params = readReconcileArgs(values, positionals, 'export', ctx.clock());
    const out = requireString(values.out, '--out FILE');
    const byName = extname(out).toLowerCase() === '.csv' ? 'csv' : 'xlsx';
    const format: ExportFormat = oneOf(values.format, ['xlsx', 'csv'] as const, '--format', byName);
    const ext = extname(out).toLowerCase();
    if ((format === 'csv' && ext !== '.csv') || (format === 'xlsx' && ext !== '.xlsx')) {
      throw new UsageError(`--out must end in .${format} for --format ${format} (got "${out}").`);
    }
    if (values.delimiter !== undefined && format !== 'csv') throw new UsageError('--delimiter applies to a CSV export (--format csv, or --out FILE.csv).');
    const delimiter = oneOf(values.delimiter, CSV_DELIMITERS, '--delimiter', ',');
    const db = ctx.db();
    requireSyncedData(db, params);
    const language = values.lang === undefined ? workbookLanguageOf(db, languageFromEnv(ctx.env)) : oneOf(values.lang, LANGUAGES, '--lang');

    let lastShown = -1;
    const tty = ctx.io.stderr.isTTY === true;
    const result = await exportReconciliation({ db, reviews: ctx.reviews() }, {
      ...params,
      out,
      format,
      delimiter,
      language,
      appVersion: appVersion(),
      signal: ctx.signal,
      ...(tty
        ? {
            onProgress: (written: number, total: number) => {
              const pct = total === 0 ? 100 : Math.floor((written / total) * 100);
              if (pct !== lastShown) ctx.io.stderr.write(`\rWriting… ${pct}%`);
              lastShown = pct;
            },
          }
        : {}),
    });
    if (tty) ctx.io.stderr.write('\r\x1b[K');
    const rec = result.reconciliation;
    ctx.io.stdout.write(
      [
        `Wrote ${result.path}`,
        `  ${result.format === 'xlsx' ? `sheets: ${result.sheets.join(', ')}` : `CSV of ${result.sheets.join(', ')}`}; ${result.rows} data rows`,
        `  ${rec.connection} ${rec.from} to ${rec.to} by ${rec.period}${rec.complete ? '' : ' — NOT COMPLETE: some periods are not fully synced or have quarantined records (see Checks)'}`,
        `  figures hash ${result.figuresHash}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};

/** The version written into a workbook's About sheet: the package's own. */
export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
