/**
 * The sandbox: a loopback twin of Concilia's two upstream billing APIs — the portal billing report
 * (`GET /apidev/v1/reports/portal/billing`, JWT + API key + tenant, 93-day windows, 10 req/min, 300 s
 * cache) and the PAYG LMS billing periods (`GET /payg/lms/payment-requests[/{id}]`, DRF-style pages) —
 * served from a seeded, lazily generated dataset, with switchable faults (latency, 5xx with HTML
 * bodies, 429 bursts, truncated / malformed bodies, dropped connections, expired tokens, records
 * created while paging).
 *
 * It serves three audiences: demo mode (realistic data with real-world awkwardness), the sync engine's
 * tests (exact expected answers in minor units, restatements, faults) and the benchmarks (sizes up to
 * 100,000 provider×period rows and 1,000,000 billing periods). Electron-free; Node built-ins only.
 *
 *   const sandbox = await startSandbox({ clock: () => now });
 *   const expected = expectedPortalReport(sandbox.dataset, { tenant: 'acme-logistics', from: '2026-01-01', to: '2026-03-31' });
 *   …
 *   await sandbox.close();
 *
 * From a shell: `npm run sandbox` (see cli.ts).
 */

export { startSandbox } from './server.ts';
export type { IssueTokenOptions, Sandbox, SandboxOptions } from './server.ts';

export { NO_FAULTS, validateFaults } from './context.ts';
export type {
  Faults,
  PortalCredential,
  PortalLogEntry,
  RateLimit,
  SandboxCredentials,
  SandboxStats,
} from './context.ts';

export {
  DEFAULT_FIRST_PAYG_ID,
  DEFAULT_FROM,
  DEFAULT_SEED,
  DEFAULT_TENANTS,
  DEFAULT_TO,
  PAYG_STATUS_CODES,
  PAYG_STATUS_LABELS,
  UNKNOWN_STATUS_CODE,
  advancePaygClock,
  createPaygRecords,
  describeDataset,
  generateDataset,
  getPaygRecord,
  getPortalProvider,
  getPortalTenant,
  isPaygStatusLabel,
  paygRecordCount,
  portalDayFigures,
  portalInconsistencies,
  restatePaygRecord,
  restatePortalFigures,
  setGrandTotalMismatch,
} from './generator.ts';
export type {
  CreatePaygOptions,
  Dataset,
  DatasetOptions,
  DayFigures,
  PaygBadRecord,
  PaygBadRecordKind,
  PaygData,
  PaygLoan,
  PaygOptions,
  PaygRecord,
  PaygRestatement,
  PaygStatusLabel,
  PlantedInconsistency,
  PortalData,
  PortalInconsistencyKind,
  PortalOptions,
  PortalProvider,
  PortalRestatement,
  PortalTenant,
  ProviderBias,
  TenantSpec,
} from './generator.ts';

export { allExpectedPaygRecords, expectedPaygRecords, expectedPortalReport, paygTotalsByCurrency } from './expected.ts';
export type {
  ExpectedPaygRecord,
  ExpectedPortalReport,
  ExpectedPortalRow,
  PaygCurrencyTotals,
  PortalReportQuery,
  PortalTotals,
} from './expected.ts';

export {
  DEFAULT_PAYG_ORDERING,
  DEFAULT_PAYG_PAGE_SIZE,
  PAYG_FILTER_NAMES,
  PAYG_ORDERING_FIELDS,
} from './payg-filters.ts';
export type { PaygFilters, PaygOrderingField } from './payg-filters.ts';

export {
  PORTAL_MAX_PROVIDERS,
  PORTAL_MAX_RANGE_DAYS,
  PORTAL_REPORT_PATH,
  PORTAL_REPORT_PERMISSION,
} from './portal-api.ts';
export { PAYG_LIST_PATH } from './payg-api.ts';

export { formatMinor, parseDecimalMinor } from './money.ts';
export { createRng, hash32 } from './random.ts';
export type { Rng } from './random.ts';
