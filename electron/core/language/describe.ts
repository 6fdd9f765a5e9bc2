/**
 * Sentences for people, from structured data: audit entries, void reasons, review history,
 * refusals and the audit log's verification, in English or Spanish. The one place that turns a
 * payload into words, used by the command line, the window (through the contract) and the
 * workbook, so each says the same thing the same way and none shows a key, a code or a field name.
 */
import { accountOrigin } from '../identity/account-id.ts';
import { parseItemKey } from '../review/keys.ts';
import type { AuditEntry, AuditProblem, AuditVerification, ItemFigureChange, ItemLabel, JsonValue, ReviewItemKind, ReviewTally, VoidReason } from '../review/types.ts';
import { formatCount, formatDay, formatDecimal, formatInstant, formatMonthOf, formatPercent } from './format.ts';
import type { Language } from './language.ts';
import { COUNTERSIGN_WORDS, type CountersignRefusal } from './countersign.ts';
import { WORDS, type Counted, type Words } from './words.ts';

/** A refusal or other message, as data; `describeProblem` says it. */
export type Problem =
  | { code: 'open_items'; connection: string; from: string; to: string; open: Record<ReviewItemKind, number> }
  | { code: 'not_synced'; connection: string; from: string; to: string; periods: number; first: { periodStart: string; periodEnd: string } }
  | { code: 'needs_preparer' }
  | { code: 'same_account'; name: string }
  | { code: 'statement_changed'; preparer: string }
  | { code: 'figures_differ'; preparer: string; connection: string; from: string; to: string; changes: ItemFigureChange[]; more: number }
  | { code: 'already_signed'; author: string; role: 'preparer' | 'reviewer'; at: string }
  | { code: 'reason_required'; state: string }
  | { code: 'note_required'; state: string }
  | CountersignRefusal;

const words = (language: Language): Words => WORDS[language];

function counted(n: number, what: Counted, language: Language): string {
  return `${formatCount(n, language)} ${n === 1 ? what.one : what.many}`;
}

function list(parts: readonly string[], language: Language): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} ${words(language).and} ${parts[parts.length - 1] ?? ''}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A period by its start: "March 2025", "week of 3 March 2025", "3 March 2025". */
export function describePeriod(periodStart: string, kind: 'month' | 'week' | 'range' | null, language: Language): string {
  if (kind === 'month') return formatMonthOf(periodStart, language);
  if (kind === 'week') return words(language).weekOf(formatDay(periodStart, language));
  return formatDay(periodStart, language);
}

export function describeRange(from: string, to: string, period: string, language: Language): string {
  const w = words(language);
  return w.range(formatDay(from, language), formatDay(to, language), w.period[period as 'month'] ?? period);
}

/** What people call an item: "Rutas Andinas, March 2025", "billing period 102 (Loan 8), week of 5 January 2026". */
export function describeItem(label: ItemLabel, language: Language): string {
  const w = words(language);
  const at = (what: string, periodStart: string | null): string => (periodStart ? w.itemAt(what, describePeriod(periodStart, label.periodKind, language)) : what);
  if (label.key === 'total') return w.total;
  const totalOf = /^total\|(.+)$/.exec(label.key);
  if (totalOf) return w.totalOf(totalOf[1] ?? '');
  const paygLine = /^([A-Z]{3})\|(\d{4}-\d{2}-\d{2})$/.exec(label.key);
  if (paygLine) return at(paygLine[1] ?? '', paygLine[2] ?? null);
  const parsed = parseItemKey(label.key);
  if (parsed === null) return label.name ?? label.key;
  switch (parsed.kind) {
    case 'portal_row':
      return at(label.name ?? w.provider(parsed.providerId), parsed.periodStart);
    case 'billing_period':
      return at(w.billingPeriod(String(parsed.id), label.name), label.periodStart);
    case 'finding': {
      const who = label.name ?? (parsed.providerId === null ? null : parsed.check === 'quarantined' ? w.record(parsed.providerId) : w.provider(parsed.providerId));
      return at(w.finding(w.check[parsed.check] ?? parsed.check, who), parsed.periodStart);
    }
  }
}

const SNAKE = /_([a-z])/g;
function fieldOf(field: string): string {
  if (field === 'provider') return 'providerReported';
  return field.replace(SNAKE, (_m, c: string) => c.toUpperCase());
}

