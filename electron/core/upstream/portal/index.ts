export { createPortalClient, PORTAL_REPORT_PATH, PORTAL_MAX_DAYS, PORTAL_MAX_PROVIDERS } from './client.ts';
export type { PortalClient, PortalClientOptions, PortalQuery, CallOptions, FetchedResponse } from './client.ts';
export { parsePortalReport, portalRowSchema, portalGrandTotalSchema, portalEnvelopeSchema } from './schema.ts';
export type { PortalReport, PortalRow, PortalGrandTotal } from './schema.ts';
export { mapPortalError, PORTAL_PERMISSION, type PortalRequestFacts } from './errors.ts';
