/**
 * The PAYG list's query parameters: names, validation and the DRF-style error messages. Shared by the
 * server (payg-api.ts) and the expected answers (expected.ts), which implement the matching and the
 * ordering independently of each other.
 */

import { parseIsoDate } from './calendar.ts';
import { PAYG_STATUS_LABELS, isPaygStatusLabel } from './generator.ts';

/** Filters of `GET /payg/lms/payment-requests` (empty values are ignored, as django-filter does). */
export interface PaygFilters {
  /** Case-insensitive substring of loanName; several terms (split on spaces/commas) must all match. */
  search?: string;
  /** Exact currency code. */
  currency?: string;
  /** Exact status label (one of the five documented labels; anything else is a 400). */
  status?: string;
  /** Exact funding programme. */
  funding_source?: string;
  /** Inclusive bounds on start_date / end_date (YYYY-MM-DD). */
  start_date_gte?: string;
  start_date_lte?: string;
  end_date_gte?: string;
  end_date_lte?: string;
  /** Comma-separated fields, `-` for descending (default `-created_at`); ties are broken by ascending id. */
  ordering?: string;
}

export const PAYG_FILTER_NAMES = [
  'search',
  'currency',
  'status',
  'funding_source',
  'start_date_gte',
  'start_date_lte',
  'end_date_gte',
  'end_date_lte',
  'ordering',
] as const satisfies readonly (keyof PaygFilters)[];

export const PAYG_DATE_FILTERS = ['start_date_gte', 'start_date_lte', 'end_date_gte', 'end_date_lte'] as const;

/** Fields the list can be ordered by (every field of the record; `status` orders by label). */
export const PAYG_ORDERING_FIELDS = [
  'id',
  'loanName',
  'start_date',
  'end_date',
  'status',
  'currency',
  'totalAmountIncMaintenanceFee',
  'funding_source',
  'created_at',
] as const;
export type PaygOrderingField = (typeof PAYG_ORDERING_FIELDS)[number];

export const DEFAULT_PAYG_ORDERING = '-created_at';
/** Page size when `limit` is not given. */
export const DEFAULT_PAYG_PAGE_SIZE = 20;

export interface OrderingKey {
  field: PaygOrderingField;
  descending: boolean;
}

function isOrderingField(name: string): name is PaygOrderingField {
  return (PAYG_ORDERING_FIELDS as readonly string[]).includes(name);
}

/** Parses `ordering`; returns the keys or an error message. */
export function parseOrdering(text: string | undefined): OrderingKey[] | { error: string } {
  const raw = text === undefined || text.trim() === '' ? DEFAULT_PAYG_ORDERING : text;
  const keys: OrderingKey[] = [];
  for (const part of raw.split(',')) {
    const term = part.trim();
    if (term === '') continue;
    const descending = term.startsWith('-');
    const field = descending ? term.slice(1) : term;
    if (!isOrderingField(field)) {
      return { error: `Invalid ordering field "${field}". Choose from: ${PAYG_ORDERING_FIELDS.join(', ')}.` };
    }
    keys.push({ field, descending });
  }
  if (keys.length === 0) return parseOrdering(DEFAULT_PAYG_ORDERING);
  return keys;
}

/** Splits a search string into lower-cased terms (DRF SearchFilter style). */
export function searchTerms(search: string | undefined): string[] {
  if (search === undefined) return [];
  return search
    .replace(/\0/g, '')
    .split(/[\s,]+/)
    .map((t) => t.toLowerCase())
    .filter((t) => t !== '');
}

export type PaygListParams =
  | { ok: true; filters: PaygFilters; ordering: OrderingKey[]; page: number; limit: number }
  | { ok: false; status: 400 | 404; body: Record<string, unknown> };

/**
 * Validates the list's query string. Decisions (the docs are silent): an invalid or past-the-end page is
 * a 404 `{"detail": "Invalid page."}` as DRF answers; an invalid limit, date, status or ordering field is
 * a 400 with `{"field": ["message"]}`; a limit above the cap is silently capped; unknown parameters are
 * ignored.
 */
export function parsePaygListParams(params: URLSearchParams, limitCap: number): PaygListParams {
  const errors: Record<string, string[]> = {};
  const filters: PaygFilters = {};
  for (const name of PAYG_FILTER_NAMES) {
    const value = params.get(name);
    if (value !== null && value.trim() !== '') filters[name] = value.trim();
  }
  for (const name of PAYG_DATE_FILTERS) {
    const value = filters[name];
    if (value !== undefined && parseIsoDate(value) === null) errors[name] = ['Enter a valid date.'];
  }
  if (filters.status !== undefined && !isPaygStatusLabel(filters.status)) {
    errors['status'] = [
      `Select a valid choice. ${filters.status} is not one of the available choices (${PAYG_STATUS_LABELS.join(', ')}).`,
    ];
  }
  const ordering = parseOrdering(filters.ordering);
  if ('error' in ordering) errors['ordering'] = [ordering.error];

  let limit = Math.min(DEFAULT_PAYG_PAGE_SIZE, limitCap);
  const limitText = params.get('limit');
  if (limitText !== null && limitText.trim() !== '') {
    if (!/^-?\d+$/.test(limitText.trim())) errors['limit'] = ['A valid integer is required.'];
    else {
      const n = Number(limitText.trim());
      if (n < 1) errors['limit'] = ['Ensure this value is greater than or equal to 1.'];
      else limit = Math.min(n, limitCap);
    }
  }
  if (Object.keys(errors).length > 0 || 'error' in ordering) return { ok: false, status: 400, body: errors };

  let page = 1;
  const pageText = params.get('page');
  if (pageText !== null && pageText.trim() !== '') {
    const t = pageText.trim();
    if (t === 'last') page = Number.POSITIVE_INFINITY;
    else if (!/^\d+$/.test(t) || Number(t) < 1) return { ok: false, status: 404, body: { detail: 'Invalid page.' } };
    else page = Number(t);
  }
  return { ok: true, filters, ordering, page, limit };
}
