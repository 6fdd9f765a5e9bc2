/** English and Spanish offer the same strings: a key missing in one language shows as a raw key. */
import { expect, test } from 'vitest';
import { en } from '../../renderer/src/i18n/en.ts';
import { es } from '../../renderer/src/i18n/es.ts';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

// Spanish has a "many" plural form (for millions) that English lacks.
const normalise = (list: string[]) => [...new Set(list.map((k) => k.replace(/_(one|many|other)$/, '_plural')))].sort();

test('every English string has a Spanish one and vice versa', () => {
  expect(normalise(keys(es))).toEqual(normalise(keys(en)));
});

test('Spanish plural strings have the many form wherever they have the other form', () => {
  const all = keys(es);
  for (const k of all.filter((x) => x.endsWith('_other'))) expect(all).toContain(k.replace(/_other$/, '_many'));
});
