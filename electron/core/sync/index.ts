export { syncConnection } from './engine.ts';
export { getCoverage, getStatus, type CoverageWindow, type ConnectionStatus, type LastSync, type DateRange } from './status.ts';
export { testConnection } from './test-connection.ts';
export { refreshBillingPeriod, type RefreshResult } from './refresh.ts';
export { SyncError, type SyncDeps, type SyncParams, type SyncProgress, type SyncResult } from './types.ts';
export { cutPeriods, cutWindows, chunkProviders, planWindows, isoWeekMonday, monthLastDay, PeriodError, type Period, type PeriodKind, type PlannedWindow, type DateWindow } from './periods.ts';
export { readRawBody } from './raw.ts';
export { PORTAL_FRESH_MS } from './portal-window.ts';
export { PAYG_RECENT_DAYS, paygWindowIsSettled } from './payg-window.ts';
