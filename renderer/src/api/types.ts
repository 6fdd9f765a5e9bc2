/** The renderer's view of the contract's types, in one place (type-only: nothing of the core is bundled). */
export type {
  AuditEntryView,
  AuditVerification,
  Channel,
  ChannelInput,
  ChannelOutput,
  ConciliaApi,
  ConnectionKind,
  ConnectionStatus,
  ConnectionView,
  CoverageWindow,
  CredentialStatus,
  EventPayload,
  PortalFinding,
  PortalFinding as Finding,
  OpenItem,
  PaygException,
  PaygReconciliation,
  PeriodKind,
  PortalReconciliation,
  PortalRow,
  Reconciliation,
  Restatement,
  Result,
  ReviewReason,
  ReviewState,
  ReviewView,
  SecretProtection,
  Settings,
  SignoffRole,
  SignoffView,
  SyncProgress,
  SyncResult,
} from './contract.ts';
export { REVIEW_REASONS, REVIEW_STATES } from './contract.ts';

import type { PortalRowStatus } from './contract.ts';
export type PortalClass = PortalRowStatus;
export const PORTAL_CLASSES: readonly PortalClass[] = ['MATCHED', 'WITHIN_TOLERANCE', 'PROVIDER_HIGHER', 'PROVIDER_LOWER'];
