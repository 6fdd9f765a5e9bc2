/**
 * Text that came from an upstream, printed for a person: an upstream controls what it sends, so a
 * loan name or an error message could carry terminal escapes (clearing the screen, rewriting the
 * line before it), bidirectional overrides that reorder what is read, or a megabyte of text.
 * Every such character is shown as a visible \u escape, and very long text is shortened.
 * `--json` output is not passed through here: it is the exact data, for programs.
 */

// C0 controls, DEL, C1 controls (U+009B is a one-character CSI on some terminals), and the
// bidirectional embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Longest text printed as it is; longer text is cut and says how much was left out. */
export const MAX_PRINTED_LENGTH = 500;

export function terminalSafe(text: string, max = MAX_PRINTED_LENGTH): string {
  const safe = text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (safe.length <= max) return safe;
  return `${safe.slice(0, max)}… (${safe.length - max} more characters)`;
}

/** A multi-line report (reconcile's text): each line made safe as above, its line breaks kept. */
export function terminalSafeLines(text: string, maxLine = 4 * MAX_PRINTED_LENGTH): string {
  return text
    .split('\n')
    .map((line) => terminalSafe(line, maxLine))
    .join('\n');
}
