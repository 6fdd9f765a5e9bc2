/** The zod-free name check (concilia status) and the contract's ConnectionName schema are one rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionName } from '../../../electron/contract/schemas.ts';
import { checkConnectionName } from '../../../electron/core/connections/name.ts';

function viaSchema(text: string): { ok: true; name: string } | { ok: false; problem: string } {
  const parsed = ConnectionName.safeParse(text);
  return parsed.success ? { ok: true, name: parsed.data } : { ok: false, problem: parsed.error.issues[0]?.message ?? '' };
}

describe('checkConnectionName', () => {
  it('answers as the ConnectionName schema does, name or words, for the edge cases', () => {
    for (const text of ['acme', ' acme ', '', '   ', 'a b', '-x', '.x', 'x'.repeat(64), 'x'.repeat(65), ` ${'x'.repeat(64)} `, 'Ñandú', 'a.b_c-d', '\tacme\n']) {
      expect(checkConnectionName(text), JSON.stringify(text)).toEqual(viaSchema(text));
    }
  });

  it('answers as the ConnectionName schema does for any text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^\s?[A-Za-z0-9._ -]{0,70}\s?$/)), (text) => {
        expect(checkConnectionName(text)).toEqual(viaSchema(text));
      }),
      { numRuns: 2000 },
    );
  });
});
