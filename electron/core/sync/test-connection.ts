import { getConnection } from '../connections/index.ts';
import { isCancelled, UpstreamError } from '../http/errors.ts';
import { redactSecrets } from '../redact.ts';
import { dateOfInstant } from '../upstream/dates.ts';
import { paygClientFor, portalClientFor, type ClientOverrides } from './clients.ts';
import type { UpstreamDeps } from './types.ts';

/**
 * One real, cheap request (today's portal report, or one PAYG record) with the stored
 * credentials, answered in plain words. Never throws for upstream trouble: that is the answer.
 */
export async function testConnection(deps: UpstreamDeps, name: string, options: ClientOverrides & { signal?: AbortSignal } = {}): Promise<{ ok: boolean; message: string }> {
  const connection = getConnection(deps.db, name);
  const secrets: string[] = [];
  for (const field of ['token', 'apiKey'] as const) {
    const value = (await deps.secrets.get(name, field))?.value;
    if (value) secrets.push(value);
  }
  const overrides: ClientOverrides = { ...options, http: { ...options.http, retry: { maxAttempts: 2, ...options.http?.retry } } };
  try {
    if (connection.kind === 'portal') {
      const client = await portalClientFor(deps, connection, overrides);
      const today = dateOfInstant(deps.clock());
      const fetched = await client.fetchReport({ startDate: today, endDate: today }, { signal: options.signal });
      return { ok: true, message: `Connected to the portal (tenant ${connection.tenant ?? ''}): today's report lists ${fetched.value.rows.length} provider(s).` };
    }
    const client = await paygClientFor(deps, connection, overrides);
    const fetched = await client.listPage({ page: 1, limit: 1 }, { signal: options.signal });
    const count = fetched.value.kind === 'page' ? fetched.value.page.count : 0;
    return { ok: true, message: `Connected to the PAYG service: it holds ${count} billing period(s).` };
  } catch (error) {
    if (isCancelled(error, options.signal)) return { ok: false, message: 'The test was cancelled.' };
    const text = error instanceof UpstreamError || error instanceof Error ? error.message : String(error);
    return { ok: false, message: redactSecrets(text, secrets) };
  }
}
