// Which update feed an installed Concilia follows. Companies that host their own mirror of the
// release folder (latest*.yml + installers) point installed apps at it without rebuilding:
//   1. CONCILIA_UPDATE_FEED (environment), for one machine or a managed deployment;
//   2. <userData>/update-feed.json: { "url": "https://..." } or { "enabled": false };
//   3. otherwise the feed built into the app (app-update.yml, from CONCILIA_UPDATE_URL at build).
// The environment wins over the file so an administrator can override a user's file.
// Pure and Electron-free so it is tested directly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FEED_ENV = 'CONCILIA_UPDATE_FEED';
export const FEED_FILE = 'update-feed.json';

export type FeedSource = 'environment' | 'file' | 'built-in';

export type FeedDecision =
  | { readonly kind: 'built-in' }
  | { readonly kind: 'override'; readonly url: string; readonly source: FeedSource }
  | { readonly kind: 'disabled'; readonly source: FeedSource; readonly reason: string }
  | { readonly kind: 'invalid'; readonly source: FeedSource; readonly problem: string };

const OFF_WORDS = new Set(['off', 'none', 'disabled', 'false', '0']);

/**
 * Accepts https feeds anywhere and http only on this machine (a test server). Plain http to a
 * remote host would let anyone on the network swap the update metadata; on Linux nothing else
 * (no OS signature check) would catch that.
 */
export function checkFeedUrl(text: string): { ok: true; url: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'it is not a web address' };
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { ok: false, problem: 'it must start with https://' };
  }
  if (url.username || url.password) {
    return { ok: false, problem: 'it must not contain a user name or password' };
  }
  // The generic provider resolves file names against the URL; without the trailing slash the
  // last path segment would be dropped.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { ok: true, url: url.toString() };
}

function fromText(text: string, source: FeedSource): FeedDecision {
  if (OFF_WORDS.has(text.trim().toLowerCase())) {
    return { kind: 'disabled', source, reason: `updates are turned off by ${describeSource(source)}` };
  }
  const checked = checkFeedUrl(text);
  return checked.ok ? { kind: 'override', url: checked.url, source } : { kind: 'invalid', source, problem: `the update address in ${describeSource(source)} is not usable: ${checked.problem}` };
}

function fromFile(content: string): FeedDecision {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return { kind: 'invalid', source: 'file', problem: `${FEED_FILE} is not valid JSON` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'invalid', source: 'file', problem: `${FEED_FILE} must contain an object such as {"url": "https://updates.example.com/concilia/"}` };
  }
  const record = parsed as Record<string, unknown>;
  if (record.enabled === false) {
    return { kind: 'disabled', source: 'file', reason: `updates are turned off in ${FEED_FILE}` };
  }
  if (record.enabled !== undefined && record.enabled !== true) {
    return { kind: 'invalid', source: 'file', problem: `"enabled" in ${FEED_FILE} must be true or false` };
  }
  if (record.url === undefined) return { kind: 'built-in' };
  if (typeof record.url !== 'string') {
    return { kind: 'invalid', source: 'file', problem: `"url" in ${FEED_FILE} must be a text address` };
  }
  return fromText(record.url, 'file');
}

export function describeSource(source: FeedSource): string {
  switch (source) {
    case 'environment':
      return `the ${FEED_ENV} environment variable`;
    case 'file':
      return FEED_FILE;
    case 'built-in':
      return 'this build of Concilia';
  }
}

export interface FeedInputs {
  readonly env: NodeJS.ProcessEnv;
  readonly userDataDir: string;
  /** Returns the file's text, or null when it does not exist. */
  readonly readFile?: (path: string) => string | null;
}

function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function resolveUpdateFeed(inputs: FeedInputs): FeedDecision {
  const fromEnv = inputs.env[FEED_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromText(fromEnv, 'environment');
  const path = join(inputs.userDataDir, FEED_FILE);
  let content: string | null;
  try {
    content = (inputs.readFile ?? readIfPresent)(path);
  } catch {
    return { kind: 'invalid', source: 'file', problem: `${FEED_FILE} could not be read` };
  }
  return content === null ? { kind: 'built-in' } : fromFile(content);
}

/** For logs: keeps scheme, host and path; drops anything that could carry a credential. */
export function redactUrls(text: string): string {
  return text.replace(/\b(https?:\/\/)(?:[^\s/@]+@)?([^\s?#]*)(?:[?#][^\s]*)?/g, '$1$2');
}
