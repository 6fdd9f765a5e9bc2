export { createPaygClient, PAYG_LIST_PATH, PAYG_PAGE_SIZE } from './client.ts';
export type { PaygClient, PaygClientOptions, PaygListQuery, PaygPageResult, PaygRecordResult } from './client.ts';
export { parsePaygPage, parsePaygRecord, parseBillingPeriod, billingPeriodSchema, paygPageSchema, BILLING_STATUSES, FINAL_STATUSES, FAILED_SETTLES_AFTER_DAYS } from './schema.ts';
export type { BillingPeriodRecord, BillingStatus, PaygPage, RecordOutcome } from './schema.ts';
export { mapPaygError } from './errors.ts';
