/**
 * The review layer: review states, sign-off records, the audit log, saved tolerances and the
 * accounts that act, behind the `ReviewStore` interface (store.ts), its SQLite implementation,
 * and the rules every store shares. It never imports the reconciliation; signing reconciled
 * figures is core/signoff's job.
 */
export { setReview, setReviews, getReviews, listSignoffs, reviewHistory, explanationProblem, MAX_NOTE } from './reviews.ts';
export { voidStaleSignoffs, type StaleSignoffTarget } from './stale-signoffs.ts';
export { reopenRestatedReviews, type RestatedFigure } from './reopen.ts';
export { itemLabeller, type ItemLabeller } from './labels.ts';
export { saveTolerance } from './tolerance.ts';
export { appendAudit, listAuditLog, verifyAuditChain, signedText, GENESIS_HASH } from './audit.ts';
export { createSqliteReviewStore, sqliteReviewReader } from './sqlite-store.ts';
export { buildStatement, noteDigest, parseStatement, statementLines, STATEMENT_VERSION, type Statement, type StatementFigure, type StatementHead, type StatementReview } from './statement.ts';
export { ReviewError } from './errors.ts';
export { canonicalJson, sha256Hex } from './canonical.ts';
export * from './keys.ts';
export * from './types.ts';
export type { ReviewStore, ReviewReader, ReviewRecords, SignoffRecords, AuditTrail, ToleranceSettings, IdentityRegistry } from './store.ts';
