import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLayerViolations } from '../../../scripts/layers.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('the layer graph (scripts/layers.ts)', () => {
  it('holds on the tree: every import stays inside what its layer may use', () => {
    expect(findLayerViolations(root).map((v) => `${v.file} -> ${v.specifier}: ${v.why}`)).toEqual([]);
  });

  it('names each forbidden import of a fake tree, and only those', () => {
    const violations = findLayerViolations(join(root, 'test', 'fixtures', 'layers', 'forbidden'));
    expect(violations.map((v) => [v.file, v.specifier, v.from, v.to])).toEqual(
      expect.arrayContaining([
        ['electron/core/money/amount.ts', '../../contract/names.ts', 'core', 'contract'],
        ['electron/core/money/amount.ts', '../../handlers/jobs.ts', 'core', 'handlers'],
        ['electron/handlers/jobs.ts', '../cli/main.ts', 'handlers', 'cli'],
        ['electron/core/review/store.ts', '../reconcile/reconcile.ts', 'electron/core/review', 'electron/core/reconcile'],
        ['renderer/src/app.ts', '../../electron/core/deps.ts', 'renderer', 'core'],
      ]),
    );
    // Allowed imports (cli -> core and contract, reconcile -> review, renderer -> contract) and the
    // import written in a comment are not reported.
    expect(violations).toHaveLength(5);
    expect(violations.find((v) => v.from === 'core')?.why).toMatch(/imports no face and no contract/);
  });
});
