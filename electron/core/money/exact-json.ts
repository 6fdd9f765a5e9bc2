/**
 * The exact-number JSON read of upstream bodies, in one native JSON.parse.
 *
 * A JSON.parse source-text reviver (now only the tests' reference oracle) gives every number as its
 * source text, but it calls back into JavaScript for every value of the body: on large
 * bodies that is most of the ingest time. Here each number literal is wrapped in quotes first, in
 * one scan that jumps over strings, and the plain JSON.parse then yields the very same value: a
 * number's exact text as a string, everything else as parsed.
 *
 * Invalid JSON stays invalid: only a complete number token is quoted, never a number in a key's
 * place (`{1:2}` must not become the valid `{"1":2}`), and everything else is left as it is.
 *
 * Depth-bounded: the same scan counts brackets outside strings and stops at MAX_JSON_DEPTH with a
 * JsonNestingError, before anything recursive (JSON.stringify of a record set aside, a schema's
 * walk) could meet a 100,000-deep body and overflow the stack. No billing report nests past ten.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Deepest nesting of arrays and objects accepted in an upstream body. */
export const MAX_JSON_DEPTH = 64;

/** A body nested deeper than the limit: refused before parsing, with its own message. */
export class JsonNestingError extends Error {
  override name = 'JsonNestingError';
  readonly limit: number;
  constructor(limit: number) {
    super(`The data is nested more than ${limit} levels deep.`);
    this.limit = limit;
  }
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The index just past the JSON string opening at `start`, or -1 when it never closes. */
export function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let b = quote - 1; b > start && text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if ((backslashes & 1) === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The index just past the JSON number token at `start`, or `start` when there is none. */
function numberEnd(text: string, start: number): number {
  const n = text.length;
  let i = start;
  if (text.charCodeAt(i) === MINUS) i++;
  const first = text.charCodeAt(i);
  if (first === ZERO) i++;
  else if (isDigit(first)) {
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  } else return start;
  if (text.charCodeAt(i) === DOT && isDigit(text.charCodeAt(i + 1))) {
    i += 2;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    let j = i + 1;
    const sign = text.charCodeAt(j);
    if (sign === 0x2b || sign === MINUS) j++;
    if (isDigit(text.charCodeAt(j))) {
      j++;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

function beforeColon(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === COLON;
}

/**
 * The body with every number literal written as a JSON string of its exact text. Throws
 * JsonNestingError when arrays and objects nest deeper than `maxDepth`.
 */
export function quoteNumbers(text: string, maxDepth = MAX_JSON_DEPTH): string {
  const n = text.length;
  // Built with += : V8 keeps the pieces as a rope and flattens it once, which is far cheaper
  // than joining an array of thousands of small strings.
  let out = '';
  let copied = 0;
  let i = 0;
  let depth = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      // Unterminated: the rest is one broken string, which JSON.parse refuses as it is.
      if (end < 0) break;
      i = end;
    } else if (c === MINUS || isDigit(c)) {
      const end = numberEnd(text, i);
      if (end === i) {
        i++;
      } else {
        if (!beforeColon(text, end)) {
          out += `${text.slice(copied, i)}"${text.slice(i, end)}"`;
          copied = end;
        }
        i = end;
      }
    } else {
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++depth > maxDepth) throw new JsonNestingError(maxDepth);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
      }
      i++;
    }
  }
  if (copied === 0) return text;
  return out + text.slice(copied);
}

/**
 * JSON.parse, except that every number comes back as its exact source text (a string): the same
 * value parseJsonKeepingNumberText gives, at a fraction of the cost. Throws SyntaxError on bad JSON
 * and JsonNestingError on JSON nested deeper than `maxDepth`.
 */
export function parseExactJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  return JSON.parse(quoteNumbers(text, maxDepth));
}
