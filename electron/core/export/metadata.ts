/**
 * What a workbook says about its own provenance, read from the cache: the connection (never a
 * secret: the cache holds none), the sync windows of the range, and the audit entries about the
 * items the workbook lists.
 */
import type { ReadableDB } from '../cache/index.ts';
import { isoInstant } from '../deps.ts';
import { getConnection } from '../connections/index.ts';
import type { ReviewReader } from '../review/store.ts';
import type { AuditEntry } from '../review/types.ts';
import type { OpenReconciliation } from '../reconcile/reconcile.ts';
import type { ConnectionInfo, SyncWindowInfo, WorkbookMeta } from './shared-sheets.ts';
import type { Language } from '../language/language.ts';
import { canonicalJson } from '../review/canonical.ts';
import { signedText } from '../review/audit.ts';
import { parseStatement } from '../review/statement.ts';
import { itemLabeller } from '../review/labels.ts';
import type { Signoff } from '../review/types.ts';
import type { SignerKey } from './cover.ts';
import type { AttestedReviewLine, SignedEntryLine, SignerKeyLine, WorkbookEvidence } from './evidence.ts';
import { workbookLanguage } from '../language/workbook.ts';

interface WindowRow {
  period_start: string;
  period_end: string;
  window_start: string;
  window_end: string;
  provider_filter: string;
  status: string;
  synced_at: string | null;
  last_attempt_at: string;
  row_count: number;
  quarantined: number;
  error: string | null;
}

export function readConnectionInfo(db: ReadableDB, name: string): ConnectionInfo {
  const { kind, baseUrl, tenant, currency } = getConnection(db, name);
  return { name, kind, baseUrl, tenant, currency };
}

/**
 * The windows a reconciliation of the range reads. Portal windows belong to a period kind (a
 * month's report is not a week's); PAYG windows are start-date windows, whatever the period.
 */
export function readSyncWindows(db: ReadableDB, open: OpenReconciliation): SyncWindowInfo[] {
  const rec = open.outline;
  const portal = rec.kind === 'portal';
  const sql = `SELECT w.period_start, w.period_end, w.window_start, w.window_end, w.provider_filter, w.status, w.synced_at,
      w.last_attempt_at, w.row_count, w.quarantined, w.error
    FROM sync_window w JOIN connection c ON c.id = w.connection_id
    WHERE c.name = @connection AND ${
      portal ? 'w.period_kind = @kind AND w.period_start >= @from AND w.period_end <= @to' : 'w.window_end >= @from AND w.window_start <= @to'
    }
    ORDER BY w.period_start, w.window_start, w.provider_filter`;
  return db
    .prepare<Record<string, string>, WindowRow>(sql)
    .all(portal ? { connection: rec.connection, kind: rec.period, from: rec.from, to: rec.to } : { connection: rec.connection, from: rec.from, to: rec.to })
    .map((w) => ({
      periodStart: w.period_start,
      periodEnd: w.period_end,
      windowStart: w.window_start,
      windowEnd: w.window_end,
      providerFilter: w.provider_filter,
      status: w.status,
      syncedAt: w.synced_at,
      lastAttemptAt: w.last_attempt_at,
      rowCount: w.row_count,
      quarantined: w.quarantined,
      error: w.error,
    }));
}

/**
 * The audit entries about the workbook's items and sign-offs. Filtering by subject rather than
 * by date keeps a February review of a January discrepancy in January's workbook. The log names
 * far fewer subjects than a workbook of a million rows holds keys: the subjects are looked up
 * among the workbook's lists (one pass over each), never the other way round.
 */
export function readAuditEntries(reviews: ReviewReader, open: OpenReconciliation): AuditEntry[] {
  const rec = open.outline;
  const entries = reviews.auditLog({ connection: rec.connection });
  const subjects = new Set<string>();
  for (const entry of entries) if (entry.subject !== null) subjects.add(entry.subject);
  if (subjects.size === 0) return [];
  const small = rec.kind === 'portal' ? rec.findings.map((f) => f.key) : rec.quarantined.map((q) => q.key);
  // A team sign-off's own entry names it by the id its laptop gave it: found through the store.
  const signing = rec.signoffs.flatMap((s) => [`signoff:${s.id}`, reviews.signoffEntry(s)?.subject ?? null]).filter((key) => key !== null);
  const found = new Set<string>([...small, ...rec.restatements.map((r) => r.key), ...signing].filter((key) => subjects.has(key)));
  const big = open.kind === 'portal' ? open.rows.keysAmong(subjects) : open.exceptions.keysAmong(subjects);
  for (const key of [...big, ...open.openItems.keysAmong(subjects)]) found.add(key);
  return entries.filter((entry) => entry.subject !== null && found.has(entry.subject));
}

