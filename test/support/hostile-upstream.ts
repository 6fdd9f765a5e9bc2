/**
 * A hostile twin of both upstreams, on loopback, for the sync's integrity tests.
 *
 * Honest by default: a PAYG service (list ordered by id, `limit` capped, DRF pages, retrieve by
 * id) over billing periods taken from the sandbox's generator, and a portal report over rows the
 * test gives. Each request then passes through the behaviours the test scripts, in order: a
 * behaviour may change the upstream (delete a record after page 1), lie about a page (another
 * count, a repeated id, a third decimal), or answer on its own (stall after the headers, stream
 * 600 MB, redirect, send broken gzip, 429 with a long Retry-After, bytes that are not UTF-8).
 *
 * Nothing here is a mock of Concilia: the sync under test talks HTTP to this server.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allExpectedPaygRecords, generateDataset, type PaygRecord } from '../../electron/core/sandbox/index.ts';

export const PAYG_LIST_PATH = '/payg/lms/payment-requests';
export const PORTAL_PATH = '/apidev/v1/reports/portal/billing';

/** A billing period as the PAYG service serves it (the amount is a decimal string), plus whatever a behaviour adds. */
export type PaygRecordJson = Omit<PaygRecord, 'created_at' | 'funding_source'> & { funding_source: string | null; [extra: string]: unknown };

/** A portal row; numeric fields are the JSON number text written as is ("245800.00"). */
export interface PortalRowText {
  provider_id: string;
  provider_name: string;
  task_count: string;
  total_invoiced: string;
  total_provider: string;
  total_paid: string;
  pending_payment: string;
  approval_rate: string;
  approved_count: string;
  rejected_count: string;
  review_count: string;
}

export type Api = 'payg-list' | 'payg-record' | 'portal' | 'other';

export interface HostileRequest {
  api: Api;
  url: URL;
  headers: IncomingHttpHeaders;
  /** How many requests of this api arrived so far, this one included (1-based). */
  n: number;
  /** PAYG list: the page asked for. */
  page: number | null;
  /** PAYG record: the id asked for. */
  id: number | null;
}

/** A whole answer, or full control of the response (stalls, streams, broken encodings). */
export type Reply = { status: number; headers?: Record<string, string>; body: string | Buffer } | { raw: (res: ServerResponse) => void };

/** A DRF page, before it is written: behaviours may change it. */
export interface PageBody {
  count: number;
  next: string | null;
  previous: string | null;
  results: PaygRecordJson[];
}

export interface BehaviourContext {
  upstream: HostileUpstream;
  /** The honest PAYG page for this request (list requests only). */
  page(): PageBody;
  /** Write a JSON value as the answer. */
  json(status: number, value: unknown, headers?: Record<string, string>): Reply;
}

/** Return a Reply to answer, a PageBody to answer with that page, or nothing to pass on. */
export type Behaviour = (req: HostileRequest, ctx: BehaviourContext) => Reply | PageBody | undefined | void;

export interface LoggedRequest {
  api: Api;
  path: string;
  search: string;
  status: number;
  at: number;
}

export interface HostileUpstream {
  url: string;
  /** The PAYG Bearer key and the portal's credentials this server accepts. */
  paygKey: string;
  portal: { token: string; apiKey: string; tenant: string; currency: string };
  /** The PAYG service's billing periods, by id (change them freely). */
  records: Map<number, PaygRecordJson>;
  /** The portal report's rows (one report for any range). */
  portalRows: PortalRowText[];
  /** Largest page served (default 100). */
  limitCap: number;
  behaviours: Behaviour[];
  log: LoggedRequest[];
  /** Replace the behaviours (none: honest). */
  behave(...behaviours: Behaviour[]): void;
  requestsOf(api: Api): LoggedRequest[];
  /** Resolves when the next request of `api` arrives. */
  nextRequest(api: Api): Promise<HostileRequest>;
  close(): Promise<void>;
}

export interface HostileOptions {
  /** Billing periods to generate (default 390, one window's worth for a month). */
  periods?: number;
  /** PAYG data range (default a month: 2025-03-03 … 2025-03-30). */
  from?: string;
  to?: string;
  loans?: number;
  limitCap?: number;
  seed?: number;
}

