/**
 * countersign:* — the two sides of countersigning with nothing but files, in the window. The
 * reviewer opens a workbook the preparer signed (File → Review a workbook…), sees it verified and
 * what the preparer signed, and countersigns it into a small signed file beside it; the preparer
 * opens that file (File → Import a countersignature…), sees who signed and whether the cache knows
 * their key, and imports it. Paths come from the open dialog and stay here: the window names an
 * opened file by an id, never by its path.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { savedLanguage, countersignWorkbook, readWorkbookForReview, type WorkbookForReview } from '../core/export/index.ts';
import { isConciliaError } from '../core/errors.ts';
import { describeProblem, formatInstant, type Language } from '../core/language/index.ts';
import { workbookLanguage } from '../core/language/workbook.ts';
import { checkCountersignature, countersignaturePath, countersignatureText, importSignoff, readCountersignatureFile } from '../core/signoff/index.ts';
import { ContractError, type HandlerOutput, type ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

/** Opened files are few (one dialog at a time); the oldest are forgotten past this. */
const KEEP = 20;

function remember<T>(map: Map<string, T>, value: T): string {
  const id = randomUUID();
  map.set(id, value);
  for (const key of map.keys()) {
    if (map.size <= KEEP) break;
    map.delete(key);
  }
  return id;
}

/** A refusal as the window shows it: the sentence in the app's language, and its code. */
function refusalOf(error: unknown, language: Language): { message: string; code: string } {
  if (isConciliaError(error) && error.problem !== undefined) return { message: describeProblem(error.problem, language), code: error.problem.code };
  if (error instanceof Error) return { message: error.message, code: 'rejected' };
  throw error;
}

export function countersignHandlers(ctx: HandlerContext) {
  const { deps } = ctx;
  const workbooks = new Map<string, WorkbookForReview>();
  const countersignatures = new Map<string, { path: string }>();
  const language = (): Language => savedLanguage(deps.db) ?? 'en';
  const signoffDeps = () => ({ db: deps.db, reviews: deps.reviews, clock: deps.clock });
  const unknown = (what: string) => new ContractError('not_found', `That ${what} is no longer open here; open it again.`);

  return {
    async 'countersign:openWorkbook'(): Promise<HandlerOutput<'countersign:openWorkbook'>> {
      const path = await deps.platform.chooseOpenPath('workbook');
      if (path === null) return { status: 'cancelled' };
      const review = await readWorkbookForReview(path);
      const lang = language();
      const v = review.verification;
      let refusal: { message: string; code: string } | null = null;
      try {
        countersignWorkbook(review, deps.reviews.identity, deps.clock, lang);
      } catch (error) {
        refusal = refusalOf(error, lang);
      }
      const { says, words } = workbookLanguage(lang);
      const what = `${v.connection}, ${words.range(v.from, v.to, words.period[v.period])}`;
      const live = v.signatures.filter((s) => s.status === 'live').length;
      const verdict = v.verdict === 'verified' ? says.verify.verified(what, live) : v.verdict === 'altered' ? says.verify.altered(what) : v.verdict === 'voided' ? says.verify.voided(what) : says.verify.notSigned(what);
      const p = review.preparer;
      return {
        status: 'opened',
        reviewId: remember(workbooks, review),
        file: basename(path),
        connection: v.connection,
        from: v.from,
        to: v.to,
        period: v.period,
        verified: v.ok,
        verdict,
        preparer: p ? { displayName: p.displayName, account: p.account, signedAt: formatInstant(p.signedAt, lang), fingerprint: p.fingerprint } : null,
        statementHash: review.signoff?.statementHash ?? null,
        notes: review.notes.map((n) => ({ sheet: n.sheet, row: n.row, state: n.state, reason: n.reason, note: n.note })),
        refusal,
      };
    },

    'countersign:sign'(input: ParsedInput<'countersign:sign'>): Promise<HandlerOutput<'countersign:sign'>> {
      const review = workbooks.get(input.reviewId);
      if (!review) throw unknown('workbook');
      const countersignature = countersignWorkbook(review, deps.reviews.identity, deps.clock, language());
      const path = countersignaturePath(review.file);
      // Never over another file: a second countersignature of the same workbook is a mistake to see.
      writeFileSync(path, countersignatureText(countersignature), { flag: 'wx', mode: 0o600 });
      ctx.writtenFiles.add(path);
      workbooks.delete(input.reviewId);
      return Promise.resolve({ path, file: basename(path) });
    },

    async 'countersign:openFile'(): Promise<HandlerOutput<'countersign:openFile'>> {
      const path = await deps.platform.chooseOpenPath('countersignature');
      if (path === null) return { status: 'cancelled' };
      const read = await readCountersignatureFile(path);
      const check = checkCountersignature(signoffDeps(), read.text, { file: read.file });
      const c = check.countersignature;
      const refusal = check.refusal && check.refusal.problem?.code !== 'countersign_unknown_key' ? refusalOf(check.refusal, language()) : null;
      return {
        status: 'opened',
        importId: remember(countersignatures, { path }),
        file: read.file,
        connection: c.connection,
        from: c.from,
        to: c.to,
        period: c.period,
        reviewer: { displayName: c.reviewer.displayName, account: c.reviewer.accountId, fingerprint: c.reviewer.fingerprint },
        signedAt: formatInstant(c.signedAt, language()),
        unknownKey: check.unknownKey,
        refusal,
      };
    },

    async 'countersign:import'(input: ParsedInput<'countersign:import'>): Promise<HandlerOutput<'countersign:import'>> {
      const opened = countersignatures.get(input.importId);
      if (!opened) throw unknown('countersignature');
      // Read again: what is imported is the file as it is now, checked again.
      const read = await readCountersignatureFile(opened.path);
      const signoff = importSignoff(signoffDeps(), read.text, { ...read, trustKey: input.trustKey ?? null });
      countersignatures.delete(input.importId);
      return signoff;
    },
  };
}
