/**
 * What `concilia demo` says as it tours sandbox, sync, reconciliation and export, and the summary
 * it ends with, in English or Spanish. Figures arrive as exact decimal text and are written with
 * the language's separators; dates as the language writes them.
 */
import { formatCount, formatDay, formatDecimal, formatPercent } from './format.ts';
import type { Language } from './language.ts';

type Outcome = 'ok' | 'partial' | 'failed' | 'cancelled';

interface DemoWords {
  cache: (path: string) => string;
  sandbox: (url: string) => string;
  pace: (requests: string, seconds: string) => string;
  syncing: (connection: string, kind: string, from: string, to: string, byWeek: boolean) => string;
  reconciling: (connection: string, out: string) => string;
  syncStopped: (connection: string, outcome: Outcome, error: string | null) => string;
  done: (seconds: string) => string;
  synced: (connection: string, kind: string, rows: string, requests: string, outcome: string) => string;
  portal: (invoiced: string, currency: string, providerReported: string, difference: string) => string;
  outside: (outside: string, rows: string, findings: string) => string;
  payg: (currency: string, billed: string, collected: string, rate: string, outstanding: string, failed: string) => string;
  exceptions: (n: string) => string;
  workbook: (path: string) => string;
  explore: (command: string) => string;
  kind: Record<'portal' | 'payg', string>;
  outcome: Record<Outcome, string>;
}

const en: DemoWords = {
  cache: (path) => `Demo cache: ${path}`,
  sandbox: (url) => `Sandbox running at ${url} (loopback only).`,
  pace: (requests, seconds) => `Demo pace: ${requests} requests per ${seconds} s on both sides (the real portal allows 10 a minute), so the tour takes seconds.`,
  syncing: (connection, kind, from, to, byWeek) => `Syncing ${connection} (${kind}) ${from} to ${to} by ${byWeek ? 'week' : 'month'}…`,
  reconciling: (connection, out) => `Reconciling ${connection} and writing ${out}…`,
  syncStopped: (connection, outcome, error) => `The demo sync of ${connection} ${outcome === 'cancelled' ? 'was cancelled' : 'failed'}: ${error ?? 'no detail'}`,
  done: (seconds) => `Done in ${seconds} s.`,
  synced: (connection, kind, rows, requests, outcome) => `${connection} (${kind}): synced ${rows} rows in ${requests} requests (${outcome}).`,
  portal: (invoiced, currency, providerReported, difference) => `  invoiced ${invoiced} ${currency}, provider-reported ${providerReported}, difference ${difference}`,
  outside: (outside, rows, findings) => `  ${outside} of ${rows} provider-months outside tolerance; ${findings} findings of the upstream checks`,
  payg: (currency, billed, collected, rate, outstanding, failed) => `  ${currency}: billed ${billed}, collected ${collected} (${rate}), outstanding ${outstanding}, failed ${failed}`,
  exceptions: (n) => `  ${n} exceptions to chase`,
  workbook: (path) => `  workbook: ${path}`,
  explore: (command) => `Open the workbooks in Excel or LibreOffice, or explore: ${command}`,
  kind: { portal: 'portal', payg: 'PAYG' },
  outcome: { ok: 'complete', partial: 'partly', failed: 'failed', cancelled: 'cancelled' },
};

const es: DemoWords = {
  cache: (path) => `Caché de la demostración: ${path}`,
  sandbox: (url) => `Entorno de pruebas en marcha en ${url} (solo en este equipo).`,
  pace: (requests, seconds) => `Ritmo de la demostración: ${requests} peticiones cada ${seconds} s en ambos lados (el portal real admite 10 por minuto), así que el recorrido dura segundos.`,
  syncing: (connection, kind, from, to, byWeek) => `Sincronizando ${connection} (${kind}) del ${from} al ${to} por ${byWeek ? 'semanas' : 'meses'}…`,
  reconciling: (connection, out) => `Conciliando ${connection} y escribiendo ${out}…`,
  syncStopped: (connection, outcome, error) => `La sincronización de demostración de ${connection} ${outcome === 'cancelled' ? 'se canceló' : 'falló'}: ${error ?? 'sin detalle'}`,
  done: (seconds) => `Hecho en ${seconds} s.`,
  synced: (connection, kind, rows, requests, outcome) => `${connection} (${kind}): ${rows} filas sincronizadas en ${requests} peticiones (${outcome}).`,
  portal: (invoiced, currency, providerReported, difference) => `  facturado ${invoiced} ${currency}, informado por el proveedor ${providerReported}, diferencia ${difference}`,
  outside: (outside, rows, findings) => `  ${outside} de ${rows} meses de proveedor fuera de la tolerancia; ${findings} hallazgos de los controles de las cifras del origen`,
  payg: (currency, billed, collected, rate, outstanding, failed) => `  ${currency}: facturado ${billed}, cobrado ${collected} (${rate}), por cobrar ${outstanding}, fallido ${failed}`,
  exceptions: (n) => `  ${n} excepciones por gestionar`,
  workbook: (path) => `  libro: ${path}`,
  explore: (command) => `Abra los libros en Excel o LibreOffice, o explore: ${command}`,
  kind: { portal: 'portal', payg: 'PAYG' },
  outcome: { ok: 'completa', partial: 'parcial', failed: 'fallida', cancelled: 'cancelada' },
};

/** The demo's sentences in `language`, with its figures and dates written as that language writes them. */
export function demoSays(language: Language) {
  const w = language === 'es' ? es : en;
  const n = (value: number): string => formatCount(value, language);
  const d = (text: string): string => formatDecimal(text, language);
  const day = (text: string): string => formatDay(text, language);
  return {
    cache: w.cache,
    sandbox: w.sandbox,
    pace: (requests: number, windowMs: number) => w.pace(n(requests), d(String(windowMs / 1000))),
    syncing: (connection: string, kind: 'portal' | 'payg', from: string, to: string, byWeek: boolean) => w.syncing(connection, w.kind[kind], day(from), day(to), byWeek),
    reconciling: w.reconciling,
    syncStopped: w.syncStopped,
    done: (elapsedMs: number) => w.done(d((elapsedMs / 1000).toFixed(1))),
    synced: (connection: string, kind: 'portal' | 'payg', rows: number, requests: number, outcome: Outcome) => w.synced(connection, w.kind[kind], n(rows), n(requests), w.outcome[outcome]),
    portal: (invoiced: string, currency: string, providerReported: string, difference: string) => w.portal(d(invoiced), currency, d(providerReported), d(difference)),
    outside: (outside: number, rows: number, findings: number) => w.outside(n(outside), n(rows), n(findings)),
    payg: (t: { currency: string; billed: string; collected: string; collectionRate: string | null; outstanding: string; failed: string }) =>
      w.payg(t.currency, d(t.billed), d(t.collected), t.collectionRate === null ? '—' : formatPercent(t.collectionRate, language), d(t.outstanding), d(t.failed)),
    exceptions: (count: number) => w.exceptions(n(count)),
    workbook: w.workbook,
    explore: w.explore,
  };
}

export type DemoSays = ReturnType<typeof demoSays>;