function describeValue(field: string, value: string | null, language: Language): string {
  const w = words(language);
  if (value === null) return w.none;
  if (field === 'status') return w.billingStatus[value] ?? value;
  if (field === 'startDate' || field === 'endDate') return formatDay(value, language);
  return formatDecimal(value, language);
}

/** "Provider-reported for Rutas Andinas, March 2025 changed from 37,871,055.00 to 38,121,055.00". */
export function describeChange(change: ItemFigureChange, language: Language): string {
  const w = words(language);
  const item = describeItem(change.item, language);
  const field = fieldOf(change.field);
  if (field === 'row' || field === 'presence') return change.to === 'absent' ? capitalise(w.disappeared(item)) : capitalise(w.appeared(item));
  return w.figureChanged(w.field[field] ?? field, item, describeValue(field, change.from, language), describeValue(field, change.to, language));
}

export function describeVoid(reason: VoidReason, language: Language): string {
  const w = words(language);
  switch (reason.kind) {
    case 'text':
      return reason.text;
    case 'replaced':
      return w.void.replaced(w.role[reason.role], reason.author);
    case 'figures_changed': {
      const parts = reason.changes.map((c) => describeChange(c, language));
      if (reason.more > 0) parts.push(w.void.moreChanges(formatCount(reason.more, language)));
      return w.void.figuresChanged(w.role[reason.role], reason.author, parts.length > 0 ? parts.join('; ') : w.void.unknownChange);
    }
  }
}

export function describeTolerance(t: { abs: string; pct: string; currency: string | null }, language: Language): string {
  return words(language).tolerance(formatDecimal(t.abs, language), t.currency, formatPercent(t.pct, language));
}

/** "12 explained, 3 resolved, 1 carried forward", summed over every kind of item. */
export function describeTally(tally: ReviewTally, language: Language): string {
  const sum = (state: 'explained' | 'resolved' | 'carried_forward'): string =>
    formatCount(Object.values(tally).reduce((n, byState) => n + byState[state], 0), language);
  return words(language).settled(sum('explained'), sum('resolved'), sum('carried_forward'));
}

// ---- audit entries -----------------------------------------------------------------------

type Json = { [key: string]: JsonValue };
const isObject = (v: JsonValue | undefined): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: JsonValue | undefined): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function labelFrom(v: JsonValue | undefined, key: string | null, labelOf: ((key: string) => ItemLabel | null) | undefined): ItemLabel {
  if (isObject(v) && typeof v.key === 'string') {
    return { key: v.key, name: text(v.name), periodStart: text(v.periodStart), periodKind: (text(v.periodKind) as ItemLabel['periodKind']) ?? null, currency: text(v.currency) };
  }
  const k = key ?? '';
  return labelOf?.(k) ?? { key: k, name: null, periodStart: null, periodKind: null, currency: null };
}

function changesFrom(v: JsonValue | undefined, item: ItemLabel): ItemFigureChange[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((c) => ({ item: isObject(c.item) ? labelFrom(c.item, null, undefined) : item, field: text(c.field) ?? '', from: text(c.from), to: text(c.to) }));
}

function stateWord(v: JsonValue | undefined, language: Language): string {
  const w = words(language);
  const s = text(v);
  return s !== null && s in w.state ? w.state[s as 'open'] : (s ?? w.state.open);
}

function voidReasonFrom(v: JsonValue | undefined): VoidReason {
  if (typeof v === 'string') return { kind: 'text', text: v };
  if (isObject(v) && v.kind === 'figures_changed') {
    return {
      kind: 'figures_changed',
      role: v.role === 'reviewer' ? 'reviewer' : 'preparer',
      author: text(v.author) ?? '',
      changes: Array.isArray(v.changes) ? v.changes.filter(isObject).map((c) => changesFrom([c], labelFrom(c.item, null, undefined))[0]).filter((c) => c !== undefined) : [],
      more: typeof v.more === 'number' ? v.more : 0,
    };
  }
  if (isObject(v) && v.kind === 'replaced') return { kind: 'replaced', role: v.role === 'reviewer' ? 'reviewer' : 'preparer', author: text(v.author) ?? '' };
  return { kind: 'text', text: '' };
}

/**
 * What an audit entry did, as a sentence ("Marked Rutas Andinas, March 2025 as explained
 * (timing): “credit note in February”."). Who did it and when are the entry's other columns.
 * `labelOf` names items of entries written before they carried their own label.
 */
