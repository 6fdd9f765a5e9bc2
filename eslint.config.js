// One lint configuration for the whole tree. Type-aware rules for every TypeScript file,
// plus the layering rules that keep each runtime in its room:
// - the layer graph of scripts/layers.ts (core imports no face; the renderer only the contract…),
//   which test/unit/architecture also checks against the real imports;
// - electron/core, cli, contract, handlers and harness never import `electron` (plain Node);
// - renderer/** never imports Node built-ins or `electron`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { CORE_RULES, LAYERS, innerRestrictedImportPatterns, restrictedImportPatterns } from './scripts/layers.ts';

// A regex, not a glob: the glob 'electron/*' would also match '../electron/contract'.
const electronImport = {
  regex: '^electron(/.*)?$',
  message: 'This folder is Electron-free: it runs under plain Node (CLI, tests, benchmarks). Take what you need as a parameter.',
};
const ELECTRON_FREE = new Set(['core', 'cli', 'contract', 'handlers', 'harness']);
const rendererPatterns = [
  { group: ['node:*', 'fs', 'path', 'child_process', 'crypto'], message: 'The renderer is browser code: ask the main process through the contract.' },
  { regex: '^electron(/.*)?$', message: 'The renderer talks to main only through window.concilia (the preload).' },
];

/** The import patterns a layer's files may not use: its layer graph, plus the runtime it runs in. */
function layerPatterns(layer) {
  const runtime = layer.name === 'renderer' ? rendererPatterns : ELECTRON_FREE.has(layer.name) ? [electronImport] : [];
  return [...runtime, ...restrictedImportPatterns(layer)];
}
const coreLayer = LAYERS.find((layer) => layer.name === 'core');

const layerConfigs = [
  ...LAYERS.map((layer) => ({
    files: [`${layer.dir}/**/*.{ts,tsx}`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: layerPatterns(layer) }] },
  })),
  // Inner rules of the core come after the core's own, and repeat them (a later rule replaces an earlier one).
  ...CORE_RULES.map((rule) => ({
    files: [`${rule.from}/**/*.ts`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...layerPatterns(coreLayer), ...innerRestrictedImportPatterns(rule)] }] },
  })),
];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', '.tools/**', 'coverage/**', 'docs/**', 'bench-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name="only"]', message: 'A focused test silently skips the rest.' },
      ],
    },
  },
  ...layerConfigs,
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The Node version guard runs under any old Node, before anything is installed: CommonJS.
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
);