export function readWorkbookMeta(
  { db, reviews }: { db: ReadableDB; reviews: ReviewReader },
  open: OpenReconciliation,
  options: { appVersion: string; now: number; language: Language },
): WorkbookMeta {
  const { appVersion, now } = options;
  const lang = workbookLanguage(options.language);
  const rec = open.outline;
  return {
    lang,
    figuresHash: open.dataHash(),
    range: lang.words.range(rec.from, rec.to, lang.words.period[rec.period]),
    ...signoffEvidence(reviews, rec.signoffs),
    labelOf: itemLabeller(db, getConnection(db, rec.connection), rec.period),
    savedTolerance: rec.kind === 'portal' ? reviews.savedTolerance(getConnection(db, rec.connection)) : null,
    appVersion,
    exportedAt: isoInstant(now),
    connection: readConnectionInfo(db, open.outline.connection),
    windows: readSyncWindows(db, open),
    auditEntries: readAuditEntries(reviews, open),
  };
}

/**
 * What a workbook carries for `concilia verify` (evidence.ts): each sign-off's signed entry as it
 * was signed, the public keys that signed them (from the log's own registration entries), and the
 * reviews the statement of the latest live sign-off attests. Sign-offs made before identities
 * have no signature and are listed on the cover only.
 */
export function signoffEvidence(reviews: ReviewReader, signoffs: readonly Signoff[]): { evidence: WorkbookEvidence; signer: SignerKey } {
  const keys = new Map<string, SignerKeyLine>();
  const entries: SignedEntryLine[] = [];
  const fingerprints = new Map<number, string>();
  for (const s of signoffs) {
    const sign = reviews.signoffEntry(s);
    if (!sign || sign.signature === null || sign.keyFingerprint === null) continue;
    fingerprints.set(s.id, sign.keyFingerprint);
    const text = signedText({
      at: sign.at,
      actor: sign.actor,
      action: sign.action,
      connection_name: sign.connection,
      subject: sign.subject,
      payload_json: canonicalJson(sign.payload),
      key_fingerprint: sign.keyFingerprint,
    });
    entries.push({
      signoffId: s.id,
      role: s.role,
      account: s.accountId,
      displayName: s.author,
      signedAt: sign.at,
      fingerprint: sign.keyFingerprint,
      status: s.status,
      signature: sign.signature,
      signedText: text,
    });
    if (!keys.has(sign.keyFingerprint)) {
      const registered = reviews.auditLog({ subject: `account:${sign.actor}` }).find((e) => {
        const p = e.payload;
        return e.action === 'identity.register' && typeof p === 'object' && p !== null && !Array.isArray(p) && p.fingerprint === sign.keyFingerprint;
      });
      const payload = registered?.payload as { publicKey?: unknown } | undefined;
      if (typeof payload?.publicKey === 'string') keys.set(sign.keyFingerprint, { account: s.accountId, displayName: s.author, fingerprint: sign.keyFingerprint, publicKey: payload.publicKey });
    }
  }
  const latest = [...signoffs].reverse().find((s) => s.status === 'live' && fingerprints.has(s.id));
  const statement = latest ? parseStatement(reviews.signedFigures(latest.id) ?? '') : null;
  const attested = (statement?.reviews ?? []).map((r): AttestedReviewLine => ({ item: r.item, state: r.state, reason: r.reason, noteSha256: r.note }));
  return {
    evidence: { keys: [...keys.values()], signoffs: entries, reviews: attested },
    signer: (signoff) => ({ account: signoff.accountId, fingerprint: fingerprints.get(signoff.id) ?? null }),
  };
}

