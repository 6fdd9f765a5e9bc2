/**
 * Helpers for the sandbox contract tests: exact JSON parsing (numbers keep their source text, so
 * amounts are compared in minor units without ever becoming floats) and request shortcuts.
 */

import { parseDecimalMinor } from '../../../electron/core/sandbox/money.ts';
import type { PortalCredential, Sandbox } from '../../../electron/core/sandbox/index.ts';

/** A JSON number kept as its source text ("245800.00"). */
export class RawNumber {
  readonly raw: string;
  constructor(raw: string) {
    this.raw = raw;
  }
}

type ExactReviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

/** JSON.parse where every number becomes a RawNumber holding its exact source text. */
export function parseExact(text: string): unknown {
  const reviver: ExactReviver = (_key, value, context) => {
    if (typeof value === 'number') {
      if (context?.source === undefined) throw new Error('JSON.parse source text access is not available');
      return new RawNumber(context.source);
    }
    return value;
  };
  return JSON.parse(text, reviver);
}

/** Minor units of a JSON amount written with exactly two decimals; throws otherwise. */
export function minorOf(value: unknown): number {
  if (!(value instanceof RawNumber)) throw new Error(`not a JSON number: ${JSON.stringify(value)}`);
  if (!/^-?\d+\.\d{2}$/.test(value.raw)) throw new Error(`amount without exactly 2 decimals: ${value.raw}`);
  const minor = parseDecimalMinor(value.raw);
  if (minor === null) throw new Error(`unreadable amount ${value.raw}`);
  return minor;
}

/** An integer JSON number (counts); throws for anything else. */
export function intOf(value: unknown): number {
  if (!(value instanceof RawNumber) || !/^-?\d+$/.test(value.raw)) throw new Error(`not an integer: ${JSON.stringify(value)}`);
  return Number(value.raw);
}

export function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

export function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error('not an array');
  return value;
}

export function portalHeaders(c: Pick<PortalCredential, 'token' | 'apiKey' | 'tenant'>): Record<string, string> {
  return { Authorization: `Bearer ${c.token}`, 'X-API-Key': c.apiKey, tenant: c.tenant };
}

export function reportUrl(sandbox: Sandbox, query: Record<string, string>): string {
  return `${sandbox.url}/apidev/v1/reports/portal/billing?${new URLSearchParams(query).toString()}`;
}

export interface Fetched {
  status: number;
  headers: Headers;
  text: string;
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The error code of a portal error envelope. */
export function portalErrorCode(text: string): string {
  const body = record(JSON.parse(text));
  if (body['success'] !== false) throw new Error(`not an error envelope: ${text}`);
  const error = record(body['error']);
  if (typeof error['message'] !== 'string' || error['message'] === '') throw new Error('error without message');
  return String(error['code']);
}

export function portalErrorMessage(text: string): string {
  return String(record(record(JSON.parse(text))['error'])['message']);
}

export function paygHeaders(sandbox: Sandbox): Record<string, string> {
  return { Authorization: `Bearer ${sandbox.credentials.payg.apiKey}` };
}

export function paygUrl(sandbox: Sandbox, query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const q = params.toString();
  return `${sandbox.url}/payg/lms/payment-requests${q ? `?${q}` : ''}`;
}

export interface PaygPage {
  count: number;
  next: string | null;
  previous: string | null;
  results: Record<string, unknown>[];
}

export async function paygPage(sandbox: Sandbox, query: Record<string, string | number> = {}): Promise<PaygPage> {
  const r = await get(paygUrl(sandbox, query), paygHeaders(sandbox));
  if (r.status !== 200) throw new Error(`PAYG ${r.status}: ${r.text}`);
  const body = record(JSON.parse(r.text));
  return {
    count: Number(body['count']),
    next: body['next'] as string | null,
    previous: body['previous'] as string | null,
    results: list(body['results']).map(record),
  };
}

/** Every record for a query, following `next` links. */
export async function paygAll(sandbox: Sandbox, query: Record<string, string | number> = {}): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let page = await paygPage(sandbox, { limit: 100, ...query });
  out.push(...page.results);
  while (page.next) {
    const r = await get(page.next, paygHeaders(sandbox));
    if (r.status !== 200) throw new Error(`PAYG ${r.status}: ${r.text}`);
    const body = record(JSON.parse(r.text));
    page = {
      count: Number(body['count']),
      next: body['next'] as string | null,
      previous: body['previous'] as string | null,
      results: list(body['results']).map(record),
    };
    out.push(...page.results);
  }
  return out;
}

/** The demo tenant's credential (with the report permission). */
export function demoCredential(sandbox: Sandbox, tenant = 'acme-logistics'): PortalCredential {
  const c = sandbox.credentials.portal.find((x) => x.tenant === tenant && x.hasReportPermission);
  if (!c) throw new Error(`no credential for ${tenant}`);
  return c;
}
