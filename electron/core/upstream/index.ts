export * from './portal/index.ts';
export * from './payg/index.ts';
export { UpstreamError, type UpstreamErrorKind, readErrorBody, cleanUpstreamText, type ErrorBody, type ErrorContext } from './errors.ts';
export { CancelledError } from '../http/errors.ts';
export type { QuarantinedRecord } from './quarantine.ts';
export { isCalendarDate, dayNumber, dateOfDay, addDays, daysInclusive, dateOfInstant } from './dates.ts';
