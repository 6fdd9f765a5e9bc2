import { describe, expect, it } from 'vitest';
import { getConnection } from '../../../electron/core/connections/index.ts';
import { openCache } from '../../../electron/core/cache/index.ts';
import { ReconcileError } from '../../../electron/core/reconcile/index.ts';
import { ReviewError } from '../../../electron/core/review/index.ts';
import { ContractError } from '../../../electron/contract/index.ts';
import { describeError } from '../../../electron/handlers/errors.ts';

describe('describeError: the kind comes from where the error was thrown', () => {
  it('a missing connection is not_found because getConnection says so', () => {
    const db = openCache(':memory:');
    try {
      const error = (() => {
        try {
          getConnection(db, 'nobody');
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(describeError(error, 'reconcile:run')).toEqual({ kind: 'not_found', message: 'There is no connection named "nobody". There are no connections yet: add one with concilia source add.' });
    } finally {
      db.close();
    }
  });

  it('keeps the kind each error carries, whatever its words', () => {
    expect(describeError(new ReviewError('x prepared this range, so someone else must review it.', 'rejected'), 'review:signoff').kind).toBe('rejected');
    expect(describeError(new ReviewError('This range is already signed off.', 'conflict'), 'review:signoff').kind).toBe('conflict');
    expect(describeError(new ReconcileError('The period must be month, week or range.'), 'reconcile:run').kind).toBe('invalid_input');
    expect(describeError(new ContractError('weak_protection', 'No keyring.'), 'connections:setCredentials').kind).toBe('weak_protection');
  });

  it('never reads the kind from the message: the same words on another error are not a missing connection', () => {
    expect(describeError(new Error('There is no connection named "acme".'), 'reconcile:run')).toEqual({ kind: 'rejected', message: 'There is no connection named "acme".' });
    expect(describeError(new ReviewError('There is no connection named "acme".', 'invalid_input'), 'reconcile:run').kind).toBe('invalid_input');
  });

  it('describes a bug without its technical text', () => {
    expect(describeError(new TypeError("Cannot read properties of undefined (reading 'x')"), 'app:info')).toEqual({
      kind: 'internal',
      message: 'Concilia hit an unexpected problem (app:info). Try again; if it keeps failing, restart Concilia and report it.',
    });
  });
});
