// What a release packs from the built out/ folder: the three bundles without source maps, the
// sandbox inside the main bundle (it powers the demo workspace), nothing from the browser harness
// or the tests, one SQLite prebuild unpacked beside app.asar, and the fuses flipped.
// The last part runs electron-builder itself (Linux `dir` target) against a stand-in Electron
// binary that carries only the fuse wire, since the real one cannot be downloaded here.
// Builds out/ first when it is missing (`npm test` builds before running the tests).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Arch, Platform, build } from 'electron-builder';
import type { Configuration } from 'electron-builder';
import { ROOT, fileFilter, loadBuilderConfig, yaml } from './packaging-support.ts';

const OUT = join(ROOT, 'out');
const ENTRIES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
// The command line ships beside the app (extraResources → resources/cli/), not inside app.asar.
const CLI_ENTRY = 'out/cli/concilia.js';

/** Every file under dir, as forward-slash paths relative to base. */
function walk(dir: string, base = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path, base) : [relative(base, path).split(sep).join('/')];
  });
}

let config: Configuration;
let built: string[];

beforeAll(async () => {
  if (!ENTRIES.every((entry) => existsSync(join(ROOT, entry)))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  }
  if (!existsSync(join(ROOT, CLI_ENTRY))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.cli.config.ts'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  }
  config = await loadBuilderConfig('electron-builder.yml');
  built = walk(OUT);
}, 300_000);

function mainBundle(): string {
  return built
    .filter((path) => path.startsWith('out/main/') && /\.(c|m)?js$/.test(path))
    .map((path) => readFileSync(join(ROOT, path), 'utf8'))
    .join('\n');
}

describe('the packed files, from the built out/ folder', () => {
  it.each([
    ['mac', 'arm64'],
    ['mac', 'x64'],
    ['win', 'x64'],
    ['linux', 'x64'],
  ] as const)('%s %s: the three bundles, every built file except source maps', (platform, arch) => {
    const packed = fileFilter(config, platform, arch);
    const shipped = built.filter((path) => packed(path));
    for (const entry of ENTRIES) expect(shipped, entry).toContain(entry);
    expect(shipped.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(shipped.filter((path) => !/^out\/(main|preload|renderer)\//.test(path))).toEqual([]);
    // Nothing built is dropped by accident: only maps stay behind, and the command line goes to
    // resources/cli/ (checked in the real build below).
    expect(built.filter((path) => !packed(path) && !path.endsWith('.map') && !path.startsWith('out/cli/'))).toEqual([]);
    expect(built).toContain(CLI_ENTRY);
  });

  it('bundles the sandbox into the main process (the demo workspace needs it)', () => {
    expect(mainBundle()).toMatch(/\bstartSandbox\b/);
  });

  it('contains neither the browser harness nor test code', () => {
    const bundle = mainBundle();
    const harnessExports = readdirSync(join(ROOT, 'electron/harness'))
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [...readFileSync(join(ROOT, 'electron/harness', name), 'utf8').matchAll(/export (?:async )?(?:function|class|const) (\w+)/g)].map((match) => match[1]!));
    expect(harnessExports.length).toBeGreaterThan(0);
    for (const name of harnessExports) expect(bundle, `harness export ${name}`).not.toMatch(new RegExp(`\\b${name}\\b`));
    expect(built.some((path) => /harness/i.test(path))).toBe(false);
    for (const marker of ['vitest', 'playwright-core', 'fast-check', 'test/support/']) expect(bundle, marker).not.toContain(marker);
  });

  it('keeps the runtime dependencies external, so the unpacked SQLite binary is the one loaded', () => {
    const bundle = mainBundle();
    expect(bundle).toMatch(/from ["']better-sqlite3["']|require\(["']better-sqlite3["']\)|import\(["']better-sqlite3["']\)/);
    expect(built.filter((path) => path.endsWith('.node'))).toEqual([]);
    // The native binding itself is never inlined.
    expect(bundle).not.toContain('better_sqlite3.node');
  });

  it("fetches upstreams through Chromium's network stack (system proxy, OS certificate store), not Node's fetch", () => {
    const bundle = mainBundle();
    expect(bundle).toMatch(/fetch: \(input, init\) => net\.fetch\(/);
    expect(bundle).not.toMatch(/fetch: \(input, init\) => fetch\(/);
  });

  it('loads the preload as the CommonJS file the package contains', () => {
    expect(mainBundle()).toContain('preload/index.cjs');
  });
});

// ---- electron-builder for real ---------------------------------------------------------------

interface AsarModule {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  getRawHeader(archive: string): { header: AsarDirectory };
}
interface AsarDirectory {
  files: Record<string, AsarDirectory | { unpacked?: boolean; size: number }>;
}
const asar = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))('@electron/asar') as AsarModule;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's fuse order (@electron/fuses FuseV1Options) and a stock binary's states.
const FUSES = ['runAsNode', 'cookieEncryption', 'nodeOptions', 'nodeCliInspect', 'asarIntegrity', 'onlyLoadAppFromAsar', 'browserV8Snapshot', 'fileProtocolPrivileges'];
const STOCK_WIRE = '10110001';

function stubElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n# stand-in: carries the fuse wire only\n', 'latin1'), Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, STOCK_WIRE.length]), Buffer.from(STOCK_WIRE, 'latin1')]));
  chmodSync(join(dir, 'electron'), 0o755);
  for (const name of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html']) writeFileSync(join(dir, name), '');
  writeFileSync(join(dir, 'version'), '45.0.0');
}

function fuseStates(binary: Buffer): Record<string, string> {
  const at = binary.indexOf(SENTINEL) + SENTINEL.length;
  const wire = binary.toString('latin1', at + 2, at + 2 + binary[at + 1]!);
  return Object.fromEntries(FUSES.map((name, index) => [name, wire[index] === '1' ? 'on' : 'off']));
}

function entry(header: AsarDirectory, path: string): { unpacked?: boolean } | undefined {
  let node: AsarDirectory | { unpacked?: boolean; size: number } = header;
  for (const part of path.split('/').filter(Boolean)) {
    if (!('files' in node)) return undefined;
    const next: AsarDirectory | { unpacked?: boolean; size: number } | undefined = node.files[part];
    if (!next) return undefined;
    node = next;
  }
  return 'files' in node ? undefined : node;
}

describe('electron-builder packs the app (Linux dir, stand-in Electron)', () => {
  const temp = mkdtempSync(join(tmpdir(), 'concilia-pack-'));
  const output = join(temp, 'release');
  const feed = 'https://updates.example.com/concilia/';
  let appDir = '';
  let files: string[] = [];

  beforeAll(async () => {
    stubElectron(join(temp, 'electron'));
    const previous = process.env.CONCILIA_UPDATE_URL;
    process.env.CONCILIA_UPDATE_URL = feed;
    try {
      await build({
        projectDir: ROOT,
        targets: Platform.LINUX.createTarget('dir', Arch.x64),
        publish: 'never',
        config: { electronDist: join(temp, 'electron'), electronVersion: '45.0.0', directories: { output } },
      });
    } finally {
      if (previous === undefined) delete process.env.CONCILIA_UPDATE_URL;
      else process.env.CONCILIA_UPDATE_URL = previous;
    }
    appDir = join(output, 'linux-unpacked');
    files = asar.listPackage(join(appDir, 'resources/app.asar'), { isPack: false }).map((path) => path.replaceAll('\\', '/'));
  }, 240_000);

  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('packs only the built app and package.json, without source maps', () => {
    const own = files.filter((path) => !path.startsWith('/node_modules'));
    const ownFiles = own.filter((path) => /\.[a-z]+$/i.test(path));
    expect(ownFiles.filter((path) => !/^\/out\/(main|preload|renderer)\//.test(path) && path !== '/package.json')).toEqual([]);
    for (const path of ENTRIES) expect(files).toContain(`/${path}`);
    expect(files.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(files.filter((path) => /\/(harness|test|tests|docs|scripts)\//.test(path) && !path.startsWith('/node_modules'))).toEqual([]);
  });

  it('ships the production dependencies and no development ones', () => {
    const modules = new Set(files.filter((path) => /^\/node_modules\/[^/]+$/.test(path)).map((path) => path.slice('/node_modules/'.length)));
    for (const name of ['better-sqlite3', 'exceljs', 'zod', 'electron-updater']) expect(modules.has(name), name).toBe(true);
    for (const name of ['electron', 'electron-builder', 'vitest', 'vite', 'playwright-core', 'react', 'typescript', 'fast-check']) expect(modules.has(name), name).toBe(false);
  });

  it('unpacks exactly one SQLite binary and keeps its JavaScript in the archive', () => {
    const expected = `${process.platform}-x64.node`; // ${platform} is the build machine's OS
    expect(files.filter((path) => path.startsWith('/node_modules/better-sqlite3/prebuilds/'))).toEqual([`/node_modules/better-sqlite3/prebuilds/${expected}`]);
    const unpacked = join(appDir, 'resources/app.asar.unpacked');
    expect(walk(unpacked, unpacked)).toEqual([`node_modules/better-sqlite3/prebuilds/${expected}`]);
    const header = asar.getRawHeader(join(appDir, 'resources/app.asar')).header;
    expect(entry(header, `node_modules/better-sqlite3/prebuilds/${expected}`)?.unpacked).toBe(true);
    expect(entry(header, 'node_modules/better-sqlite3/lib/binding.js')?.unpacked).toBeUndefined();
    expect(files).not.toContain('/node_modules/better-sqlite3/deps');
    // No local compile either: build/Release/better_sqlite3.node would be loaded before the prebuild.
    expect(files.filter((path) => path.startsWith('/node_modules/better-sqlite3/build'))).toEqual([]);
  });

  it('flips the fuses in the binary', () => {
    const binary = readFileSync(join(appDir, 'concilia'));
    expect(fuseStates(binary)).toEqual({
      runAsNode: 'off',
      cookieEncryption: 'on',
      nodeOptions: 'off',
      nodeCliInspect: 'off',
      asarIntegrity: 'on',
      onlyLoadAppFromAsar: 'on',
      browserV8Snapshot: 'off',
      fileProtocolPrivileges: 'off',
    });
  });

  it('ships the command line in resources/cli/, with one SQLite prebuild, and it runs under Node', () => {
    const cliDir = join(appDir, 'resources/cli');
    const shipped = walk(cliDir, cliDir);
    expect(shipped).toContain('concilia.js');
    expect(shipped).toContain('package.json');
    expect(shipped).not.toContain('sources.json');
    expect(shipped.filter((path) => path.endsWith('.node'))).toEqual([`node_modules/better-sqlite3/prebuilds/${process.platform}-x64.node`]);
    expect(shipped.filter((path) => path.startsWith('node_modules/') && !path.startsWith('node_modules/better-sqlite3/'))).toEqual([]);
    // Run as a user would, with the system's Node, from outside the repository (a temp folder
    // whose parents hold no node_modules): everything it needs is in resources/cli/.
    const run = (args: string[]): string => execFileSync(process.execPath, [join(cliDir, 'concilia.js'), ...args], { cwd: temp, encoding: 'utf8', env: { ...process.env, CONCILIA_DB: join(temp, 'packaged-cli.sqlite') } });
    expect(run(['--help'])).toBe(execFileSync(process.execPath, [join(ROOT, 'bin/concilia.js'), '--help'], { encoding: 'utf8' }));
    expect(run(['status'])).toContain('No connections yet');
    expect(run(['source', 'add', 'lms', '--kind', 'payg', '--base-url', 'https://lms.example.com'])).toContain('Added');
    expect(run(['source', 'list'])).toContain('lms');
  });

  it('writes the update feed the installed app will follow (app-update.yml)', () => {
    const updateConfig = yaml.load(readFileSync(join(appDir, 'resources/app-update.yml'), 'utf8'));
    expect(updateConfig).toMatchObject({ provider: 'generic', url: feed });
  });
});