export function describeAuditEntry(
  entry: Pick<AuditEntry, 'action' | 'subject' | 'payload'>,
  language: Language,
  labelOf?: (key: string) => ItemLabel | null,
): string {
  const w = words(language);
  const p: Json = isObject(entry.payload) ? entry.payload : {};
  switch (entry.action) {
    case 'review.set': {
      const item = describeItem(labelFrom(p.item, text(p.itemKey) ?? entry.subject, labelOf), language);
      const reason = text(p.reason);
      const was = isObject(p.previous) ? stateWord(p.previous.state, language) : null;
      return w.audit.reviewSet(item, stateWord(p.state, language), reason === null ? null : (w.reason[reason as 'other'] ?? reason), text(p.note), was);
    }
    case 'review.reopen': {
      const label = labelFrom(p.item, text(p.itemKey) ?? entry.subject, labelOf);
      const changes = changesFrom(p.changes, label).map((c) => describeChange(c, language));
      return w.audit.reviewReopen(describeItem(label, language), changes.join('; '), isObject(p.previous) ? stateWord(p.previous.state, language) : w.state.open);
    }
    case 'signoff.sign': {
      const range = describeRange(text(p.from) ?? '', text(p.to) ?? '', text(p.period) ?? '', language);
      const role = w.role[p.role === 'reviewer' ? 'reviewer' : 'preparer'];
      const attested = isObject(p.attested) ? p.attested : null;
      const tally = attested && isObject(attested.tally) ? (attested.tally as unknown as ReviewTally) : null;
      const tol = attested && isObject(attested.tolerance) ? attested.tolerance : null;
      return w.audit.signoffSign(
        role,
        range,
        tally ? describeTally(tally, language) : w.unverified,
        tol ? describeTolerance({ abs: text(tol.abs) ?? '0', pct: text(tol.pct) ?? '0', currency: text(tol.currency) }, language) : null,
      );
    }
    case 'signoff.void': {
      const range = describeRange(text(p.from) ?? '', text(p.to) ?? '', text(p.period) ?? '', language);
      return w.audit.signoffVoid(w.role[p.role === 'reviewer' ? 'reviewer' : 'preparer'], text(p.author) ?? '', range, describeVoid(voidReasonFrom(p.reason), language));
    }
    case 'signoff.countersign': {
      const range = describeRange(text(p.from) ?? '', text(p.to) ?? '', text(p.period) ?? '', language);
      const preparer = isObject(p.preparer) ? (text(p.preparer.displayName) ?? text(p.preparer.accountId) ?? '') : '';
      return COUNTERSIGN_WORDS[language].audit.countersign(preparer, range, text(p.dataHash) ?? '');
    }
    case 'signoff.import':
      return COUNTERSIGN_WORDS[language].audit.imported(text(p.reviewerName) ?? text(p.reviewer) ?? '', describeRange(text(p.from) ?? '', text(p.to) ?? '', text(p.period) ?? '', language));
    case 'tolerance.set': {
      const currency = text(p.currency);
      const t = (v: JsonValue | undefined): string => (isObject(v) ? describeTolerance({ abs: text(v.abs) ?? '0', pct: text(v.pct) ?? '0', currency }, language) : w.none);
      return w.audit.toleranceSet(t(p.from), t(p.to));
    }
    case 'identity.register':
      return w.audit.register(text(p.displayName) ?? '');
    case 'identity.rename':
      return w.audit.rename(text(p.from) ?? '', text(p.to) ?? '');
    case 'connection.set_url':
      return w.audit.setUrl(text(p.from) ?? '', text(p.to) ?? '');
    case 'assignment.set': {
      const due = text(p.dueDate);
      return w.audit.assign(describePeriod(text(p.month) ?? '', 'month', language), text(p.assignee), due === null ? null : formatDay(due, language));
    }
    default:
      return w.audit.other;
  }
}

/** Who did it: the account's display name, marked when it was a name typed before identities. */
export function describeActor(entry: Pick<AuditEntry, 'actor' | 'actorName' | 'signed'>, language: Language): string {
  if (entry.signed) return entry.actorName;
  if (entry.actor === 'concilia') return 'Concilia';
  return `${entry.actorName} — ${words(language).unverified}`;
}

/**
 * The account this window or command acts as, in words: "Account ana on this computer (user number
 * 1001)", never the id itself ('posix:ana:1001'), which stays for auditors beside it.
 */
