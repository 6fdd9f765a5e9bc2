import type { CacheDatabase, ReadableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import { assertCurrencyCode, currencyExponent, CurrencyError, parseDecimalToMinor } from '../money/index.ts';
import type { AuditTrail } from '../review/store.ts';
import { originOf } from '../secrets.ts';
import { validateBaseUrl } from './base-url.ts';
import { ConnectionError } from './errors.ts';

export { validateBaseUrl, isLoopbackHost } from './base-url.ts';
export { ConnectionError } from './errors.ts';

export type ConnectionKind = 'portal' | 'payg';

export interface Connection {
  id: number;
  name: string;
  kind: ConnectionKind;
  baseUrl: string;
  /** Portal only. */
  tenant: string | null;
  /** Portal only: the tenant's currency (the report carries none). */
  currency: string | null;
  toleranceAbsMinor: number;
  /** Exact decimal percent, e.g. "0.5". */
  tolerancePct: string;
  createdAt: string;
  /**
   * The origin (scheme://host:port) the connection's credentials belong to: the one it was added
   * with, changed only by setConnectionUrl. Nothing is sent while baseUrl is elsewhere.
   */
  credentialOrigin: string;
}

export interface ConnectionInput {
  name: string;
  kind: ConnectionKind;
  baseUrl: string;
  tenant?: string | null;
  currency?: string | null;
  toleranceAbsMinor?: number;
  tolerancePct?: string;
}

/** What updateConnection changes; the address changes through setConnectionUrl only. */
/** What updateConnection changes. The tolerance is not here: it changes only through the review store, audited (review/tolerance.ts). */
export type ConnectionPatch = Partial<Pick<ConnectionInput, 'name' | 'tenant' | 'currency'>>;

interface ConnectionRow {
  id: number;
  name: string;
  kind: ConnectionKind;
  base_url: string;
  tenant: string | null;
  currency: string | null;
  tolerance_abs_minor: number;
  tolerance_pct: string;
  created_at: string;
  credential_origin: string;
}

const COLUMNS = 'id, name, kind, base_url, tenant, currency, tolerance_abs_minor, tolerance_pct, created_at, credential_origin';

function fromRow(row: ConnectionRow): Connection {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url,
    tenant: row.tenant,
    currency: row.currency,
    toleranceAbsMinor: row.tolerance_abs_minor,
    tolerancePct: row.tolerance_pct,
    createdAt: row.created_at,
    credentialOrigin: row.credential_origin,
  };
}

/** Names appear in commands and file names: letters, digits, and . _ - (no spaces). */
export function validateName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new ConnectionError(`"${name.slice(0, 70)}" cannot be a connection name: use up to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.`);
  }
  return name;
}

function validateTenant(tenant: string | null | undefined): string {
  const value = (tenant ?? '').trim();
  // eslint-disable-next-line no-control-regex
  if (value === '' || value.length > 253 || /[\s\u0000-\u001f]/.test(value)) {
    throw new ConnectionError('A portal connection needs its tenant (the tenant name the portal expects, without spaces).');
  }
  return value;
}

function validateCurrency(currency: string | null | undefined): string {
  try {
    return assertCurrencyCode((currency ?? '').trim().toUpperCase());
  } catch (error) {
    if (error instanceof CurrencyError) throw new ConnectionError(`A portal connection needs its tenant's currency: ${error.message}`);
    throw error;
  }
}

/** A tolerance typed as a decimal, in minor units of the currency; more decimals than it has is refused, not rounded. */
export function toleranceToMinor(text: string, currency: string | null): number {
  if (currency === null) throw new ConnectionError('A PAYG connection has no amount tolerance: it only applies to portal connections.');
  const exponent = currencyExponent(currency);
  const parsed = parseDecimalToMinor(text, exponent);
  if (parsed.rounded) throw new ConnectionError(`The tolerance ${text} has more decimals than ${currency} allows (${exponent}).`);
  return parsed.minor;
}

/** A new connection as a person types it (the tolerance as a decimal of its currency), as addConnection takes it. */
export type TypedConnection =
  | { kind: 'portal'; name: string; baseUrl: string; tenant: string; currency: string; toleranceAbs?: string | undefined; tolerancePct?: string | undefined }
  | { kind: 'payg'; name: string; baseUrl: string };

