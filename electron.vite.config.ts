import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { devServerCsp } from './scripts/vite-dev-csp.ts';

// Three bundles, one per Electron runtime:
// - main: Node side (shell + the Electron-free core). Dependencies listed in package.json
//   "dependencies" (better-sqlite3, exceljs, zod, electron-updater) stay external so the
//   native module is loaded from node_modules (unpacked from the asar archive when packaged).
// - preload: runs in a sandboxed renderer, so it must be a single CommonJS file with every
//   import bundled in (sandboxed preloads cannot require node_modules).
// - renderer: plain browser code, no Node. Its strict CSP (renderer/index.html) is relaxed for
//   the dev server only, by a nonce (scripts/vite-dev-csp.ts); builds keep it strict.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      sourcemap: false,
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      sourcemap: false,
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react(), devServerCsp()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      sourcemap: false,
      minify: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
      },
    },
  },
});