export function describeOwnAccount(accountId: string, language: Language): string {
  const said = words(language).ownAccount;
  const origin = accountOrigin(accountId);
  switch (origin.kind) {
    case 'posix':
      return said.posix(origin.user, origin.uid);
    case 'windows':
      return said.windows(origin.user, origin.computer);
    case 'unverified':
      return said.unverified(origin.name);
    case 'test':
      return said.test(origin.name);
    case 'other':
      return said.other(origin.id);
  }
}

export function describeVerification(v: Pick<AuditVerification, 'ok' | 'entries' | 'signed' | 'firstBadSeq' | 'problem'>, language: Language): string {
  const w = words(language);
  if (v.ok) return v.entries === 0 ? w.verify.empty : w.verify.ok(counted(v.entries, w.kinds.entries, language), `${formatCount(v.signed, language)} ${language === 'es' ? (v.signed === 1 ? 'firma' : 'firmas') : v.signed === 1 ? 'signature' : 'signatures'}`);
  const problem: AuditProblem = v.problem ?? 'entry';
  return w.verify.bad(`#${v.firstBadSeq ?? '?'}`, w.verify.problem[problem]);
}

export function describeProblem(problem: Problem, language: Language): string {
  const w = words(language);
  switch (problem.code) {
    case 'open_items': {
      const open = (['discrepancies', 'findings', 'exceptions'] as const).filter((k) => problem.open[k] > 0).map((k) => counted(problem.open[k], w.kinds[k], language));
      return w.problem.openItems(`${problem.connection}, ${describeRange(problem.from, problem.to, 'range', language).replace(/ \(.*\)$/, '')}`, list(open, language));
    }
    case 'not_synced':
      return w.problem.notSynced(
        `${problem.connection}, ${describeRange(problem.from, problem.to, 'range', language).replace(/ \(.*\)$/, '')}`,
        formatCount(problem.periods, language),
        describeRange(problem.first.periodStart, problem.first.periodEnd, 'range', language).replace(/ \(.*\)$/, ''),
      );
    case 'needs_preparer':
      return w.problem.needsPreparer;
    case 'same_account':
      return w.problem.sameAccount(problem.name);
    case 'statement_changed':
      return w.problem.statementChanged(problem.preparer);
    case 'figures_differ': {
      const parts = problem.changes.map((c) => describeChange(c, language));
      if (problem.more > 0) parts.push(w.void.moreChanges(formatCount(problem.more, language)));
      const range = describeRange(problem.from, problem.to, 'range', language);
      return w.problem.figuresDiffer(problem.preparer, problem.connection, range, parts.length > 0 ? parts.join('; ') : w.void.unknownChange);
    }
    case 'already_signed':
      return w.problem.alreadySigned(problem.author, w.role[problem.role], formatInstant(problem.at, language));
    case 'reason_required':
      return w.problem.reasonRequired(w.state[problem.state as 'explained'] ?? problem.state);
    case 'note_required':
      return w.problem.noteRequired(w.state[problem.state as 'explained'] ?? problem.state);
    default:
      return describeCountersignRefusal(problem, language);
  }
}

function describeCountersignRefusal(problem: CountersignRefusal, language: Language): string {
  const r = COUNTERSIGN_WORDS[language].refusal;
  switch (problem.code) {
    case 'countersign_unreadable':
      return r.unreadable(problem.file);
    case 'countersign_bad_signature':
      return r.badSignature(problem.reviewer);
    case 'countersign_own_account':
      return r.ownAccount(problem.name);
    case 'countersign_other_range':
      return r.otherRange(`${problem.connection}, ${describeRange(problem.from, problem.to, problem.period, language)}`);
    case 'countersign_not_signed_here':
      return r.notSignedHere(`${problem.connection}, ${describeRange(problem.from, problem.to, problem.period, language)}`, problem.preparer);
    case 'countersign_figures_changed':
      return r.figuresChanged(problem.preparer, `${capitalise(problem.voided === null ? words(language).void.unknownChange : describeVoid(problem.voided, language)).replace(/\.?$/, '.')}`);
    case 'countersign_unknown_key':
      return r.unknownKey(problem.reviewer, problem.account, problem.fingerprint);
    case 'countersign_key_other_account':
      return r.keyOtherAccount(problem.fingerprint, problem.owner);
    case 'countersign_not_signed':
      return r.notSigned(problem.file);
    case 'countersign_altered':
      return r.altered(problem.file);
  }
}
