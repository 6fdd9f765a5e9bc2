export { setReview, getReviews, reviewMap } from './reviews.ts';
export { signOff, listSignoffs, revalidateSignoffs } from './signoff.ts';
export { appendAudit, listAuditLog, verifyAuditChain, GENESIS_HASH } from './audit.ts';
export { SYSTEM_ACTOR } from './signoff-store.ts';
export { canonicalJson, sha256Hex } from './canonical.ts';
export * from './keys.ts';
export * from './types.ts';
export type { ReviewStore, ReviewReader, ReviewRecords, SignoffRecords, AuditTrail, ToleranceSettings } from './store.ts';
