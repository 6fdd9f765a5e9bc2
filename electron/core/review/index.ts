/**
 * The review layer: review states, sign-off records, the audit log and saved tolerances behind the
 * `ReviewStore` interface (store.ts), its SQLite implementation, and the rules every store shares.
 * It never imports the reconciliation; signing reconciled figures is core/signoff's job.
 */
export { setReview, setReviews, getReviews, listSignoffs, MAX_NOTE } from './reviews.ts';
export { voidStaleSignoffs, type StaleSignoffTarget } from './stale-signoffs.ts';
export { saveTolerance } from './tolerance.ts';
export { appendAudit, listAuditLog, verifyAuditChain, GENESIS_HASH } from './audit.ts';
export { createSqliteReviewStore, sqliteReviewReader } from './sqlite-store.ts';
export { ReviewError } from './errors.ts';
export { canonicalJson, sha256Hex } from './canonical.ts';
export * from './keys.ts';
export * from './types.ts';
export type { ReviewStore, ReviewReader, ReviewRecords, SignoffRecords, AuditTrail, ToleranceSettings } from './store.ts';
