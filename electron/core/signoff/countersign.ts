/**
 * Two-person sign-off with nothing but files: the reviewer countersigns, on their own computer,
 * a workbook the preparer signed and exported; the preparer imports the countersignature, and it
 * becomes the live reviewer sign-off of the range, under the same rules as a reviewer signing in
 * the cache (signoff.ts): another account, the very statement the preparer signed, figures that
 * have not changed since.
 *
 * The reviewer's side needs no cache and no credentials: what it signs comes from the workbook,
 * verified first by the caller (figures hash recomputed from the rows, the preparer's signature
 * checked). The preparer's side trusts nothing in the file the signature does not cover, and
 * nothing the signature covers until the cache agrees with it: the statement hash and the
 * preparer's sign-off are those of this cache, and the reviewer's key is one it knows, or one the
 * preparer has confirmed by its fingerprint (out of band) and chose to trust.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { getConnection } from '../connections/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { ConciliaError } from '../errors.ts';
import type { Identity } from '../identity/identity.ts';
import { COUNTERSIGN_WORDS, type CountersignRefusal } from '../language/countersign.ts';
import { describeRange, formatInstant, type Language } from '../language/index.ts';
import { canonicalJson } from '../review/canonical.ts';
import { ReviewError } from '../review/errors.ts';
import type { Signoff } from '../review/types.ts';
import { Countersignature, makeCountersignature, signedEntries, type CountersignedSignoff } from './countersignature.ts';
import { readiness, voidStale, type SignoffDeps } from './signoff.ts';

function refuse(problem: CountersignRefusal | Parameters<typeof ReviewError.of>[0], kind: 'rejected' | 'invalid_input' | 'conflict' = 'rejected'): never {
  throw ReviewError.of(problem, kind);
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A countersignature is a few kilobytes; anything much larger is not one. */
const MAX_COUNTERSIGNATURE_BYTES = 64 * 1024;

/** A countersignature file's text and the sha256 of its bytes, read with a size cap. */
export async function readCountersignatureFile(path: string): Promise<{ file: string; text: string; fileSha256: string }> {
  const file = basename(path);
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      if ((await handle.stat()).size > MAX_COUNTERSIGNATURE_BYTES) return refuse({ code: 'countersign_unreadable', file }, 'invalid_input');
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ReviewError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConciliaError('not_found', code === 'ENOENT' ? `There is no file ${path}.` : `Cannot read ${path}: ${(error as Error).message}`);
  }
  return { file, text: bytes.toString('utf8'), fileSha256: sha256OfBytes(bytes) };
}

/**
 * The reviewer countersigns the preparer's sign-off of a verified workbook. Refused when the
 * reviewer is the preparer: the same account, or the key the preparer signed with.
 */
export function countersign(signoff: CountersignedSignoff, reviewer: Identity, clock: Clock, language: Language): Countersignature {
  if (reviewer.accountId === signoff.preparer.accountId || reviewer.fingerprint === signoff.preparer.fingerprint) {
    refuse({ code: 'countersign_own_account', name: signoff.preparer.displayName });
  }
  const at = isoInstant(clock());
  const what = `${signoff.connection}, ${describeRange(signoff.from, signoff.to, signoff.period, language)}`;
  const says = COUNTERSIGN_WORDS[language].says(reviewer.displayName, signoff.preparer.displayName, what, formatInstant(at, language));
  return makeCountersignature(signoff, reviewer, at, says);
}

/** A countersignature file read back, its shape checked; refused in words when it is not one. */
export function readCountersignature(text: string, file: string): Countersignature {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse({ code: 'countersign_unreadable', file }, 'invalid_input');
  }
  const parsed = Countersignature.safeParse(value);
  if (!parsed.success) return refuse({ code: 'countersign_unreadable', file }, 'invalid_input');
  return parsed.data;
}

export interface ImportSignoffOptions {
  /** The file's name, for messages. */
  file: string;
  /** The file's bytes' sha256, recorded in the import entry. */
  fileSha256: string;
  /** The fingerprint of a key the cache does not know yet, confirmed with the reviewer out of band. */
  trustKey?: string | null;
}

/** What importing a countersignature would do, checked against the cache; `refusal` says why it would not. */
export interface CountersignatureCheck {
  countersignature: Countersignature;
  /** The preparer's live sign-off it countersigns (when it found one). */
  preparer: Signoff | null;
  /** The reviewer's key is not known to this cache yet: importing needs the preparer to trust it. */
  unknownKey: boolean;
  refusal: ReviewError | null;
}

/**
 * Check a countersignature against the cache without recording it. Voids the range's stale
 * sign-offs first (as signing does), so a restatement synced since is seen.
 */
export function checkCountersignature(deps: SignoffDeps, text: string, options: Omit<ImportSignoffOptions, 'fileSha256'>): CountersignatureCheck {
  const c = readCountersignature(text, options.file);
  const result = (preparer: Signoff | null, unknownKey: boolean, refusal: ReviewError | null): CountersignatureCheck => ({ countersignature: c, preparer, unknownKey, refusal });
  try {
    return result(...rules(deps, c, options));
  } catch (error) {
    if (error instanceof ReviewError) return result(null, false, error);
    throw error;
  }
}

