/**
 * The `concilia` command line as a built bundle (out/cli/), with the same toolchain as the app
 * (Vite/Rolldown): no type stripping at start-up, and each command in its own chunk so a command
 * loads only its own code. Everything is bundled except better-sqlite3 (a native module, loaded
 * from node_modules, or from the copy the packaged app ships beside the bundle).
 *
 * out/cli/sources.json lists every source file that went in, with its size and modification
 * time: bin/concilia.js uses the bundle only while they all still match, so an edited source is
 * never shadowed by an older bundle.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const ROOT = import.meta.dirname;
const OUT = resolve(ROOT, 'out/cli');

/** What bin/concilia.js checks before trusting the bundle. */
function recordSources(): Plugin {
  const files = new Set<string>();
  return {
    name: 'concilia:cli-sources',
    apply: 'build',
    moduleParsed(info) {
      const path = info.id.split('?')[0] ?? '';
      if (path.startsWith(ROOT + sep) && !path.includes(`${sep}node_modules${sep}`)) files.add(path);
    },
    writeBundle() {
      // Dependencies are bundled too: a changed lock file means a changed bundle.
      const tracked = [...files, join(ROOT, 'package.json'), join(ROOT, 'package-lock.json')].sort();
      const entries = tracked.map((path) => {
        const stat = statSync(path);
        return [relative(ROOT, path).split(sep).join('/'), stat.size, stat.mtimeMs] as const;
      });
      writeFileSync(join(OUT, 'sources.json'), `${JSON.stringify({ files: entries })}\n`);
    },
  };
}

/** The chunks are ES modules, also where no package.json above says so (the packaged app's resources/cli/). */
function markAsModules(): Plugin {
  return {
    name: 'concilia:cli-package-json',
    apply: 'build',
    writeBundle: () => writeFileSync(join(OUT, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`),
  };
}

/**
 * better-sqlite3 is CommonJS: imported from ES modules, Node first scans it for its export names
 * (cjs-module-lexer), which costs start-up time for nothing. Required instead.
 */
function requireSqlite(): Plugin {
  const id = '\0concilia:better-sqlite3';
  return {
    name: 'concilia:require-better-sqlite3',
    enforce: 'pre',
    resolveId: (source) => (source === 'better-sqlite3' ? id : null),
    load: (loaded) => (loaded === id ? "import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)('better-sqlite3');\n" : null),
  };
}

// Loaded by every command: one chunk, not one file each.
const START_MODULES = /electron\/(cli\/(launch|main|context|network|commands\/index)|core\/(secrets|redact|deps))\.ts$/;

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  plugins: [requireSqlite(), recordSources(), markAsModules()],
  // Bundle every dependency into the chunks (no node_modules needed at run time) but SQLite's,
// which requireSqlite() loads from node_modules at run time.
  ssr: { noExternal: true },
  build: {
    ssr: true,
    target: 'node22',
    outDir: OUT,
    emptyOutDir: true,
    sourcemap: false,
    minify: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { concilia: resolve(ROOT, 'electron/cli/run.ts') },
      external: [/^node:/],
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        codeSplitting: { groups: [{ name: 'start', test: START_MODULES }] },
      },
    },
  },
});
