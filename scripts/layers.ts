/**
 * The layer graph of the tree, declared once: ESLint turns it into import rules for the editor
 * (eslint.config.js), and test/unit/architecture walks the real imports against it, so a
 * forbidden import fails the build even where a lint rule was switched off.
 *
 *   renderer ──▶ contract ──▶ core ◀── cli (core, contract)
 *   preload ───▶ contract      ▲
 *   main ──▶ handlers ─────────┘ (handlers: core, contract; main: handlers, core, contract)
 *   harness (dev, tests) ──▶ main, handlers, core, contract
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Layer {
  name: string;
  /** Folder, relative to the repository root, with forward slashes. */
  dir: string;
  /** The other layers it may import. */
  may: readonly string[];
  /** Said when the rule is broken. */
  why: string;
}

export const LAYERS: readonly Layer[] = [
  {
    name: 'core',
    dir: 'electron/core',
    may: [],
    why: 'electron/core is the domain every face shares: it imports no face and no contract; what it needs is passed in.',
  },
  {
    name: 'contract',
    dir: 'electron/contract',
    may: ['core'],
    why: "electron/contract is shared with the sandboxed renderer: it may use the core's types and schemas, never a face.",
  },
  {
    name: 'handlers',
    dir: 'electron/handlers',
    may: ['core', 'contract'],
    why: 'electron/handlers serve Electron main and the browser harness alike: they use the core and the contract, never a face.',
  },
  {
    name: 'cli',
    dir: 'electron/cli',
    may: ['core', 'contract'],
    why: 'The command line goes to the core directly and checks its input with the contract; it never uses the handlers or Electron.',
  },
  {
    name: 'main',
    dir: 'electron/main',
    may: ['core', 'contract', 'handlers'],
    why: 'Electron main registers the handlers; it does not reach into the command line, the preload or the renderer.',
  },
  { name: 'preload', dir: 'electron/preload', may: ['contract'], why: 'The preload exposes the contract and nothing else.' },
  {
    name: 'harness',
    dir: 'electron/harness',
    may: ['core', 'contract', 'handlers', 'main'],
    why: 'The browser harness stands in for Electron main; it never uses the command line, the preload or the renderer.',
  },
  { name: 'renderer', dir: 'renderer', may: ['contract'], why: 'The renderer is browser code: it talks to the rest only through the contract.' },
];

export interface InnerRule {
  /** A folder inside a layer. */
  from: string;
  /** Folders of the same layer it must not import. */
  mayNot: readonly string[];
  why: string;
}

/** Inside the core: the review layer sits below the reconciliation, which sits below what signs, exports and syncs. */
export const CORE_RULES: readonly InnerRule[] = [
  {
    from: 'electron/core/review',
    mayNot: ['electron/core/reconcile', 'electron/core/signoff', 'electron/core/export', 'electron/core/sync', 'electron/core/demo'],
    why: 'The review store is beneath the reconciliation: reconcile reads review states through it, so it never imports reconcile or what builds on it.',
  },
  {
    from: 'electron/core/reconcile',
    mayNot: ['electron/core/signoff', 'electron/core/export', 'electron/core/sync', 'electron/core/demo'],
    why: 'Reconciliation reads the cache and the review store; signing, exporting and syncing build on it, not the other way round.',
  },
];

export interface LayerViolation {
  /** The importing file, relative to the root. */
  file: string;
  /** The import as written. */
  specifier: string;
  from: string;
  to: string;
  why: string;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

function sourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(name)) out.push(path);
  }
  return out;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

function layerOf(path: string): Layer | undefined {
  return LAYERS.find((layer) => within(path, layer.dir));
}

/** Every relative import in the tree at `root` that crosses a layer (or core module) boundary it may not. */
export function findLayerViolations(root: string): LayerViolation[] {
  const violations: LayerViolation[] = [];
  const files = [...new Set(LAYERS.map((l) => l.dir.split('/')[0] ?? l.dir))].flatMap((top) => sourceFiles(join(root, top)));
  for (const file of files) {
    const from = toPosix(relative(root, file));
    const source = layerOf(from);
    if (!source) continue;
    // TypeScript's own scan: static, type-only, re-export, side-effect and dynamic imports; never a comment.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const to = toPosix(relative(root, resolve(dirname(file), specifier)));
      const target = layerOf(to);
      if (target && target !== source && !source.may.includes(target.name)) {
        violations.push({ file: from, specifier, from: source.name, to: target.name, why: source.why });
        continue;
      }
      for (const rule of CORE_RULES) {
        const banned = within(from, rule.from) ? rule.mayNot.find((dir) => within(to, dir)) : undefined;
        if (banned) violations.push({ file: from, specifier, from: rule.from, to: banned, why: rule.why });
      }
    }
  }
  return violations;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * ESLint `no-restricted-imports` patterns for a layer's files: a relative import that climbs into
 * a layer it may not use. (A regex sees only the specifier, not the file's depth; the test above
 * resolves each import and is the final word.)
 */
export function restrictedImportPatterns(layer: Layer): { regex: string; message: string }[] {
  const banned = LAYERS.filter((other) => other !== layer && !layer.may.includes(other.name));
  const names = banned.map((other) => escape(other.dir.startsWith('electron/') ? other.dir.slice('electron/'.length) : other.dir));
  if (names.length === 0) return [];
  const prefix = layer.dir.startsWith('electron/') ? '(?:electron/)?' : 'electron/';
  const electronNames = names.filter((n) => n !== 'renderer');
  const patterns = electronNames.length === 0 ? [] : [{ regex: `^(?:\\.\\./)+${prefix}(?:${electronNames.join('|')})(?:/|$)`, message: layer.why }];
  if (banned.some((other) => other.name === 'renderer')) patterns.push({ regex: '^(?:\\.\\./)+renderer(?:/|$)', message: layer.why });
  return patterns;
}

/** ESLint patterns for a core module's inner rule: a sibling module it must not import. */
export function innerRestrictedImportPatterns(rule: InnerRule): { regex: string; message: string }[] {
  const names = rule.mayNot.map((dir) => escape(dir.slice(dir.lastIndexOf('/') + 1)));
  return [{ regex: `^\\.\\./(?:${names.join('|')})(?:/|$)`, message: rule.why }];
}
