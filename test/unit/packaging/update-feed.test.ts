import { chmodSync, chownSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkFeedUrl,
  ignoredUserOverrides,
  installModeFor,
  macPolicyFrom,
  readLinuxPolicy,
  redactUrls,
  resolveUpdateFeed,
  windowsPolicyFrom,
} from '../../../electron/main/update-feed.ts';

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

describe('resolveUpdateFeed (the administrator\'s policy only)', () => {
  const where = '/etc/concilia/update-feed.json';

  it('uses the built-in feed when no policy says otherwise', () => {
    expect(resolveUpdateFeed({ kind: 'none' })).toEqual({ kind: 'built-in' });
    expect(resolveUpdateFeed({ kind: 'policy', where })).toEqual({ kind: 'built-in' });
    expect(resolveUpdateFeed({ kind: 'policy', where, enabled: true })).toEqual({ kind: 'built-in' });
    // A policy file nobody should trust is ignored, not followed.
    expect(resolveUpdateFeed({ kind: 'refused', where, problem: 'it is not owned by root' })).toEqual({ kind: 'built-in' });
  });

  it('follows the policy: another feed, or updates turned off', () => {
    expect(resolveUpdateFeed({ kind: 'policy', where, url: 'https://mirror.example.org/concilia' })).toEqual({
      kind: 'override',
      url: 'https://mirror.example.org/concilia/',
      source: 'administrator',
    });
    expect(resolveUpdateFeed({ kind: 'policy', where, enabled: false, url: 'https://mirror.example.org/' })).toEqual({
      kind: 'disabled',
      source: 'administrator',
      reason: `updates are turned off by your administrator (${where})`,
    });
  });

  it('reports a broken policy instead of silently falling back to the public feed', () => {
    expect(resolveUpdateFeed({ kind: 'policy', where, problem: 'is not valid JSON' })).toEqual({ kind: 'invalid', source: 'administrator', problem: `${where} is not valid JSON` });
    expect(resolveUpdateFeed({ kind: 'policy', where, url: 42 })).toMatchObject({ kind: 'invalid', problem: `the update address in ${where} must be a text address` });
    expect(resolveUpdateFeed({ kind: 'policy', where, enabled: 'no' })).toMatchObject({ kind: 'invalid' });
    expect(resolveUpdateFeed({ kind: 'policy', where, url: 'http://updates.example.com/' })).toEqual({
      kind: 'invalid',
      source: 'administrator',
      problem: `the update address in ${where} is not usable: it must start with https://`,
    });
  });
});

describe('user-level overrides', () => {
  it('names the environment variable and the user-data file, which an installed app ignores', () => {
    expect(ignoredUserOverrides({}, userData())).toEqual([]);
    expect(ignoredUserOverrides({ CONCILIA_UPDATE_FEED: 'https://evil.example/' }, userData('{"url": "https://evil.example/"}'))).toEqual([
      'the CONCILIA_UPDATE_FEED environment variable',
      'update-feed.json in the user-data folder',
    ]);
  });
});

describe('reading the Linux policy file (/etc/concilia)', () => {
  function policyFile(text: string, mode = 0o644, dirMode = 0o755): string {
    const dir = userData();
    chmodSync(dir, dirMode);
    const file = join(dir, 'update-feed.json');
    writeFileSync(file, text);
    chmodSync(file, mode);
    return file;
  }

  it('reads a root-owned file that only root can write', () => {
    expect(process.getuid?.()).toBe(0); // these tests run as root (CI and the development machines)
    const file = policyFile('{"url": "https://mirror.example.org/concilia", "enabled": true}');
    expect(readLinuxPolicy(file)).toEqual({ kind: 'policy', where: file, url: 'https://mirror.example.org/concilia', enabled: true });
    expect(readLinuxPolicy(join(userData(), 'absent.json'))).toEqual({ kind: 'none' });
    expect(readLinuxPolicy(policyFile('{nope'))).toMatchObject({ kind: 'policy', problem: 'is not valid JSON' });
  });

  it('refuses a file that users other than root can write, or that root does not own', () => {
    expect(readLinuxPolicy(policyFile('{"enabled": false}', 0o664))).toMatchObject({ kind: 'refused', problem: 'it can be changed by users other than root' });
    expect(readLinuxPolicy(policyFile('{"enabled": false}', 0o646))).toMatchObject({ kind: 'refused' });
    const userOwned = policyFile('{"enabled": false}');
    chownSync(userOwned, 1000, 1000);
    expect(readLinuxPolicy(userOwned)).toMatchObject({ kind: 'refused', problem: 'it is not owned by root' });
  });

  it('refuses a file in a folder others can write, and a symbolic link', () => {
    expect(readLinuxPolicy(policyFile('{"enabled": false}', 0o644, 0o777))).toMatchObject({ kind: 'refused', problem: expect.stringMatching(/^its folder .*can be changed by users other than root/) as unknown });
    const target = policyFile('{"enabled": false}');
    const link = join(userData(), 'update-feed.json');
    symlinkSync(target, link);
    expect(readLinuxPolicy(link)).toMatchObject({ kind: 'refused', problem: 'it is a symbolic link' });
  });
});

describe('the macOS and Windows policy stores', () => {
  it('maps managed preferences', () => {
    expect(macPolicyFrom({ UpdateFeedURL: 'https://m.example/', UpdatesEnabled: false, Other: 1 }, 'plist')).toEqual({ kind: 'policy', where: 'plist', url: 'https://m.example/', enabled: false });
    expect(resolveUpdateFeed(macPolicyFrom({ constructor: 'x' }, 'plist'))).toEqual({ kind: 'built-in' });
  });

  it('parses reg query output of the Group Policy key', () => {
    const output = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Concilia\\Updates',
      '    FeedURL    REG_SZ    https://mirror.example.org/concilia/',
      '    Enabled    REG_DWORD    0x0',
      '',
    ].join('\r\n');
    expect(windowsPolicyFrom(output)).toMatchObject({ kind: 'policy', url: 'https://mirror.example.org/concilia/', enabled: false });
    expect(windowsPolicyFrom(output.replace('0x0', '0x1'))).toMatchObject({ enabled: true });
    expect(resolveUpdateFeed(windowsPolicyFrom(output.replace('0x0', '0x2')))).toMatchObject({ kind: 'invalid' });
    expect(windowsPolicyFrom('')).toEqual({ kind: 'none' });
  });
});

describe('installModeFor', () => {
  it('installs automatically only where a signature is verified', () => {
    expect(installModeFor('darwin')).toBe('automatic');
    expect(installModeFor('win32')).toBe('automatic');
    expect(installModeFor('linux')).toBe('notify');
    expect(installModeFor('freebsd')).toBe('notify');
  });
});

describe('redactUrls', () => {
  it('drops credentials, query strings and fragments from URLs in log lines', () => {
    expect(redactUrls('GET https://user:pw@feed.example.com/latest.yml?token=abc#x failed')).toBe('GET https://feed.example.com/latest.yml failed');
    expect(redactUrls('from http://127.0.0.1:9/feed/ and https://a.example/b')).toBe('from http://127.0.0.1:9/feed/ and https://a.example/b');
  });
});