/** Billing periods from the sandbox's generator, as served. */
export function generatedRecords(options: HostileOptions = {}): PaygRecordJson[] {
  const dataset = generateDataset({
    seed: options.seed ?? 7,
    payg: { loans: options.loans ?? 120, from: options.from ?? '2025-03-03', to: options.to ?? '2025-03-30', periods: options.periods ?? 390 },
  });
  return allExpectedPaygRecords(dataset).map((r) => ({
    id: r.id,
    loanName: r.loanName,
    start_date: r.startDate,
    end_date: r.endDate,
    status: { code: r.statusCode, label: r.statusLabel },
    currency: r.currency,
    totalAmountIncMaintenanceFee: r.amountText,
    funding_source: r.fundingSource,
  }));
}

/** The portal report body, numbers written exactly as given. */
export function portalBody(rows: readonly PortalRowText[]): string {
  const numeric = new Set(['task_count', 'total_invoiced', 'total_provider', 'total_paid', 'pending_payment', 'approval_rate', 'approved_count', 'rejected_count', 'review_count']);
  const row = (r: PortalRowText): string =>
    `{${Object.entries(r)
      .map(([k, v]) => `${JSON.stringify(k)}:${numeric.has(k) ? v : JSON.stringify(v)}`)
      .join(',')}}`;
  const sum = (field: keyof PortalRowText): string => {
    // Exact to the cent: the test rows carry two decimals.
    const cents = rows.reduce((s, r) => s + BigInt(r[field].replace('.', '')), 0n);
    const text = cents.toString().padStart(3, '0');
    return `${text.slice(0, -2)}.${text.slice(-2)}`;
  };
  const tasks = rows.reduce((s, r) => s + Number(r.task_count), 0);
  const grand = `{"total_invoiced":${sum('total_invoiced')},"total_provider":${sum('total_provider')},"total_paid":${sum('total_paid')},"pending_payment":${sum('pending_payment')},"task_count":${tasks}}`;
  return `{"success":true,"data":{"rows":[${rows.map(row).join(',')}],"grand_total":${grand}}}`;
}

export function portalRow(id: string, invoiced: string, over: Partial<PortalRowText> = {}): PortalRowText {
  return {
    provider_id: id,
    provider_name: `Provider ${id}`,
    task_count: '10',
    total_invoiced: invoiced,
    total_provider: invoiced,
    total_paid: invoiced,
    pending_payment: '0.00',
    approval_rate: '100.00',
    approved_count: '10',
    rejected_count: '0',
    review_count: '0',
    ...over,
  };
}

function apiOf(path: string): Api {
  if (path === PAYG_LIST_PATH) return 'payg-list';
  if (path.startsWith(`${PAYG_LIST_PATH}/`)) return 'payg-record';
  if (path === PORTAL_PATH) return 'portal';
  return 'other';
}

