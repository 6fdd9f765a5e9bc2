import { resolve } from 'node:path';
import { openCache, defaultCachePath } from '../../core/cache/index.ts';
import { demoCachePath, runDemo, type DemoResult } from '../../core/demo/index.ts';
import { demoSays, type DemoSays } from '../../core/language/demo.ts';
import { formatMinor, currencyExponent } from '../../core/money/index.ts';
import { createSqliteReviewStore } from '../../core/review/sqlite-store.ts';
import { MemorySecretStore } from '../../core/secrets.ts';
import { parseCommandArgs, requireString } from '../args.ts';
import { UsageError, type Command } from '../context.ts';
import { appVersion } from './export.ts';

const USAGE = `
concilia demo [--out FILE.xlsx] [--db PATH]

The one-command tour: starts the built-in sandbox (a loopback twin of both upstream APIs),
adds a demo portal and a demo PAYG connection to a demo cache, syncs 2025, reconciles, and
writes two workbooks: FILE.xlsx (portal) and FILE-payg.xlsx (PAYG). The tour and its workbooks
speak the system's language (LC_ALL, LC_MESSAGES, LANG: English or Spanish).

Options:
  --out FILE.xlsx   the portal workbook (default: concilia-demo.xlsx in the current folder)
  --db PATH         the demo cache (default: demo.sqlite beside the default cache; your own
                    cache is never touched unless you name it here)

The demo uses a fast rate limit on both the sandbox and the client, and its own credentials
(kept in memory; nothing is read from or written to CONCILIA_TOKEN / CONCILIA_API_KEY).
`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { out: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}".`);
    const out = resolve(requireString(values.out ?? 'concilia-demo.xlsx', '--out'));
    if (!out.toLowerCase().endsWith('.xlsx')) throw new UsageError(`--out must end in .xlsx (got "${values.out ?? ''}").`);
    // Without --db, ctx.dbPath is the default cache: the demo goes beside it, never into it.
    const dbPath = ctx.dbPath === defaultCachePath(ctx.env) ? demoCachePath(ctx.dbPath) : ctx.dbPath;
    const db = openCache(dbPath);
    const says = demoSays(ctx.language);
    try {
      ctx.io.stdout.write(`${says.cache(dbPath)}\n`);
      const result = await runDemo(
        { db, reviews: createSqliteReviewStore(db, ctx.clock, () => ctx.identity()), secrets: new MemorySecretStore(), fetch: ctx.fetch, clock: ctx.clock, sleep: ctx.sleep },
        { out, appVersion: appVersion(), language: ctx.language, signal: ctx.signal, onStep: (message) => ctx.io.stdout.write(`${message}\n`) },
      );
      ctx.io.stdout.write(summary(result, dbPath, says));
      return 0;
    } finally {
      db.close();
    }
  },
};

function summary(result: DemoResult, dbPath: string, says: DemoSays): string {
  const lines = ['', says.done(result.elapsedMs)];
  for (const s of result.steps) {
    const rec = s.export.reconciliation;
    lines.push(says.synced(s.connection, s.kind, s.sync.rows, s.sync.requests, s.sync.outcome));
    if (rec.kind === 'portal') {
      const e = currencyExponent(rec.currency);
      lines.push(
        says.portal(formatMinor(rec.totals.invoicedMinor, e), rec.currency, formatMinor(rec.totals.providerReportedMinor, e), formatMinor(rec.totals.differenceMinor, e)),
        says.outside(rec.totals.outOfTolerance, rec.totals.rowCount, rec.findings.length),
      );
    } else {
      for (const t of rec.totals) lines.push(says.payg(t));
      lines.push(says.exceptions(s.export.counts.exceptions));
    }
    lines.push(says.workbook(s.export.path));
  }
  const db = /\s/.test(dbPath) ? `"${dbPath}"` : dbPath;
  lines.push('', says.explore(`concilia --db ${db} reconcile demo-portal --from ${result.from} --to ${result.to}`), '');
  return lines.join('\n');
}
