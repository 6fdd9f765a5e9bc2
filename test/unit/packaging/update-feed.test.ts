import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFeedUrl, redactUrls, resolveUpdateFeed } from '../../../electron/main/update-feed.ts';

const dirs: string[] = [];
function userData(file?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-feed-'));
  dirs.push(dir);
  if (file !== undefined) writeFileSync(join(dir, 'update-feed.json'), file);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('checkFeedUrl', () => {
  it('accepts https and normalises the folder URL', () => {
    expect(checkFeedUrl('https://updates.example.com/concilia')).toEqual({ ok: true, url: 'https://updates.example.com/concilia/' });
    expect(checkFeedUrl(' https://updates.example.com/concilia/ ')).toEqual({ ok: true, url: 'https://updates.example.com/concilia/' });
  });

  it('accepts plain http only on this machine', () => {
    expect(checkFeedUrl('http://127.0.0.1:8080/feed').ok).toBe(true);
    expect(checkFeedUrl('http://localhost/feed').ok).toBe(true);
    expect(checkFeedUrl('http://updates.example.com/feed')).toEqual({ ok: false, problem: 'it must start with https://' });
    expect(checkFeedUrl('file:///tmp/feed')).toEqual({ ok: false, problem: 'it must start with https://' });
  });

  it('refuses credentials in the address and non-addresses', () => {
    expect(checkFeedUrl('https://user:secret@updates.example.com/')).toEqual({ ok: false, problem: 'it must not contain a user name or password' });
    expect(checkFeedUrl('updates.example.com')).toEqual({ ok: false, problem: 'it is not a web address' });
  });
});

describe('resolveUpdateFeed', () => {
  it('uses the built-in feed when nothing overrides it', () => {
    expect(resolveUpdateFeed({ env: {}, userDataDir: userData() })).toEqual({ kind: 'built-in' });
  });

  it('reads update-feed.json from the user-data folder', () => {
    expect(resolveUpdateFeed({ env: {}, userDataDir: userData('{"url": "https://mirror.example.org/concilia"}') })).toEqual({
      kind: 'override',
      url: 'https://mirror.example.org/concilia/',
      source: 'file',
    });
    expect(resolveUpdateFeed({ env: {}, userDataDir: userData('{"enabled": false}') })).toMatchObject({ kind: 'disabled', source: 'file' });
    expect(resolveUpdateFeed({ env: {}, userDataDir: userData('{"enabled": true}') })).toEqual({ kind: 'built-in' });
  });

  it('lets the environment win over the file, and turn updates off', () => {
    const dir = userData('{"url": "https://mirror.example.org/concilia"}');
    expect(resolveUpdateFeed({ env: { CONCILIA_UPDATE_FEED: 'https://it.example.net/apps/concilia/' }, userDataDir: dir })).toEqual({
      kind: 'override',
      url: 'https://it.example.net/apps/concilia/',
      source: 'environment',
    });
    expect(resolveUpdateFeed({ env: { CONCILIA_UPDATE_FEED: 'off' }, userDataDir: dir })).toMatchObject({ kind: 'disabled', source: 'environment' });
    expect(resolveUpdateFeed({ env: { CONCILIA_UPDATE_FEED: '  ' }, userDataDir: dir })).toMatchObject({ kind: 'override', source: 'file' });
  });

  it('reports a broken override instead of silently falling back to the public feed', () => {
    expect(resolveUpdateFeed({ env: {}, userDataDir: userData('{url: nope}') })).toEqual({ kind: 'invalid', source: 'file', problem: 'update-feed.json is not valid JSON' });
    expect(resolveUpdateFeed({ env: {}, userDataDir: userData('["https://x.example"]') })).toMatchObject({ kind: 'invalid', source: 'file' });
    expect(resolveUpdateFeed({ env: {}, userDataDir: userData('{"url": 42}') })).toMatchObject({ kind: 'invalid', problem: '"url" in update-feed.json must be a text address' });
    expect(resolveUpdateFeed({ env: {}, userDataDir: userData('{"enabled": "no"}') })).toMatchObject({ kind: 'invalid' });
    expect(resolveUpdateFeed({ env: { CONCILIA_UPDATE_FEED: 'http://updates.example.com/' }, userDataDir: userData() })).toEqual({
      kind: 'invalid',
      source: 'environment',
      problem: 'the update address in the CONCILIA_UPDATE_FEED environment variable is not usable: it must start with https://',
    });
  });

  it('treats an unreadable file as invalid', () => {
    const decision = resolveUpdateFeed({
      env: {},
      userDataDir: '/nowhere',
      readFile: () => {
        throw new Error('EACCES');
      },
    });
    expect(decision).toEqual({ kind: 'invalid', source: 'file', problem: 'update-feed.json could not be read' });
  });
});

describe('redactUrls', () => {
  it('drops credentials, query strings and fragments from URLs in log lines', () => {
    expect(redactUrls('GET https://user:pw@feed.example.com/latest.yml?token=abc#x failed')).toBe('GET https://feed.example.com/latest.yml failed');
    expect(redactUrls('from http://127.0.0.1:9/feed/ and https://a.example/b')).toBe('from http://127.0.0.1:9/feed/ and https://a.example/b');
  });
});
