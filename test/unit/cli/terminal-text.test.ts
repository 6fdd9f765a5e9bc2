import { describe, expect, it } from 'vitest';
import { MAX_PRINTED_LENGTH, terminalSafe, terminalSafeLines } from '../../../electron/cli/terminal-text.ts';

describe('upstream text printed on a terminal', () => {
  it('shows control, C1 and bidirectional characters as visible escapes', () => {
    expect(terminalSafe('Loan \u001b[2J\u001b[31mPAID\u001b[0m')).toBe('Loan \\u001b[2J\\u001b[31mPAID\\u001b[0m');
    expect(terminalSafe('a\rb\nc\td\u0007')).toBe('a\\u000db\\u000ac\\u0009d\\u0007');
    expect(terminalSafe('\u009b31m \u202eevil\u202c \u2066x\u2069')).toBe('\\u009b31m \\u202eevil\\u202c \\u2066x\\u2069');
    expect(terminalSafe('Préstamo – Nakuru, 1.250,00 ₦')).toBe('Préstamo – Nakuru, 1.250,00 ₦');
  });

  it('shortens very long text and says by how much', () => {
    const long = 'x'.repeat(MAX_PRINTED_LENGTH + 1234);
    const shown = terminalSafe(long);
    expect(shown.startsWith('x'.repeat(MAX_PRINTED_LENGTH))).toBe(true);
    expect(shown.endsWith('… (1234 more characters)')).toBe(true);
    expect(terminalSafe('short')).toBe('short');
  });

  it('keeps the line breaks of a multi-line report, and nothing else', () => {
    expect(terminalSafeLines('Loan\u001b[2J A\nLoan B\r\n')).toBe('Loan\\u001b[2J A\nLoan B\\u000d\n');
  });
});