export async function startHostileUpstream(options: HostileOptions = {}): Promise<HostileUpstream> {
  const records = new Map<number, PaygRecordJson>(generatedRecords(options).map((r) => [r.id, r]));
  const counts: Record<Api, number> = { 'payg-list': 0, 'payg-record': 0, portal: 0, other: 0 };
  const waiting: { api: Api; resolve: (r: HostileRequest) => void }[] = [];
  let base = '';

  const upstream: HostileUpstream = {
    url: '',
    paygKey: 'payg-key-7f3a9c1e5b2d8f40',
    portal: { token: 'eyJhbGciOiJIUzI1NiJ9.hostile-portal-token.c2lnbmF0dXJl', apiKey: 'portal-key-91b7e2c4d6a8f031', tenant: 'acme-logistics', currency: 'COP' },
    records,
    portalRows: [portalRow('P-100', '188665.66'), portalRow('P-200', '245800.00')],
    limitCap: options.limitCap ?? 100,
    behaviours: [],
    log: [],
    behave(...behaviours) {
      upstream.behaviours = behaviours;
    },
    requestsOf: (api) => upstream.log.filter((l) => l.api === api),
    nextRequest: (api) => new Promise((resolve) => waiting.push({ api, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function honestPage(url: URL): PageBody {
    const page = Number(url.searchParams.get('page') ?? '1');
    const limit = Math.min(upstream.limitCap, Number(url.searchParams.get('limit') ?? '20'));
    const gte = url.searchParams.get('start_date_gte');
    const lte = url.searchParams.get('start_date_lte');
    const matching = [...records.values()]
      .filter((r) => (gte === null || r.start_date >= gte) && (lte === null || r.start_date <= lte))
      .sort((a, b) => a.id - b.id);
    const results = matching.slice((page - 1) * limit, page * limit);
    const link = (p: number): string => {
      const next = new URL(url.toString());
      next.searchParams.set('page', String(p));
      return `${base}${next.pathname}${next.search}`;
    };
    return { count: matching.length, next: page * limit < matching.length ? link(page + 1) : null, previous: page > 1 ? link(page - 1) : null, results };
  }

  const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  });

  function honest(req: HostileRequest, page: () => PageBody): Reply {
    if (req.api === 'payg-list' || req.api === 'payg-record') {
      if (req.headers.authorization !== `Bearer ${upstream.paygKey}`) return json(401, { detail: 'Invalid token.' });
      if (req.api === 'payg-record') {
        const record = req.id === null ? undefined : records.get(req.id);
        return record ? json(200, record) : json(404, { detail: 'Not found.' });
      }
      const body = page();
      if (body.results.length === 0 && (req.page ?? 1) > 1) return json(404, { detail: 'Invalid page.' });
      return json(200, body);
    }
    if (req.api === 'portal') {
      const p = upstream.portal;
      if (req.headers.authorization !== `Bearer ${p.token}` || req.headers['x-api-key'] !== p.apiKey || req.headers.tenant !== p.tenant) {
        return json(401, { success: false, error: { code: 'UNAUTHORIZED', message: 'Invalid credentials' } });
      }
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: portalBody(upstream.portalRows) };
    }
    return json(404, { detail: 'Not found.' });
  }

  function send(res: ServerResponse, reply: Reply): number {
    if ('raw' in reply) {
      reply.raw(res);
      return res.statusCode;
    }
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    res.writeHead(reply.status, { 'Content-Length': String(body.length), ...reply.headers });
    res.end(body);
    return reply.status;
  }

  const server = createServer((incoming: IncomingMessage, res: ServerResponse) => {
    incoming.resume();
    const url = new URL(incoming.url ?? '/', 'http://hostile.invalid');
    const api = apiOf(url.pathname);
    counts[api]++;
    const detail = api === 'payg-record' ? url.pathname.slice(PAYG_LIST_PATH.length + 1) : null;
    const req: HostileRequest = {
      api,
      url,
      headers: incoming.headers,
      n: counts[api],
      page: api === 'payg-list' ? Number(url.searchParams.get('page') ?? '1') : null,
      id: detail !== null && /^\d+$/.test(detail) ? Number(detail) : null,
    };
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i];
      if (w && w.api === api) {
        waiting.splice(i, 1);
        w.resolve(req);
      }
    }
    let cached: PageBody | undefined;
    const page = (): PageBody => (cached ??= honestPage(url));
    const ctx: BehaviourContext = { upstream, page, json };
    let reply: Reply | undefined;
    for (const behaviour of upstream.behaviours) {
      const answer = behaviour(req, ctx);
      if (!answer) continue;
      reply = 'results' in answer ? json(200, answer) : answer;
      break;
    }
    const status = send(res, reply ?? honest(req, page));
    upstream.log.push({ api, path: url.pathname, search: url.search, status, at: Date.now() });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.url = base;
  return upstream;
}

// ───────────────────────────── scripted behaviours ─────────────────────────────

/** Only for this api (and, for the PAYG list, only these pages). */
export function on(api: Api, behaviour: Behaviour, pages?: (page: number) => boolean): Behaviour {
  return (req, ctx) => (req.api === api && (!pages || (req.page !== null && pages(req.page))) ? behaviour(req, ctx) : undefined);
}

/** Headers sent, then the body starts and never finishes. */
export function stallAfterHeaders(): Reply {
  return {
    raw: (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"count": 3, "results": [');
    },
  };
}

/** `megabytes` of a valid-looking JSON body, streamed from one reused buffer (never allocated whole). */
export function hugeBody(megabytes: number, declareLength = false): Reply {
  return {
    raw: (res) => {
      const head = Buffer.from('{"count":1,"results":[{"id":1,"loanName":"');
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const total = megabytes * 1024 * 1024;
      res.writeHead(200, { 'Content-Type': 'application/json', ...(declareLength ? { 'Content-Length': String(total + head.length) } : {}) });
      let sent = 0;
      let closed = false;
      res.on('close', () => {
        closed = true;
      });
      const pump = (): void => {
        while (!closed && sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!closed) res.end();
      };
      res.write(head);
      pump();
    },
  };
}

/** `[[[[…]]]]`, `depth` levels. */
export function deepJson(depth: number): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: `${'['.repeat(depth)}${']'.repeat(depth)}` };
}

/** A redirect to `location`. */
export function redirectTo(location: string, status = 302): Reply {
  return { status, headers: { Location: location }, body: '' };
}

/** Says gzip, is not gzip. */
export function brokenGzip(): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: Buffer.from('this is not gzip data, whatever the header says') };
}