/** The rules, in the order a person would ask them; throws the first refusal. */
function rules(deps: SignoffDeps, c: Countersignature, options: Omit<ImportSignoffOptions, 'fileSha256'>): [Signoff, boolean, ReviewError | null] {
  if (signedEntries(c) === null) refuse({ code: 'countersign_bad_signature', reviewer: c.reviewer.displayName });
  const connection = getConnection(deps.db, c.connection);
  const range = { connection: connection.name, from: c.from, to: c.to, period: c.period };
  const preparerKeys = (accountId: string): string[] => deps.reviews.account(accountId)?.keys.map((k) => k.fingerprint) ?? [];
  if (c.reviewer.accountId === c.preparer.accountId || c.reviewer.fingerprint === c.preparer.fingerprint) refuse({ code: 'countersign_own_account', name: c.preparer.displayName });
  voidStale(deps, connection, range);
  const ofRange = deps.reviews.signoffs(connection, { from: c.from, to: c.to, period: c.period });
  const preparers = ofRange.filter((s) => s.role === 'preparer');
  const signed = preparers.find((s) => s.dataHash === c.statementHash);
  const live = preparers.find((s) => s.status === 'live');
  if (preparers.length === 0) refuse({ code: 'countersign_other_range', ...range });
  const sameSigner = (s: Signoff): boolean => s.accountId === c.preparer.accountId && preparerKeys(s.accountId).includes(c.preparer.fingerprint) && canonicalJson(s.attested) === canonicalJson(c.attested);
  if (signed === undefined || !sameSigner(signed)) {
    // A voided sign-off of this range is why, when the live one (if any) is not the one signed.
    const voided = preparers.filter((s) => s.status === 'voided').pop();
    if (signed === undefined && live === undefined && voided !== undefined) refuse({ code: 'countersign_figures_changed', preparer: voided.author, voided: voided.voidDetail });
    refuse({ code: 'countersign_not_signed_here', ...range, preparer: (live ?? preparers[preparers.length - 1])?.author ?? c.preparer.displayName });
  }
  if (signed.status === 'voided') {
    // Signed again since (the reviews or tolerance changed): the workbook countersigned is an older one.
    if (signed.voidDetail?.kind === 'replaced') refuse({ code: 'countersign_not_signed_here', ...range, preparer: signed.author });
    refuse({ code: 'countersign_figures_changed', preparer: signed.author, voided: signed.voidDetail });
  }
  if (c.reviewer.accountId === signed.accountId || preparerKeys(signed.accountId).includes(c.reviewer.fingerprint)) refuse({ code: 'countersign_own_account', name: signed.author });
  const reviewer = ofRange.find((s) => s.role === 'reviewer' && s.status === 'live');
  if (reviewer) refuse({ code: 'already_signed', author: reviewer.author, role: 'reviewer', at: reviewer.signedAt }, 'conflict');
  const owner = deps.reviews.accounts().find((a) => a.keys.some((k) => k.fingerprint === c.reviewer.fingerprint));
  if (owner && owner.id !== c.reviewer.accountId) refuse({ code: 'countersign_key_other_account', fingerprint: c.reviewer.fingerprint, owner: owner.displayName });
  const unknownKey = owner === undefined;
  const trusted = !unknownKey || options.trustKey?.replace(/\s+/g, '').toLowerCase() === c.reviewer.fingerprint;
  const refusal = trusted ? null : ReviewError.of({ code: 'countersign_unknown_key', reviewer: c.reviewer.displayName, account: c.reviewer.accountId, fingerprint: c.reviewer.fingerprint });
  return [signed, unknownKey, refusal];
}

/**
 * Import a countersignature: checked (signature, range, statement, accounts, key), then recorded
 * as the live reviewer sign-off with the reviewer's own signed entries. The statement must still
 * be the one a reviewer signing in this cache would sign: same figures, reviews and tolerance.
 */
export function importSignoff(deps: SignoffDeps, text: string, options: ImportSignoffOptions): Signoff {
  const check = checkCountersignature(deps, text, options);
  if (check.refusal) throw check.refusal;
  const c = check.countersignature;
  const preparer = check.preparer;
  const entries = signedEntries(c);
  if (preparer === null || entries === null) throw new Error('a countersignature that passed its checks lost them');
  const ready = readiness(deps, { connection: c.connection, from: c.from, to: c.to, period: c.period });
  if (ready.coverageGaps.length > 0) {
    const first = ready.coverageGaps[0];
    refuse({ code: 'not_synced', connection: c.connection, from: c.from, to: c.to, periods: ready.coverageGaps.length, first: { periodStart: first?.periodStart ?? c.from, periodEnd: first?.periodEnd ?? c.to } });
  }
  if (ready.statement.hash !== c.statementHash) refuse({ code: 'statement_changed', preparer: preparer.author });
  const connection = getConnection(deps.db, c.connection);
  return deps.reviews.recordImportedSignoff(connection, {
    from: c.from,
    to: c.to,
    period: c.period,
    statementText: ready.statement.text,
    dataHash: ready.statement.hash,
    figuresHash: ready.figuresHash,
    attested: ready.attested,
    reviewer: c.reviewer,
    registration: check.unknownKey ? entries.registration : null,
    countersign: entries.countersign,
    imported: { file: options.file, fileSha256: options.fileSha256, preparerSignoffId: preparer.id, workbookSha256: c.workbook.sha256 },
  });
}
