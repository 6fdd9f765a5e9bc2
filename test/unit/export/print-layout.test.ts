import { describe, expect, it } from 'vitest';
import { footerText, headerHeight, wrappedLines } from '../../../electron/core/export/table-sheet.ts';

describe('header rows sized for their wrapped labels', () => {
  it('counts the lines a label wraps to at spaces, and breaks a word longer than its column', () => {
    expect(wrappedLines('Key', 30)).toBe(1);
    expect(wrappedLines('Provider reported', 20)).toBe(1);
    expect(wrappedLines('Provider reported', 12)).toBe(2);
    expect(wrappedLines('Informado por el proveedor', 20)).toBe(2);
    expect(wrappedLines('Outstanding after (days past period end)', 12)).toBe(4);
    expect(wrappedLines('Supercalifragilistic', 9)).toBe(3);
    expect(wrappedLines('', 10)).toBe(1);
    expect(wrappedLines('two\nlines', 30)).toBe(2);
    expect(wrappedLines('Provider reported\nand more', 12)).toBe(3);
  });

  it('makes the row as tall as its tallest label', () => {
    expect(headerHeight(['Key', 'Within tolerance'], [30, 11])).toBe(2 * 15 + 3);
    expect(headerHeight(['Key'], [30])).toBe(15 + 3);
    expect(headerHeight(['Días tras el fin del periodo'], [14])).toBeGreaterThan(headerHeight(['Days past period end'], [20]));
  });

  it('escapes ampersands in footers, where & starts a code', () => {
    expect(footerText('A&B · P&L')).toBe('A&&B · P&&L');
  });
});
