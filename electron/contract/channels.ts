/**
 * Every IPC channel, named once: its input and its output schema. Main and the browser harness
 * parse every input AND every output with these (electron/main/ipc.ts, electron/harness/harness.ts, both through electron/handlers/dispatch.ts),
 * the preload exposes exactly these names, and the renderer's types are inferred from here.
 * Inputs are strict (an unknown key is a mistake worth reporting); outputs strip unknown keys,
 * so nothing reaches the renderer that this file does not name.
 */
import { z } from 'zod';
import {
  AuditLogInput,
  CloseOverviewInput,
  ConnectionAddInput,
  NoInput,
  Range,
  RANGE_ORDER,
  rangeInOrder,
  IdentityRenameInput,
  ReconcileInput,
  ReviewHistoryInput,
  ReviewSetInput,
  Secret,
  SignoffInput,
  SignoffReadinessInput,
  SyncStartInput,
  SyncStatusInput,
} from './inputs.ts';
import type { Channel } from './names.ts';
import { events } from './events.ts';
import {
  AuditEntryView,
  CacheHealthView,
  AuditVerification,
  CloseOverviewView,
  ConnectionName,
  ConnectionStatus,
  ConnectionView,
  CoverageWindow,
  CredentialStatus,
  CurrencyCode,
  IdentityView,
  DESCRIBE_MAX,
  IsoDate,
  ItemName,
  Locale,
  PeriodKind,
  KEYS_MAX,
  PositiveDecimal,
  ReconciliationSummary,
  ROWS_PAGE_MAX,
  ExceptionsQuery,
  OpenItemsQuery,
  RowsQuery,
  ViewKeys,
  ViewPage,
  SecretProtection,
  Settings,
  SignoffReadiness,
  SignoffView,
  WorkbookReviewView,
  CountersignatureView,
  Theme,
} from './schemas.ts';

/** A query of one list of a view (each list with its own sort columns), plus a range of it. */
function viewQuery<const R extends z.ZodRawShape>(range: R) {
  const view = { viewId: z.string().min(1).max(100), ...range };
  return z.discriminatedUnion('list', [RowsQuery.extend(view), OpenItemsQuery.extend(view), ExceptionsQuery.extend(view)]);
}

