/** Join a connection's base URL (which may carry a path prefix) and an API path. */
export function joinUrl(baseUrl: string, path: string, query: URLSearchParams): string {
  const base = baseUrl.replace(/\/+$/, '');
  const search = query.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
}

/** Path and query only: what raw_response.request_url keeps (headers, hence secrets, never). */
export function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** Canonical request identity: sorted parameters, so equal requests have equal keys. */
export function canonicalKey(path: string, params: Record<string, string | undefined>): string {
  const sorted = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `GET ${path}?${new URLSearchParams(sorted).toString()}`;
}
