import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../../support/source-files.ts';

const root = join(import.meta.dirname, '..', '..', '..');

const IMPORTS_ELECTRON = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]electron(?:\/[^'"]*)?['"]/;

// The lint rule enforces this too; the test keeps it true even if someone disables a rule inline.
describe('layering', () => {
  for (const layer of ['electron/core', 'electron/cli', 'electron/handlers', 'electron/contract']) {
    it(`${layer} never imports electron, so it runs under plain Node`, () => {
      let files: string[] = [];
      try {
        files = sourceFiles(join(root, layer));
      } catch {
        files = [];
      }
      const offenders = files.filter((f) => IMPORTS_ELECTRON.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
      expect(offenders).toEqual([]);
    });
  }

  it('the detector itself recognises an electron import', () => {
    expect(IMPORTS_ELECTRON.test("import { app } from 'electron';")).toBe(true);
    expect(IMPORTS_ELECTRON.test("const { app } = require('electron')")).toBe(true);
    expect(IMPORTS_ELECTRON.test("import type { X } from 'electron-updater';")).toBe(false);
  });
});