export const channels = {
  'app:info': {
    input: NoInput,
    output: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.string(),
      /** 'electron' in the desktop app, 'harness' in the browser harness. */
      runtime: z.enum(['electron', 'harness']),
      secretProtection: SecretProtection,
      /** True when the last upstream request failed for want of a network. */
      offline: z.boolean(),
      /** Where the cache lives (shown in About; a path, never a secret). */
      cachePath: z.string(),
      /** SQLite's quick_check of the cache, run in the background at start. */
      cache: CacheHealthView,
    }),
  },
  'connections:list': {
    input: NoInput,
    output: z.array(ConnectionView),
  },
  'connections:add': {
    input: ConnectionAddInput,
    output: ConnectionView,
  },
  'connections:update': {
    input: z.strictObject({
      name: ConnectionName,
      patch: z.strictObject({
        baseUrl: z.string().trim().min(1).optional(),
        tenant: z.string().trim().min(1).max(200).optional(),
        currency: CurrencyCode.optional(),
        toleranceAbs: PositiveDecimal.optional(),
        tolerancePct: PositiveDecimal.optional(),
      }),
    }),
    output: ConnectionView,
  },
  'connections:remove': {
    input: z.strictObject({ name: ConnectionName }),
    output: z.object({ removed: z.boolean() }),
  },
  'connections:test': {
    input: z.strictObject({ name: ConnectionName }),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'connections:setCredentials': {
    /** Write-only: the values go in, only booleans ever come back. */
    input: z
      .strictObject({
        name: ConnectionName,
        token: Secret.optional(),
        apiKey: Secret.optional(),
        /** Required on Linux without a keyring (basic_text): the user accepted weaker protection. */
        acceptWeakProtection: z.boolean().optional(),
      })
      .refine((v) => v.token !== undefined || v.apiKey !== undefined, { message: 'Give a token, an API key, or both.' }),
    output: CredentialStatus,
  },
  'connections:deleteCredentials': {
    input: z.strictObject({ name: ConnectionName, field: z.enum(['token', 'apiKey']).optional() }),
    output: CredentialStatus,
  },
  'connections:credentialStatus': {
    input: z.strictObject({ name: ConnectionName }),
    output: CredentialStatus,
  },
  'demo:open': {
    input: NoInput,
    output: z.object({
      connections: z.array(ConnectionView),
      sandboxUrl: z.string(),
      /** A range the demo data covers, to preset the sync and reconciliation pickers. */
      suggestedRange: z.object({ from: IsoDate, to: IsoDate }),
    }),
  },
  'sync:start': {
    input: SyncStartInput,
    /** Progress and the end arrive as 'sync:onDidProgress' events carrying this job id. */
    output: z.object({ jobId: z.string() }),
  },
  'sync:cancel': {
    input: z.strictObject({ jobId: z.string().min(1) }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'sync:job': {
    input: z.strictObject({ jobId: z.string().min(1).max(100) }),
    /**
     * The job's last 'sync:onDidProgress' event (its result once it ended), null when unknown.
     * Events can be missed (a reloaded window, an event stream still connecting): this is how the
     * window catches up instead of showing a job that runs forever.
     */
    output: events['sync:onDidProgress'].nullable(),
  },
  'sync:coverage': {
    input: z.strictObject({ connection: ConnectionName }),
    output: z.array(CoverageWindow),
  },
  'sync:status': {
    input: SyncStatusInput,
    output: z.array(ConnectionStatus),
  },
  'reconcile:run': {
    input: ReconcileInput,
    /** The summary; the big lists stay in the back end behind `view` (see reconcile:rows). */
    output: ReconciliationSummary,
  },
  'reconcile:summary': {
    /** The summary of an open view again, with the review states as they are now (after review:set). */
    input: z.strictObject({ viewId: z.string().min(1).max(100) }),
    output: ReconciliationSummary,
  },
  'reconcile:rows': {
    /** One page of a view's list, filtered and sorted there; an expired view answers kind 'not_found'. */
    input: viewQuery({
      offset: z.number().int().min(0),
      limit: z.number().int().min(0).max(ROWS_PAGE_MAX, `is at most ${ROWS_PAGE_MAX}`),
    }),
    output: ViewPage,
  },
  'reconcile:keys': {
    /** The item keys of a range of the filtered, sorted list (Shift ranges, "select all matching"); without duplicates. */
    input: viewQuery({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(0).max(KEYS_MAX, `is at most ${KEYS_MAX}`).default(KEYS_MAX),
    }),
    output: ViewKeys,
  },
  'reconcile:describe': {
    /** Provider or loan names and periods for item keys (the window shows these, never the keys). */
    input: z.strictObject({
      connection: ConnectionName,
      keys: z.array(z.string().min(1).max(500)).max(DESCRIBE_MAX, `is at most ${DESCRIBE_MAX}`),
    }),
    output: z.array(ItemName),
  },
  'review:set': {
    input: ReviewSetInput,
    output: z.object({ updated: z.number().int() }),
  },
  'review:history': {
    /** Every change of one item's review, oldest first: set by people, reopened by restatements. */
    input: ReviewHistoryInput,
    output: z.array(AuditEntryView),
  },
  'review:readiness': {
    /** Counts and statement of a range under the saved tolerance: what a sign-off now would sign, or why it would be refused. */
    input: SignoffReadinessInput,
    output: SignoffReadiness,
  },
  'review:signoff': {
    /** Signed as the account running Concilia: there is no author to give. */
    input: SignoffInput,
    output: SignoffView,
  },
  'review:signoffs': {
    input: z.strictObject({ connection: ConnectionName, from: IsoDate.optional(), to: IsoDate.optional() }),
    output: z.array(SignoffView),
  },
  'review:log': {
    input: AuditLogInput,
    output: z.array(AuditEntryView),
  },
  'review:verify': {
    input: NoInput,
    output: AuditVerification,
  },
  'export:run': {
    input: z
      .strictObject({
        ...Range,
        period: PeriodKind.optional(),
        format: z.enum(['xlsx', 'csv']),
        toleranceAbs: PositiveDecimal.optional(),
        tolerancePct: PositiveDecimal.optional(),
        asOf: IsoDate.optional(),
      })
      .refine(rangeInOrder, RANGE_ORDER),
    /** Resolves when the file is written (progress by 'export:onDidProgress'), or when the user cancels the save dialog. */
    output: z.discriminatedUnion('status', [
      z.object({ status: z.literal('cancelled') }),
      z.object({
        status: z.literal('written'),
        path: z.string(),
        format: z.enum(['xlsx', 'csv']),
        rows: z.number().int(),
        sheets: z.array(z.string()),
      }),
    ]),
  },
  'export:showInFolder': {
    /** Only a path written by export:run in this session is shown. */
    input: z.strictObject({ path: z.string().min(1) }),
    output: z.object({ shown: z.boolean() }),
  },
  'countersign:openWorkbook': {
    /** Ask for a workbook (the open dialog) and verify it; nothing needs the connection's cache or credentials. */
    input: NoInput,
    output: WorkbookReviewView,
  },
  'countersign:sign': {
    /** Countersign the workbook opened as reviewId: a signed file written beside it. */
    input: z.strictObject({ reviewId: z.string().min(1).max(100) }),
    output: z.object({ path: z.string(), file: z.string() }),
  },
  'countersign:openFile': {
    /** Ask for a countersignature file and check it against the cache, recording nothing. */
    input: NoInput,
    output: CountersignatureView,
  },
  'countersign:import': {
    /** Import the countersignature opened as importId; trustKey: the fingerprint the user confirmed with the reviewer. */
    input: z.strictObject({ importId: z.string().min(1).max(100), trustKey: z.string().regex(/^[0-9a-f]{64}$/).optional() }),
    output: SignoffView,
  },
  'identity:get': {
    input: NoInput,
    output: IdentityView,
  },
  'identity:rename': {
    /** The name shown for this account; the change is audited. Who acts never changes. */
    input: IdentityRenameInput,
    output: IdentityView,
  },
  'settings:get': {
    input: NoInput,
    output: Settings,
  },
  'settings:set': {
    input: z.strictObject({
      locale: Locale.nullable().optional(),
      theme: Theme.optional(),
      range: z.strictObject({ connection: ConnectionName, from: IsoDate, to: IsoDate, period: PeriodKind }).refine(rangeInOrder, RANGE_ORDER).optional(),
      tolerances: z.array(z.strictObject({ connection: ConnectionName, abs: PositiveDecimal, pct: PositiveDecimal })).optional(),
    }),
    output: Settings,
  },
  'close:overview': {
    input: CloseOverviewInput,
    output: CloseOverviewView,
  },
} as const satisfies Record<Channel, { input: z.ZodType; output: z.ZodType }>;

// Compile-time check that names.ts and this map list the same channels (the satisfies above
// catches a missing one; this catches an extra one).
type _NoExtraChannels = Exclude<keyof typeof channels, Channel> extends never ? true : never;
export const _noExtraChannels: _NoExtraChannels = true;

export type Channels = typeof channels;
/** What the renderer sends (before defaults and trimming). */
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>;
/** What a handler receives (parsed). */
export type ParsedInput<C extends Channel> = z.output<Channels[C]['input']>;
/** What a handler returns (before the output parse strips unknown keys). */
export type HandlerOutput<C extends Channel> = z.input<Channels[C]['output']>;
/** What the renderer receives. */
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>;
