/**
 * Upstream text quoted inside our own sentences (reasons a record was set aside): on one line,
 * short, and visibly quoted, so a reader sees exactly what the upstream sent without a hostile
 * value rewriting the message around it. Terminal escapes are neutralised again where text is
 * printed (electron/cli/terminal-text.ts); this keeps stored reasons readable everywhere.
 */

const REPLACEMENT = '\ufffd';

/** A decoded body showed U+FFFD here: where a byte that was not UTF-8 stood. */
export function hasReplacedByte(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.includes(REPLACEMENT);
}

/** `"text"`, control characters shown as \u escapes, cut at `max` characters. */
export function quote(text: string, max = 60): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  // eslint-disable-next-line no-control-regex
  return `"${short.replace(/[\u0000-\u001f\u007f-\u009f"\\]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}"`;
}
