/**
 * Account ids are built and read in one place: every form an id takes (this computer's account on
 * Linux, macOS or Windows, a name typed before identities, a test account) reads back as what it
 * names, and an id of a form nobody knows is kept whole rather than half-read.
 */
import { hostname, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { accountOrigin, osAccount, posixAccountId, unverifiedAccountId, windowsAccountId } from '../../../electron/core/identity/index.ts';
import { describeOwnAccount } from '../../../electron/core/language/index.ts';

describe('account ids', () => {
  it('read back as what they were built from', () => {
    expect(accountOrigin(posixAccountId('ana', 1001))).toEqual({ kind: 'posix', user: 'ana', uid: '1001' });
    expect(accountOrigin(posixAccountId('root', 0))).toEqual({ kind: 'posix', user: 'root', uid: '0' });
    expect(accountOrigin(windowsAccountId('laptop-7', 'ana.perez'))).toEqual({ kind: 'windows', user: 'ana.perez', computer: 'LAPTOP-7' });
    expect(accountOrigin(unverifiedAccountId('Ana Pérez'))).toEqual({ kind: 'unverified', name: 'Ana Pérez' });
    expect(accountOrigin('test:Luis Gómez')).toEqual({ kind: 'test', name: 'Luis Gómez' });
  });

  it('read the account this process runs as, on every system', () => {
    const me = userInfo();
    expect(accountOrigin(osAccount('linux').accountId)).toEqual({ kind: 'posix', user: me.username, uid: String(me.uid) });
    expect(accountOrigin(osAccount('win32').accountId)).toEqual({ kind: 'windows', user: me.username, computer: hostname().toUpperCase() });
  });

  it('keep names with spaces, dots, colons and non-ASCII letters whole', () => {
    expect(accountOrigin(posixAccountId('ana:b', 1002))).toEqual({ kind: 'posix', user: 'ana:b', uid: '1002' });
    expect(accountOrigin(windowsAccountId('PC', 'José Núñez'))).toEqual({ kind: 'windows', user: 'José Núñez', computer: 'PC' });
    expect(accountOrigin(unverifiedAccountId('a: b'))).toEqual({ kind: 'unverified', name: 'a: b' });
  });

  it('keep an id of an unknown or broken form whole instead of guessing', () => {
    for (const id of ['', 'ana', 'os:alice@laptop', 'posix:ana', 'posix:ana:', 'posix::1001', 'posix:ana:10x', 'windows:PC', 'windows:\\ana', 'windows:PC\\', 'unverified:', 'test: ']) {
      expect(accountOrigin(id), id).toEqual({ kind: 'other', id });
    }
  });
});

describe('the account as people read it', () => {
  it('is a sentence in their language, never the id', () => {
    const cases: [string, string, string][] = [
      [posixAccountId('alice', 1001), 'Account alice on this computer (user number 1001)', 'Cuenta alice en este equipo (usuario número 1001)'],
      [windowsAccountId('laptop', 'alice'), 'Account alice on this computer (LAPTOP)', 'Cuenta alice en este equipo (LAPTOP)'],
      [unverifiedAccountId('Ana Pérez'), 'Ana Pérez, a name typed before identities (unverified)', 'Ana Pérez, un nombre escrito antes de las identidades (sin verificar)'],
      ['test:Ana Pérez', 'Test account Ana Pérez', 'Cuenta de prueba Ana Pérez'],
      ['os:alice@laptop', 'Account os:alice@laptop', 'Cuenta os:alice@laptop'],
    ];
    for (const [id, en, es] of cases) {
      expect(describeOwnAccount(id, 'en')).toBe(en);
      expect(describeOwnAccount(id, 'es')).toBe(es);
    }
  });
});
