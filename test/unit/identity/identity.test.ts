/**
 * Who acts: the operating-system account (never the environment) and an Ed25519 key in a file only
 * its owner may read, made on first use.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultKeyPath, fingerprintOf, identityFromKey, loadOrCreateKeyFile, osAccount, osIdentity, verifySignature } from '../../../electron/core/identity/index.ts';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'concilia-identity-'));
  temps.push(dir);
  return dir;
}

describe('the operating-system account', () => {
  it('is the user name and uid the system reports, whatever USER or HOME say', () => {
    const saved = { USER: process.env.USER, HOME: process.env.HOME, LOGNAME: process.env.LOGNAME };
    try {
      process.env.USER = 'someone-else';
      process.env.LOGNAME = 'someone-else';
      const info = userInfo();
      expect(osAccount('linux')).toEqual({ accountId: `posix:${info.username}:${info.uid}`, userName: info.username });
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
});

describe('the signing key file', () => {
  it('is made on first use, 0600 in a 0700 folder, and the same key afterwards', () => {
    const previous = process.umask(0o000);
    try {
      const path = join(tempDir(), 'config', 'concilia', 'keys', 'ed25519.pem');
      const pem = loadOrCreateKeyFile(path);
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
      expect(loadOrCreateKeyFile(path)).toBe(pem);
      expect(readFileSync(path, 'utf8')).toBe(pem);
    } finally {
      process.umask(previous);
    }
  });

  it('is refused when other accounts can read it', () => {
    const path = join(tempDir(), 'ed25519.pem');
    loadOrCreateKeyFile(path);
    chmodSync(path, 0o644);
    expect(() => loadOrCreateKeyFile(path)).toThrow(/can be read by other accounts.*chmod 600/);
  });

  it('lives in the config folder (XDG_CONFIG_HOME on Linux, APPDATA on Windows)', () => {
    expect(defaultKeyPath({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/concilia/keys/ed25519.pem');
    expect(defaultKeyPath({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toContain(join('concilia', 'keys', 'ed25519.pem'));
  });
});

describe('an identity', () => {
  it('signs with its key; the signature checks with the public key, and with no other', () => {
    const dir = tempDir();
    const ana = osIdentity(join(dir, 'ana.pem'));
    const eve = identityFromKey({ accountId: 'posix:eve:1002', displayName: 'eve' }, loadOrCreateKeyFile(join(dir, 'eve.pem')));
    const bytes = Buffer.from('{"action":"signoff.sign"}', 'utf8');
    const signature = ana.sign(bytes);
    expect(Buffer.from(ana.publicKey, 'base64')).toHaveLength(32);
    expect(ana.fingerprint).toBe(fingerprintOf(ana.publicKey));
    expect(verifySignature(ana.publicKey, bytes, signature)).toBe(true);
    expect(verifySignature(ana.publicKey, Buffer.from('{"action":"signoff.void"}', 'utf8'), signature)).toBe(false);
    expect(verifySignature(eve.publicKey, bytes, signature)).toBe(false);
    expect(verifySignature('not a key', bytes, signature)).toBe(false);
    writeFileSync(join(dir, 'rsa.pem'), 'not a key');
    expect(() => identityFromKey({ accountId: 'x', displayName: 'x' }, readFileSync(join(dir, 'rsa.pem'), 'utf8'))).toThrow();
  });
});
