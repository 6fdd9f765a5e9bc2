#!/usr/bin/env node
// The `concilia` command line from a clone of the repository (`npm link` puts it on the PATH).
// It runs the built bundle (out/cli/, made by `npm run build` and on `npm install`) when that
// bundle was built from exactly the sources on disk (out/cli/sources.json), and the TypeScript
// sources otherwise (Node 22 runs them as they are), so an edited source is never shadowed by an
// older bundle. CONCILIA_CLI_FROM=sources forces the sources.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
/** Whether this Node is at least major.minor. */
const atLeast = (wantMajor, wantMinor) => major > wantMajor || (major === wantMajor && minor >= wantMinor);
if (!atLeast(22, 12)) {
  process.stderr.write(`concilia needs Node.js 22.18 or newer; this is ${process.versions.node}. See the README (Requirements).\n`);
  process.exit(1);
}

const root = fileURLToPath(new URL('../', import.meta.url));

function bundleIsCurrent() {
  try {
    const { files } = JSON.parse(readFileSync(`${root}out/cli/sources.json`, 'utf8'));
    return (
      files.length > 0 &&
      files.every(([path, size, mtimeMs]) => {
        const stat = statSync(root + path);
        return stat.size === size && stat.mtimeMs === mtimeMs;
      })
    );
  } catch {
    return false; // no bundle, or a source it was built from is gone
  }
}

const entry = process.env.CONCILIA_CLI_FROM !== 'sources' && bundleIsCurrent() ? 'out/cli/concilia.js' : 'electron/cli/run.ts';
// The built bundle is JavaScript (Node 22.12 runs it); the sources are TypeScript, which Node runs
// without a flag only from 22.18 on.
if (entry.endsWith('.ts') && !atLeast(22, 18)) {
  process.stderr.write(`concilia runs from its TypeScript sources here (run \`npm run build\` for the bundle), which needs Node.js 22.18 or newer; this is ${process.versions.node}.\n`);
  process.exit(1);
}
await import(new URL(`../${entry}`, import.meta.url).href);
