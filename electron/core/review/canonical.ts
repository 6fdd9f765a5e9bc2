import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, undefined members dropped. The same value
 * always gives the same text, so a hash of it names exactly those figures and nothing else.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      // Default sort compares UTF-16 code units: the same order on every machine.
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '';
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue;
        out += `${out === '' ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
      }
      return `{${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
