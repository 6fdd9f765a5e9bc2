/**
 * The IPC contract: everything the renderer may ask of main (or of the browser harness), and
 * everything it may hear back. The renderer imports only from here.
 */
export { CHANNEL_NAMES, EVENT_NAMES, isChannel, isEventName, type Channel, type EventName } from './names.ts';
export {
  channels,
  type Channels,
  type ChannelInput,
  type ChannelOutput,
  type ParsedInput,
  type HandlerOutput,
} from './channels.ts';
export { events, type EventPayload } from './events.ts';
export { describeIssue, type IssueLabel } from './issues.ts';
export { ERROR_KINDS, ContractError, ok, fail, isResult, type ErrorKind, type Result, type ResultError } from './result.ts';
export {
  createClient,
  preloadTransport,
  harnessTransport,
  transportForWindow,
  type ConciliaApi,
  type ConciliaBridge,
  type Transport,
  type HarnessTransportOptions,
} from './client.ts';
export type {
  AuditEntryView,
  AuditVerification,
  CacheHealthView,
  ConnectionKind,
  ConnectionStatus,
  ConnectionView,
  CoverageWindow,
  CredentialStatus,
  AgeingRow,
  ItemName,
  CoverageGap,
  PortalFinding,
  PaygRow,
  PaygTotal,
  PortalPeriodTotals,
  PortalTotals,
  QuarantinedRecord,
  OpenItem,
  PaygException,
  PaygReconciliation,
  PeriodKind,
  PortalReconciliation,
  PortalRow,
  PortalRowStatus,
  Reconciliation,
  ReconciliationSummary,
  ReconciliationView,
  PortalSummary,
  PaygSummary,
  ViewFilter,
  ViewList,
  ViewPage,
  ViewSort,
  Removal,
  ViewQuery,
  ViewKeys,
  RowsSort,
  OpenItemsSort,
  ExceptionsSort,
  Restatement,
  ReviewView,
  SecretProtection,
  RememberedRange,
  Settings,
  SignoffReadiness,
  SignoffView,
  WorkbookReviewView,
  CountersignatureView,
  IdentityView,
  ReviewTallyView,
  SyncProgress,
  Theme,
  SyncResult,
} from './schemas.ts';
export { ROWS_PAGE_MAX, KEYS_MAX, ROW_SORT_COLUMNS, OPEN_ITEM_SORT_COLUMNS, EXCEPTION_SORT_COLUMNS } from './schemas.ts';
export type { ReviewReason, ReviewState, SignoffRole, ReviewItemKind, ItemLabel } from '../core/review/types.ts';
export { REVIEW_REASONS, REVIEW_STATES, SETTLED_STATES, SIGNOFF_ROLES, REVIEW_ITEM_KINDS } from '../core/review/types.ts';
// The sentences people read (audit entries, void reasons, review history, refusals), from the
// core's one module, so the window says exactly what the command line and the workbook say.
export {
  describeActor,
  describeOwnAccount,
  describeAuditEntry,
  describeChange,
  describeItem,
  describeProblem,
  describeRange,
  describeTally,
  describeTolerance,
  describeVerification,
  describeVoid,
  FINDING_UNITS,
  type Language,
  type Problem,
} from '../core/language/index.ts';
