/** Helpers to compare what the screen shows with exact figures, whatever the locale's separators. */

/** "+$1,169,681.00" -> "+116968100"; the sign and the digits are what must match exactly. */
export function signedDigits(text: string): string {
  const negative = /[-−]/.test(text);
  const digits = text.replace(/[^\d]/g, '').replace(/^0+(?=\d)/, '');
  return `${negative ? '-' : ''}${digits}`;
}

/** An exact decimal "1234.50" to the same form as signedDigits (scale as written). */
export function decimalDigits(decimal: string): string {
  return signedDigits(decimal);
}

/** Poll until `check` stops throwing (UI updates arrive asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      last = error;
      if (Date.now() > deadline) throw last;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