export function connectionInputOf(typed: TypedConnection): ConnectionInput {
  if (typed.kind === 'payg') return { kind: 'payg', name: typed.name, baseUrl: typed.baseUrl };
  return {
    kind: 'portal',
    name: typed.name,
    baseUrl: typed.baseUrl,
    tenant: typed.tenant,
    currency: typed.currency,
    toleranceAbsMinor: typed.toleranceAbs === undefined ? 0 : toleranceToMinor(typed.toleranceAbs, typed.currency),
    tolerancePct: typed.tolerancePct ?? '0',
  };
}

/** A tolerance a connection may keep: a whole non-negative number of minor units, and a plain non-negative percent. */
export function validateTolerance(abs: number | undefined, pct: string | undefined): { abs: number; pct: string } {
  const a = abs ?? 0;
  if (!Number.isSafeInteger(a) || a < 0) throw new ConnectionError('The tolerance amount must be zero or more.');
  const p = (pct ?? '0').trim();
  try {
    if (parseDecimalToMinor(p, 6).minor < 0 || !/^\d+(\.\d+)?$/.test(p)) throw new Error('negative');
  } catch {
    throw new ConnectionError(`The tolerance percentage must be a plain number such as 0.5, not "${p.slice(0, 20)}".`);
  }
  return { abs: a, pct: p };
}

function known(db: ReadableDB): string {
  const names = db.prepare<[], { name: string }>('SELECT name FROM connection ORDER BY name').all().map((r) => r.name);
  return names.length === 0 ? 'There are no connections yet: add one with concilia source add.' : `Known connections: ${names.join(', ')}.`;
}

