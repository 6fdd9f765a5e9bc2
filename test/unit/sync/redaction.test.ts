import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../electron/core/sync/redaction.ts';

const KEY = 'sbx_payg_0123456789abcdef';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.payload.signature';

describe('redaction before anything is stored', () => {
  const redactor = createRedactor([KEY, TOKEN, 'ab']);

  it('replaces every credential in text, and leaves other text alone', () => {
    expect(redactor.text(`Bearer ${KEY}, then ${TOKEN} and ${KEY}`)).toBe('Bearer [redacted], then [redacted] and [redacted]');
    expect(redactor.text('nothing secret, ab')).toBe('nothing secret, ab');
    expect(redactor.textOrNull(null)).toBeNull();
  });

  it('redacts a raw body, including a credential written with JSON escapes, and drops bytes it no longer matches', () => {
    const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const body = `{"results":[{"loanName":"L (Bearer ${KEY})","note":"${escaped}","other":"a\\"b","n":1}]}`;
    const raw = { requestUrl: '/x', requestKey: 'k', status: 200, fetchedAt: 't', bodyText: body, bodyBytes: Buffer.from(body) };
    const stored = redactor.raw(raw);
    expect(stored.bodyBytes).toBeUndefined();
    expect(stored.bodyText).not.toContain(KEY);
    expect(JSON.stringify(JSON.parse(stored.bodyText))).not.toContain(KEY);
    expect(JSON.parse(stored.bodyText)).toEqual({ results: [{ loanName: 'L (Bearer [redacted])', note: '[redacted]', other: 'a"b', n: 1 }] });
    // Untouched bodies keep their bytes (no needless re-encoding).
    const clean = { ...raw, bodyText: '{"a":"\\u00e9"}', bodyBytes: Buffer.from('{"a":"\\u00e9"}') };
    expect(redactor.raw(clean)).toBe(clean);
  });
});
