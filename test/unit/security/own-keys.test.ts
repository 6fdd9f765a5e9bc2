// Names typed by a user (a command, a currency, a connection) are looked up as own keys only:
// "constructor" or "__proto__" must be unknown, not Object.prototype's.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.ts';
import { currencyExponent } from '../../../electron/core/sandbox/money.ts';
import { contentTypeOf } from '../../../electron/main/app-files.ts';

describe('lookups keyed by what a user typed', () => {
  it('the command line: an Object.prototype name is an unknown command (exit 2), not a crash', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      let stderr = '';
      const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } };
      expect(await runCli([name], { io, env: {} }), name).toBe(2);
      expect(stderr).toBe(`concilia: unknown command "${name}". See concilia --help.\n`);
    }
  });

  it('the sandbox: an unknown currency gets the default exponent', () => {
    expect(currencyExponent('constructor')).toBe(2);
    expect(currencyExponent('__proto__')).toBe(2);
    expect(currencyExponent('COP')).toBe(2);
  });

  it('the app protocol: content types by own extension only', () => {
    expect(contentTypeOf('/assets/app.js')).toMatch(/javascript/);
    expect(contentTypeOf('/x.constructor')).toBe('application/octet-stream');
  });
});
