/**
 * The logger Concilia hands to libraries (electron-updater today). Libraries log whatever they
 * hold: an Error from Squirrel.Mac, a null `stderr`, an object, several arguments. A logger that
 * assumes a string throws inside the library's error path and hides the error it was reporting
 * (and the safety warning that should follow it). So this one accepts anything, turns it into
 * one line of text, redacts that text, and never throws.
 */

/** Where our own lines go (the main process log). */
export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What a library may call: any values, any number of them. */
export interface LibraryLogger {
  info(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
  debug(...values: unknown[]): void;
}

const MAX_LENGTH = 2000;

function errorText(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const head = `${error.name}: ${error.message}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}`;
  return error.cause === undefined ? head : `${head}; caused by ${valueText(error.cause)}`;
}

function valueText(value: unknown): string {
  try {
    if (typeof value === 'string') return value;
    if (value === null || value === undefined) return `(${String(value)})`;
    if (value instanceof Error) return errorText(value);
    if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'symbol') return value.toString();
    return JSON.stringify(value) ?? `(an unprintable ${typeof value})`;
  } catch {
    // A circular object, a throwing getter or toString: say what it was, not what it holds.
    return `(an unprintable ${typeof value})`;
  }
}

/** One line of text for whatever a library passed, never longer than MAX_LENGTH. */
export function logText(values: readonly unknown[]): string {
  const text = values.length === 0 ? '(nothing)' : values.map(valueText).join(' ');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}

/**
 * A LibraryLogger writing to `sink`, with `redact` applied to every line (URLs keep scheme, host
 * and path; known secret values are removed). Debug lines go to `sink.info` only when asked for.
 */
export function libraryLogger(sink: LogSink, redact: (text: string) => string, options: { debug?: boolean } = {}): LibraryLogger {
  const write = (level: keyof LogSink, values: readonly unknown[]): void => {
    try {
      sink[level](redact(logText(values)));
    } catch {
      // The library's own work must go on even if the log cannot be written.
    }
  };
  return {
    info: (...values) => write('info', values),
    warn: (...values) => write('warn', values),
    error: (...values) => write('error', values),
    debug: (...values) => {
      if (options.debug) write('info', values);
    },
  };
}
