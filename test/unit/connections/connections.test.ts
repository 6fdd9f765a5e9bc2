import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { addConnection, checkedDestination, getConnection, listConnections, removeConnection, setConnectionUrl, updateConnection, validateBaseUrl } from '../../../electron/core/connections/index.ts';
import { listAuditLog } from '../../../electron/core/review/audit.ts';
import { createSqliteReviewStore } from '../../../electron/core/review/index.ts';
import { testIdentity } from '../../support/identity.ts';

describe('validateBaseUrl', () => {
  it('accepts https and normalises the trailing slash', () => {
    expect(validateBaseUrl('https://acme.example.com/')).toBe('https://acme.example.com');
    expect(validateBaseUrl('https://acme.example.com/api/')).toBe('https://acme.example.com/api');
  });

  it('accepts plain http only for loopback', () => {
    expect(validateBaseUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(validateBaseUrl('http://localhost:4010/')).toBe('http://localhost:4010');
    expect(validateBaseUrl('http://[::1]:4010')).toBe('http://[::1]:4010');
    expect(() => validateBaseUrl('http://acme.example.com')).toThrow(/must use https/);
    expect(() => validateBaseUrl('http://127.0.0.1.evil.com')).toThrow(/must use https/);
    expect(() => validateBaseUrl('http://10.0.0.1')).toThrow(/must use https/);
  });

  it('refuses other schemes, embedded credentials, queries and garbage', () => {
    expect(() => validateBaseUrl('ftp://acme.example.com')).toThrow(/https/);
    expect(() => validateBaseUrl('file:///etc/passwd')).toThrow(/https/);
    expect(() => validateBaseUrl('https://user:pw@acme.example.com')).toThrow(/user name or password/);
    expect(() => validateBaseUrl('https://acme.example.com/?key=x')).toThrow(/query/);
    expect(() => validateBaseUrl('acme.example.com')).toThrow(/not a web address/);
    expect(() => validateBaseUrl('')).toThrow(/not a web address/);
  });
});

describe('connections in the cache', () => {
  let db: CacheDatabase;
  const clock = (): number => Date.parse('2026-01-02T03:04:05Z');
  beforeEach(() => {
    db = openCache(':memory:');
  });
  afterEach(() => db.close());

  it('adds, lists, gets, updates and removes', () => {
    const portal = addConnection(db, { name: 'acme', kind: 'portal', baseUrl: 'https://acme.example.com/', tenant: 'acme-logistics', currency: 'cop', tolerancePct: '0.5' }, clock);
    expect(portal).toMatchObject({ name: 'acme', kind: 'portal', baseUrl: 'https://acme.example.com', tenant: 'acme-logistics', currency: 'COP', tolerancePct: '0.5', createdAt: '2026-01-02T03:04:05.000Z' });
    addConnection(db, { name: 'collections', kind: 'payg', baseUrl: 'https://api.example.com' }, clock);
    expect(listConnections(db).map((c) => c.name)).toEqual(['acme', 'collections']);
    expect(updateConnection(db, 'acme', { tenant: 'acme-2' })).toMatchObject({ tenant: 'acme-2', tolerancePct: '0.5', baseUrl: 'https://acme.example.com' });
    expect(setConnectionUrl(db, 'acme', 'https://new.example.com', { audit: createSqliteReviewStore(db, clock, testIdentity('ana')) })).toMatchObject({ originChanged: true, connection: { baseUrl: 'https://new.example.com' } });
    removeConnection(db, 'acme');
    expect(listConnections(db).map((c) => c.name)).toEqual(['collections']);
  });

  it('explains what is wrong, naming the known connections', () => {
    addConnection(db, { name: 'acme', kind: 'portal', baseUrl: 'https://a.example.com', tenant: 't', currency: 'COP' }, clock);
    expect(() => getConnection(db, 'acmee')).toThrow(/no connection named "acmee"\. Known connections: acme\./);
    expect(() => addConnection(db, { name: 'acme', kind: 'payg', baseUrl: 'https://a.example.com' }, clock)).toThrow(/already exists/);
    expect(() => addConnection(db, { name: 'x', kind: 'portal', baseUrl: 'https://a.example.com', currency: 'COP' }, clock)).toThrow(/tenant/);
    expect(() => addConnection(db, { name: 'y', kind: 'portal', baseUrl: 'https://a.example.com', tenant: 't', currency: 'pesos' }, clock)).toThrow(/currency/);
    expect(() => addConnection(db, { name: 'has space', kind: 'payg', baseUrl: 'https://a.example.com' }, clock)).toThrow(/cannot be a connection name/);
    expect(() => addConnection(db, { name: 'z', kind: 'payg', baseUrl: 'https://a.example.com', currency: 'USD' }, clock)).toThrow(/no tenant or currency/);
    expect(() => addConnection(db, { name: 'w', kind: 'portal', baseUrl: 'https://a.example.com', tenant: 't', currency: 'COP', tolerancePct: '-1' }, clock)).toThrow(/percentage/);
  });

  it('keeps no secret column at all', () => {
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('connection')").all().map((c) => c.name);
    expect(columns.some((c) => /token|key|secret|password/i.test(c))).toBe(false);
  });

  it('records the origin a connection was added with, and moves it only through setConnectionUrl, audited', () => {
    const added = addConnection(db, { name: 'lms', kind: 'payg', baseUrl: 'https://API.example.com:443/v1/' }, clock);
    expect(added.credentialOrigin).toBe('https://api.example.com');
    expect(checkedDestination(added)).toBe('https://api.example.com');
    // A change of path on the same origin keeps the credentials' origin.
    expect(setConnectionUrl(db, 'lms', 'https://api.example.com/v2', { audit: createSqliteReviewStore(db, clock, testIdentity('ana')) }).originChanged).toBe(false);
    const moved = setConnectionUrl(db, 'lms', 'https://api.example.com:8443/v2', { audit: createSqliteReviewStore(db, clock, testIdentity('ana')) });
    expect(moved.originChanged).toBe(true);
    expect(moved.connection.credentialOrigin).toBe('https://api.example.com:8443');
    const log = listAuditLog(db, { connection: 'lms' });
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['connection.set_url', 'test:ana'],
      ['connection.set_url', 'test:ana'],
    ]);
    expect(log[1]?.payload).toMatchObject({ from: 'https://api.example.com/v2', to: 'https://api.example.com:8443/v2', toOrigin: 'https://api.example.com:8443' });
  });

  it('refuses a destination whose origin was changed behind its back (scheme, host or port)', () => {
    addConnection(db, { name: 'lms', kind: 'payg', baseUrl: 'https://api.example.com' }, clock);
    for (const tampered of ['https://attacker.example', 'http://127.0.0.1:9', 'https://api.example.com:8443', 'https://api.example.com.attacker.example']) {
      db.prepare('UPDATE connection SET base_url = ? WHERE name = ?').run(tampered, 'lms');
      expect(() => checkedDestination(getConnection(db, 'lms')), tampered).toThrow(/was set up for https:\/\/api\.example\.com.*Nothing was sent/);
    }
  });
});
