/**
 * The cover at the top of Summary: what an auditor must know before reading a figure. Which
 * connection, tenant, range and currency; the saved tolerance; whether every period was synced;
 * and each sign-off with its signer. A banner says, in large type on red, when the figures are a
 * draft (no sign-off) or when a sign-off was voided because the figures changed after it.
 */
import type { Signoff } from '../review/types.ts';
import type { CellInput, ColumnKind } from './table.ts';
import type { TypedRowOptions } from './table-sheet.ts';
import type { WorkbookMeta } from './shared-sheets.ts';

export interface CoverFacts {
  from: string;
  to: string;
  period: 'month' | 'week' | 'range';
  /** The currency (portal) or the currencies of the range (PAYG). */
  currency: string;
  /** The saved tolerance (portal) or exception thresholds (PAYG), in words. */
  tolerance: string;
  /** What that line is called: 'Tolerance' (portal) or 'Exception thresholds' (PAYG). */
  toleranceLabel: 'Tolerance' | 'Exception thresholds';
  complete: boolean;
  signoffs: readonly Signoff[];
}

export interface CoverLine {
  values: readonly CellInput[];
  options?: TypedRowOptions;
}

/** What a signer is known by on the cover and in About: the fingerprint of the key that signed, when known. */
export type SignerKey = (signoff: Signoff) => { account: string; fingerprint: string | null };

export type Banner = { kind: 'draft' } | { kind: 'signed'; live: readonly Signoff[] } | { kind: 'voided'; last: Signoff };

/** Live sign-offs make the range signed; otherwise a voided one says so; otherwise it is a draft. */
export function bannerOf(signoffs: readonly Signoff[]): Banner {
  const live = signoffs.filter((s) => s.status === 'live');
  if (live.length > 0) return { kind: 'signed', live };
  const voided = signoffs.filter((s) => s.status === 'voided');
  const last = voided[voided.length - 1];
  return last ? { kind: 'voided', last } : { kind: 'draft' };
}

/** The UTC instant as a reader writes it: "2026-03-01 10:00 UTC". */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The cover's lines, `width` columns wide (every cell text). */
export function coverLines(meta: WorkbookMeta, facts: CoverFacts, signer: SignerKey, width: number): CoverLine[] {
  const { term, says, words } = meta.lang;
  const text: ColumnKind[] = Array.from({ length: width }, () => 'text');
  const line = (label: string, value: string | null, bold = false): CoverLine => ({ values: [term(label), null, value], options: { kinds: text, bold } });
  const banner = bannerOf(facts.signoffs);
  const roles = (list: readonly Signoff[]): string => list.map((s) => `${words.role[s.role]} ${s.author} (${utcMinute(s.signedAt)})`).join(' · ');
  const bannerLine: CoverLine =
    banner.kind === 'signed'
      ? { values: [says.cover.signed(roles(banner.live))], options: { kinds: text, banner: 'ok' } }
      : { values: [banner.kind === 'draft' ? says.cover.draft : says.cover.voided(utcMinute(banner.last.signedAt))], options: { kinds: text, banner: 'alarm' } };
  const lines: CoverLine[] = [
    { values: [says.cover.title(meta.connection.name)], options: { kinds: text, bold: true } },
    bannerLine,
    line('Connection', meta.connection.name),
    line('Tenant', meta.connection.tenant),
    line('From', facts.from),
    line('To', facts.to),
    line('Period', words.period[facts.period]),
    line('Currency', facts.currency),
    line(facts.toleranceLabel, facts.tolerance),
    line('Completeness', facts.complete ? says.cover.complete : says.cover.incomplete, !facts.complete),
    line('Figures hash (sha256)', meta.figuresHash),
  ];
  lines.push({ values: [says.cover.signoffs], options: { kinds: text, bold: true } });
  if (facts.signoffs.length === 0) lines.push({ values: [null, null, says.cover.none], options: { kinds: text } });
  for (const s of facts.signoffs) {
    const { account, fingerprint } = signer(s);
    const status = s.status === 'live' ? term('live') : `${term('voided')} ${s.voidedAt ? utcMinute(s.voidedAt) : ''}`.trim();
    const parts = [words.role[s.role], s.author, account, utcMinute(s.signedAt), fingerprint === null ? null : `${term('Key fingerprint')} ${fingerprint}`, status];
    lines.push({ values: [null, null, parts.filter((p) => p !== null).join(' · ')], options: { kinds: text, highlight: s.status !== 'live' } });
  }
  lines.push({ values: [says.cover.verifyHint], options: { kinds: text } });
  lines.push({ values: [], options: { kinds: text } });
  return lines;
}
