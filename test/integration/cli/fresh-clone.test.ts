/**
 * The built command line, as a new colleague gets it: a fresh clone of this commit, `npm install`
 * and `npm run build`, then the same commands through the bundle (bin/concilia.js picks it) and
 * through the TypeScript sources give the same output, byte for byte. Which one ran is proven
 * by the modules Node loaded, not assumed. Slow by nature (an install and a build): the only such test.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FROM = '2025-01-01';
const TO = '2025-02-28';
const MINUTES = 60_000;

let dir: string;
let clone: string;
let sandbox: Sandbox;
let cacheEnv: NodeJS.ProcessEnv;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Every file Node loaded, relative to the clone. */
  loaded: string[];
}

// Records the files Node loads (module.registerHooks), so a test can say which code ran.
const RECORDER = `import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.CONCILIA_TEST_LOADED, JSON.stringify(loaded)));`;

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout: number }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: options.timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The one field that differs between two runs by design: when each was generated. */
function sameClock(text: string): string {
  return text.replace(/"generatedAt": "[^"]+"/g, '"generatedAt": "…"');
}

let runs = 0;
async function concilia(from: 'bundle' | 'sources', args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const loadedFile = join(dir, `loaded-${runs++}.json`);
  const forced = from === 'sources' ? { CONCILIA_CLI_FROM: 'sources' } : {};
  const result = await run(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(RECORDER)}`, join(clone, 'bin/concilia.js'), ...args], {
    cwd: dir,
    env: { ...cacheEnv, ...env, ...forced, CONCILIA_TEST_LOADED: loadedFile },
    timeout: 2 * MINUTES,
  });
  const loaded = (JSON.parse(readFileSync(loadedFile, 'utf8')) as string[]).filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url).slice(clone.length + 1));
  return { ...result, loaded };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concilia-fresh-clone-'));
  clone = join(dir, 'concilia');
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  execFileSync('git', ['clone', '--quiet', '--no-checkout', ROOT, clone]);
  execFileSync('git', ['checkout', '--quiet', '--detach', head], { cwd: clone });
  // The registry cache is reused; nothing else from this checkout (no node_modules, no out/).
  const env = { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_prefer_offline: 'true', CONCILIA_DB: undefined };
  const install = await run('npm', ['install'], { cwd: clone, env, timeout: 20 * MINUTES });
  expect(install.code, `npm install failed:\n${install.stderr.slice(-2000)}`).toBe(0);
  const build = await run('npm', ['run', 'build'], { cwd: clone, env, timeout: 15 * MINUTES });
  expect(build.code, `npm run build failed:\n${build.stderr.slice(-2000)}`).toBe(0);

  // A small cache, synced from the sandbox by the built CLI.
  sandbox = await startSandbox({ rateLimit: { max: 10, windowMs: 250 } });
  const credential = sandbox.credentials.portal.find((c) => c.hasReportPermission);
  if (!credential) throw new Error('The sandbox offers no portal credential with the report permission.');
  cacheEnv = { CONCILIA_DB: join(dir, 'cache.sqlite') };
  const add = await concilia('bundle', ['source', 'add', 'acme', '--kind', 'portal', '--base-url', sandbox.url, '--tenant', credential.tenant, '--currency', credential.currency]);
  expect(add.code, add.stderr).toBe(0);
  const sync = await concilia('bundle', ['sync', 'acme', '--from', FROM, '--to', TO], { CONCILIA_TOKEN: credential.token, CONCILIA_API_KEY: credential.apiKey, CONCILIA_RATE_LIMIT: '10/250' });
  expect(sync.code, sync.stderr).toBe(0);
}, 40 * MINUTES);

afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 10 * MINUTES);

describe('a fresh clone after npm install and npm run build', () => {
  it('runs the built bundle, which loads no TypeScript source', async () => {
    const help = await concilia('bundle', ['--help']);
    expect(help.code).toBe(0);
    expect(help.loaded).toContain('out/cli/concilia.js');
    expect(help.loaded.filter((path) => path.endsWith('.ts'))).toEqual([]);
    const sources = await concilia('sources', ['--help']);
    expect(sources.loaded).toContain('electron/cli/run.ts');
    expect(sources.loaded.filter((path) => path.startsWith('out/'))).toEqual([]);
  });

  it.each([
    ['--help', ['--help']],
    ['a command’s help', ['sync', '--help']],
    ['the version', ['--version']],
    ['bad usage (exit 2)', ['reconcile', 'acme', '--from', '2025-02-30']],
    ['an unknown command', ['frobnicate']],
    ['status', ['status', 'acme']],
    ['source list', ['source', 'list']],
    ['reconcile, text', ['reconcile', 'acme', '--from', FROM, '--to', TO]],
    ['reconcile --json', ['reconcile', 'acme', '--from', FROM, '--to', TO, '--json']],
    ['audit verify', ['audit', 'verify']],
  ])('%s: the same output from the bundle and from the sources', async (_name, args) => {
    const bundle = await concilia('bundle', args);
    const sources = await concilia('sources', args);
    expect(bundle.loaded).toContain('out/cli/concilia.js');
    expect(sources.loaded).toContain('electron/cli/run.ts');
    expect({ code: bundle.code, stdout: sameClock(bundle.stdout), stderr: bundle.stderr }).toEqual({ code: sources.code, stdout: sameClock(sources.stdout), stderr: sources.stderr });
    expect(bundle.stdout.length + bundle.stderr.length).toBeGreaterThan(0);
  });

  it('the same workbook rows from both (CSV export)', async () => {
    const bundle = await concilia('bundle', ['export', 'acme', '--from', FROM, '--to', TO, '--format', 'csv', '--out', join(dir, 'bundle.csv')]);
    const sources = await concilia('sources', ['export', 'acme', '--from', FROM, '--to', TO, '--format', 'csv', '--out', join(dir, 'sources.csv')]);
    expect(bundle.code, bundle.stderr).toBe(0);
    expect(sources.code, sources.stderr).toBe(0);
    expect(readFileSync(join(dir, 'bundle.csv'), 'utf8')).toBe(readFileSync(join(dir, 'sources.csv'), 'utf8'));
  });

  it('falls back to the sources as soon as one of them changes (a stale bundle is never used)', async () => {
    const file = join(clone, 'electron/cli/commands/status.ts');
    const text = readFileSync(file, 'utf8');
    execFileSync(process.execPath, ['-e', `require('node:fs').writeFileSync(${JSON.stringify(file)}, ${JSON.stringify(`${text}\n`)})`]);
    const after = await concilia('bundle', ['status', 'acme']);
    expect(after.loaded).toContain('electron/cli/run.ts');
    expect(after.loaded.filter((path) => path.startsWith('out/'))).toEqual([]);
  });
});