export function addConnection(db: CacheDatabase, input: ConnectionInput, clock: Clock): Connection {
  const name = validateName(input.name);
  const baseUrl = validateBaseUrl(input.baseUrl);
  const tenant = input.kind === 'portal' ? validateTenant(input.tenant) : null;
  const currency = input.kind === 'portal' ? validateCurrency(input.currency) : null;
  if (input.kind !== 'portal' && input.kind !== 'payg') throw new ConnectionError('The kind of a connection is portal or payg.');
  if (input.kind === 'payg' && (input.tenant || input.currency)) {
    throw new ConnectionError('A PAYG connection has no tenant or currency: each billing period carries its own currency.');
  }
  const tolerance = validateTolerance(input.toleranceAbsMinor, input.tolerancePct);
  const exists = db.prepare<[string], { id: number }>('SELECT id FROM connection WHERE name = ?').get(name);
  if (exists) throw new ConnectionError(`A connection named "${name}" already exists. Choose another name, or remove it first.`, 'conflict');
  const info = db
    .prepare('INSERT INTO connection (name, kind, base_url, tenant, currency, tolerance_abs_minor, tolerance_pct, created_at, credential_origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(name, input.kind, baseUrl, tenant, currency, tolerance.abs, tolerance.pct, isoInstant(clock()), originOf(baseUrl));
  return getConnectionById(db, Number(info.lastInsertRowid));
}

export function listConnections(db: ReadableDB): Connection[] {
  return db.prepare<[], ConnectionRow>(`SELECT ${COLUMNS} FROM connection ORDER BY name`).all().map(fromRow);
}

/** The connection by name, the one lookup every face uses; the error (not_found) names the known ones. */
export function getConnection(db: ReadableDB, name: string): Connection {
  const row = db.prepare<[string], ConnectionRow>(`SELECT ${COLUMNS} FROM connection WHERE name = ?`).get(name);
  if (!row) throw new ConnectionError(`There is no connection named "${name.slice(0, 70)}". ${known(db)}`, 'not_found');
  return fromRow(row);
}

function getConnectionById(db: ReadableDB, id: number): Connection {
  const row = db.prepare<[number], ConnectionRow>(`SELECT ${COLUMNS} FROM connection WHERE id = ?`).get(id);
  if (!row) throw new ConnectionError(`Connection ${id} disappeared while it was being saved.`);
  return fromRow(row);
}

export function updateConnection(db: CacheDatabase, name: string, patch: ConnectionPatch): Connection {
  const current = getConnection(db, name);
  const next = {
    name: patch.name === undefined ? current.name : validateName(patch.name),
    tenant: current.kind === 'portal' && patch.tenant !== undefined ? validateTenant(patch.tenant) : current.tenant,
    currency: current.kind === 'portal' && patch.currency !== undefined ? validateCurrency(patch.currency) : current.currency,
  };
  if (current.kind === 'payg' && ((patch.tenant ?? null) !== null || (patch.currency ?? null) !== null)) {
    throw new ConnectionError('A PAYG connection has no tenant or currency.');
  }
  if (current.kind === 'portal' && next.currency !== current.currency) {
    const rows = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM portal_row WHERE connection_id = ?').get(current.id)?.n ?? 0;
    if (rows > 0) {
      throw new ConnectionError(`Connection "${name}" already holds figures in ${current.currency}; its currency cannot change. Add a new connection for ${next.currency}.`, 'rejected');
    }
  }
  if (next.name !== current.name && db.prepare('SELECT 1 FROM connection WHERE name = ?').get(next.name)) {
    throw new ConnectionError(`A connection named "${next.name}" already exists.`, 'conflict');
  }
  db.prepare('UPDATE connection SET name = ?, tenant = ?, currency = ? WHERE id = ?').run(next.name, next.tenant, next.currency, current.id);
  return getConnectionById(db, current.id);
}

export interface UrlChange {
  connection: Connection;
  /** The origin changed: credentials stored for the old one must be entered again. */
  originChanged: boolean;
}

/**
 * Point a connection at another address, recorded in the review store's audit log (signed by the
 * store's identity).
 * The origin the credentials belong to follows the address, so the caller clears stored
 * credentials when `originChanged` (the app) or the user sets the right ones in the environment
 * (the command line).
 */
export function setConnectionUrl(db: CacheDatabase, name: string, url: string, change: { audit: Pick<AuditTrail, 'appendAudit'> }): UrlChange {
  const baseUrl = validateBaseUrl(url);
  return db.transaction((): UrlChange => {
    const current = getConnection(db, name);
    if (current.baseUrl === baseUrl && current.credentialOrigin === originOf(baseUrl)) return { connection: current, originChanged: false };
    const origin = originOf(baseUrl);
    db.prepare('UPDATE connection SET base_url = ?, credential_origin = ? WHERE id = ?').run(baseUrl, origin, current.id);
    change.audit.appendAudit({
      action: 'connection.set_url',
      connectionId: current.id,
      subject: current.name,
      payload: { from: current.baseUrl, to: baseUrl, fromOrigin: current.credentialOrigin, toOrigin: origin },
    });
    return { connection: getConnectionById(db, current.id), originChanged: origin !== current.credentialOrigin };
  }).immediate();
}

/**
 * Where a request for this connection would go, refused (ConnectionError) when that is not the
 * origin its credentials belong to: the cache's address was changed other than by
 * setConnectionUrl (edited behind Concilia's back).
 */
export function checkedDestination(connection: Connection): string {
  const destination = originOf(connection.baseUrl);
  if (connection.credentialOrigin === '' || destination !== connection.credentialOrigin) {
    throw new ConnectionError(
      `Connection "${connection.name}" now points at ${destination}, but it was set up for ${connection.credentialOrigin || 'another address'} ` +
        'and its address was not changed through Concilia (the cache may have been edited). Nothing was sent. ' +
        `If ${destination} is right, confirm it with: concilia source set-url ${connection.name} ${connection.baseUrl}`,
    );
  }
  return destination;
}

/** The origin a connection's credentials belong to; undefined when there is no such connection. */
export function credentialOriginOf(db: ReadableDB, name: string): string | undefined {
  const row = db.prepare<[string], { credential_origin: string }>('SELECT credential_origin FROM connection WHERE name = ?').get(name);
  return row === undefined || row.credential_origin === '' ? undefined : row.credential_origin;
}

/** Removes the connection and everything cached for it (windows, rows, raw responses, reviews). */
export function removeConnection(db: CacheDatabase, name: string): void {
  const current = getConnection(db, name);
  db.transaction(() => {
    db.prepare('DELETE FROM connection WHERE id = ?').run(current.id);
  }).immediate();
}
