// One lint configuration for the whole tree. Type-aware rules for every TypeScript file,
// plus the layering rules that keep each runtime in its room:
// - electron/core/** never imports `electron` (it runs under plain Node: CLI, tests, benchmarks);
// - renderer/** never imports Node built-ins, `electron`, or the core's implementation.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// A regex, not a glob: the glob 'electron/*' would also match '../electron/contract'.
const electronImport = {
  regex: '^electron(/.*)?$',
  message: 'electron/core is Electron-free: it runs under plain Node (CLI, tests, benchmarks). Take what you need as a parameter.',
};

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
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/contract/**/*.ts', 'electron/handlers/**/*.ts', 'electron/harness/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [electronImport] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'crypto'], message: 'The renderer is browser code: ask the main process through the contract.' },
            { regex: '^electron(/.*)?$', message: 'The renderer talks to main only through window.concilia (the preload).' },
            { group: ['**/electron/core/**', '**/electron/main/**'], message: 'The renderer may import the contract (and type-only core types through it), never the core.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
