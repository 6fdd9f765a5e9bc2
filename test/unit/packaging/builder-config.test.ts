// The release configuration, checked where a mistake would ship: targets, signing, fuses, the
// native module, what is packed, the update feed, the icon and the entitlements.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';
import { makeIcon } from '../../../scripts/make-icon.ts';
import { RELEASE_FUSES, ROOT, fileFilter, loadBuilderConfig, nodeModuleFilter, plist, readYaml } from './packaging-support.ts';

let config: Configuration;
let testConfig: Configuration;

beforeAll(async () => {
  config = await loadBuilderConfig('electron-builder.yml');
  testConfig = await loadBuilderConfig('electron-builder.test.yml');
});

type TargetList = ReadonlyArray<string | { target: string; arch?: string | string[] }>;

function targets(platform: 'mac' | 'win' | 'linux'): Map<string, string[]> {
  const list = (config[platform]?.target ?? []) as TargetList;
  return new Map(list.map((entry) => (typeof entry === 'string' ? [entry, []] : [entry.target, [entry.arch ?? []].flat()])));
}

describe('electron-builder.yml', () => {
  it('is accepted by electron-builder 26 (its own loader and schema)', () => {
    expect(config.appId).toBe('com.concilia.desktop');
    expect(config.productName).toBe('Concilia');
    expect(config.directories?.buildResources).toBe('resources');
  });

  it('builds every installer per OS', () => {
    const mac = targets('mac');
    expect([...mac.keys()].sort()).toEqual(['dmg', 'zip']);
    expect(mac.get('dmg')?.sort()).toEqual(['arm64', 'x64']);
    // The zip is what electron-updater downloads on macOS: it must exist for both arches.
    expect(mac.get('zip')?.sort()).toEqual(['arm64', 'x64']);
    expect([...targets('win').keys()]).toEqual(['nsis']);
    expect([...targets('linux').keys()].sort()).toEqual(['AppImage', 'deb']);
    // electron-updater picks the macOS zip by the arch in its file name.
    expect(config.mac?.artifactName).toContain('${arch}');
  });

  it('signs and notarizes macOS with the hardened runtime and our entitlements', () => {
    expect(config.forceCodeSigning).toBe(true);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
    expect(config.mac?.identity).toBeUndefined(); // found in the keychain from CSC_LINK, never hard-coded
    expect(config.mac?.entitlements).toBe('resources/entitlements.mac.plist');
    expect(config.mac?.entitlementsInherit).toBe('resources/entitlements.mac.inherit.plist');
  });

  it.each(['resources/entitlements.mac.plist', 'resources/entitlements.mac.inherit.plist'])('%s is a valid plist with only the entitlements Electron needs', (file) => {
    const path = join(ROOT, file);
    expect(existsSync(path)).toBe(true);
    const parsed = plist.parse(readFileSync(path, 'utf8'));
    expect(parsed).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });

  it('signs Windows through Azure Trusted Signing with the publisher updates are verified against', () => {
    const win = config.win;
    expect(win?.azureSignOptions).toBeTruthy();
    const azure = win?.azureSignOptions;
    expect(azure?.publisherName).toMatch(/\S/);
    expect(azure?.endpoint).toMatch(/^https:\/\/[a-z0-9.-]+\.codesigning\.azure\.net\/?$/);
    expect(azure?.codeSigningAccountName).toMatch(/\S/);
    expect(azure?.certificateProfileName).toMatch(/\S/);
    // Azure and signtool are exclusive in electron-builder 26; the alternative is documented instead.
    expect(win?.signtoolOptions).toBeUndefined();
    expect(win?.verifyUpdateCodeSignature).not.toBe(false);
    expect(win?.signExecutable).not.toBe(false);
  });

  it('flips the Electron fuses for release builds', () => {
    expect(config.electronFuses).toEqual(RELEASE_FUSES);
    // Valid only while the renderer is served from the app scheme rather than file://.
    expect(readFileSync(join(ROOT, 'electron/main/index.ts'), 'utf8')).not.toMatch(/loadFile\(|file:\/\//);
  });

  it('keeps better-sqlite3 prebuilt and unpacked, with no rebuild step', () => {
    expect(config.asar).not.toBe(false);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**/*.node']);
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).not.toBe(true);
    expect(config.buildDependenciesFromSource).not.toBe(true);
    // The main bundle keeps dependencies external (electron.vite.config.ts), and the package lists it.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toContain('better-sqlite3');
    expect(readFileSync(join(ROOT, 'electron.vite.config.ts'), 'utf8')).toMatch(/main:[\s\S]*externalizeDeps: true/);
  });

  it.each([
    ['mac', 'arm64', 'darwin-arm64'],
    ['mac', 'x64', 'darwin-x64'],
    ['win', 'x64', 'win32-x64'],
    ['linux', 'x64', 'linux-x64'],
  ] as const)('ships only the %s %s SQLite prebuild', (platform, arch, expected) => {
    const keep = nodeModuleFilter(config, platform, arch);
    const all = ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'linuxmusl-arm64', 'linuxmusl-x64', 'win32-arm64', 'win32-x64'];
    const shipped = all.filter((name) => keep(`node_modules/better-sqlite3/prebuilds/${name}.node`));
    expect(shipped).toEqual([expected]);
    // The prebuild the package will look for must exist in the installed dependency.
    expect(existsSync(join(ROOT, 'node_modules/better-sqlite3/prebuilds', `${expected}.node`))).toBe(true);
    // Its JavaScript ships; its C sources do not.
    expect(keep('node_modules/better-sqlite3/lib/binding.js')).toBe(true);
    expect(keep('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
    expect(keep('node_modules/better-sqlite3/src/better_sqlite3.cpp')).toBe(false);
    // A locally compiled binary would be loaded before the prebuild (lib/binding.js): never shipped.
    expect(keep('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
    expect(keep('node_modules/better-sqlite3/build/Debug/better_sqlite3.node')).toBe(false);
    expect(keep('node_modules/better-sqlite3/build/Makefile')).toBe(false);
  });

  it('declares the C library the SQLite prebuild needs in the .deb, beside electron-builder’s own dependencies', () => {
    const depends = (config.deb as { depends?: string[] } | undefined)?.depends ?? [];
    // Setting `depends` replaces electron-builder's list, so every default must still be there.
    const require = createRequire(import.meta.url);
    const fpm = require('app-builder-lib/out/targets/FpmTarget.js') as { default: { prototype: { getDefaultDepends(target: string): string[] } } };
    for (const name of fpm.default.prototype.getDefaultDepends.call(null, 'deb')) expect(depends).toContain(name);
    const floor = depends.map((entry) => /^libc6 \(>= (\d+)\.(\d+)\)$/.exec(entry)).find((match) => match !== null);
    expect(floor, 'libc6 (>= X.Y) in deb.depends').toBeTruthy();
    // The newest glibc symbol version the shipped Linux binary asks for is the floor, exactly.
    const binary = readFileSync(join(ROOT, 'node_modules/better-sqlite3/prebuilds/linux-x64.node')).toString('latin1');
    const versions = [...binary.matchAll(/GLIBC_(\d+)\.(\d+)/g)].map((match) => [Number(match[1]), Number(match[2])] as const);
    const newest = versions.reduce((a, b) => (b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]) ? b : a));
    expect([Number(floor?.[1]), Number(floor?.[2])]).toEqual([...newest]);
  });

  it('keeps every files pattern in the main list (a platform-level list would replace it for app files)', () => {
    for (const platform of ['mac', 'win', 'linux'] as const) expect(config[platform]?.files, platform).toBeUndefined();
    expect(config.asar).toMatchObject({ smartUnpack: false });
  });

  it('locates the prebuild the way the unpacked path expects (lib/ -> ../prebuilds/<platform>-<arch>.node)', () => {
    const binding = readFileSync(join(ROOT, 'node_modules/better-sqlite3/lib/binding.js'), 'utf8');
    expect(binding).toMatch(/path\.join\(__dirname, '\.\.', 'prebuilds', `\$\{target\}\.node`\)/);
  });

  it('packs the built app only: no sources, harness, tests, or source maps', () => {
    for (const [platform, arch] of [['mac', 'arm64'], ['win', 'x64'], ['linux', 'x64']] as const) {
      const packed = fileFilter(config, platform, arch);
      expect(packed('out/main/index.js')).toBe(true);
      expect(packed('out/preload/index.cjs')).toBe(true);
      expect(packed('out/renderer/index.html')).toBe(true);
      expect(packed('package.json')).toBe(true);
      for (const excluded of [
        'out/main/index.js.map',
        'out/renderer/assets/index-abc123.js.map',
        'electron/harness/server.ts',
        'electron/main/index.ts',
        'electron/core/sandbox/index.ts',
        'test/ui/app.test.ts',
        'test/e2e-electron/smoke.test.ts',
        'scripts/make-icon.ts',
        'renderer/src/main.tsx',
        'resources/entitlements.mac.plist',
        'docs/RELEASING.md',
        'electron-builder.yml',
        '.github/workflows/release.yml',
      ]) {
        expect(packed(excluded), excluded).toBe(false);
      }
      const modules = nodeModuleFilter(config, platform, arch);
      expect(modules('node_modules/zod/index.cjs')).toBe(true);
      expect(modules('node_modules/exceljs/dist/exceljs.min.js.map')).toBe(false);
      expect(modules('node_modules/zod/src/v4/core/tests/index.test.ts')).toBe(false);
    }
  });

  it('publishes to a configurable generic feed, uploads to a draft release', () => {
    const publish = config.publish as ReadonlyArray<Record<string, unknown>>;
    expect(Array.isArray(publish)).toBe(true);
    // The first entry becomes app-update.yml: what installed apps follow.
    expect(publish[0]).toEqual({ provider: 'generic', url: '${env.CONCILIA_UPDATE_URL}' });
    expect(publish[1]).toMatchObject({ provider: 'github', releaseType: 'draft' });
  });

  it('keeps an uninstall from deleting the user data', () => {
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
    expect(config.nsis?.perMachine).toBe(false);
  });
});

describe('electron-builder.test.yml (the smoke-test variant)', () => {
  it('differs from a release only where Playwright needs it', () => {
    expect(testConfig.electronFuses).toEqual({ ...config.electronFuses, enableNodeCliInspectArguments: true, resetAdHocDarwinSignature: true });
    expect(testConfig.asarUnpack).toEqual(config.asarUnpack);
    expect(testConfig.npmRebuild).toBe(false);
    expect(testConfig.appId).toBe(config.appId);
    expect(testConfig.forceCodeSigning).toBe(false);
  });

  it('can never publish to or read from the real feed', () => {
    expect(testConfig.publish).toEqual({ provider: 'generic', url: 'http://127.0.0.1:9/concilia-test-build-has-no-feed' });
    expect(testConfig.directories?.output).toBe('release/test');
  });

  it('packs the same files as a release', () => {
    const release = fileFilter(config, 'linux', 'x64');
    const variant = fileFilter(testConfig, 'linux', 'x64');
    for (const path of ['out/main/index.js', 'out/main/index.js.map', 'electron/harness/server.ts', 'test/ui/app.test.ts']) {
      expect(variant(path), path).toBe(release(path));
    }
  });
});

describe('resources/icon.png', () => {
  const bytes = readFileSync(join(ROOT, 'resources/icon.png'));

  it('is a valid RGBA PNG of at least 512 px (1024 for macOS)', () => {
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    let offset = 8;
    const idat: Buffer[] = [];
    let width = 0;
    let height = 0;
    const types: string[] = [];
    while (offset < bytes.length) {
      const length = bytes.readUInt32BE(offset);
      const type = bytes.toString('latin1', offset + 4, offset + 8);
      const data = bytes.subarray(offset + 8, offset + 8 + length);
      expect(bytes.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
      if (type === 'IHDR') {
        width = data.readUInt32BE(0);
        height = data.readUInt32BE(4);
        expect(data[8]).toBe(8);
        expect(data[9]).toBe(6);
      }
      if (type === 'IDAT') idat.push(data);
      types.push(type);
      offset += 12 + length;
    }
    expect(types[0]).toBe('IHDR');
    expect(types.at(-1)).toBe('IEND');
    expect(width).toBe(1024);
    expect(height).toBe(1024);
    expect(inflateSync(Buffer.concat(idat)).length).toBe((width * 4 + 1) * height);
  });

  it('is exactly what scripts/make-icon.ts draws', () => {
    expect(makeIcon(1024).equals(bytes)).toBe(true);
  });
});

describe('release workflow', () => {
  const workflow = readYaml('.github/workflows/release.yml');
  const jobs = workflow.jobs as Record<string, { 'runs-on'?: unknown; steps?: Array<Record<string, unknown>>; needs?: unknown; strategy?: unknown }>;
  const text = readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8');

  function stepsText(job: { steps?: Array<Record<string, unknown>> }): string {
    return JSON.stringify(job.steps ?? []);
  }

  it('runs on version tags only', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
  });

  it('has one build job per OS', () => {
    const runners = Object.values(jobs).map((job) => job['runs-on']);
    for (const os of ['macos-latest', 'windows-latest', 'ubuntu-latest']) {
      expect(runners.filter((runner) => runner === os).length, os).toBeGreaterThanOrEqual(1);
    }
    for (const os of ['macos-latest', 'windows-latest', 'ubuntu-latest']) {
      const job = Object.values(jobs).find((candidate) => candidate['runs-on'] === os && stepsText(candidate).includes('--publish always'));
      expect(job, `${os} build job`).toBeDefined();
      const steps = stepsText(job ?? {});
      expect(steps).toContain('actions/setup-node');
      expect(steps).toMatch(/"node-version(-file)?":"(22|\.nvmrc)"/);
      expect(steps).toContain('npm ci');
      expect(steps).toContain('npm run typecheck');
      expect(steps).toMatch(/test:unit|npm test/);
      expect(steps).toContain('npm run build');
      expect(steps).toContain('electron-builder');
      // The packaged smoke test runs on every OS.
      expect(steps).toContain('dist:test');
      expect(steps).toContain('test/e2e-electron');
    }
    const linux = Object.values(jobs).find((job) => job['runs-on'] === 'ubuntu-latest' && stepsText(job).includes('--publish always'));
    expect(stepsText(linux ?? {})).toContain('npm test');
  });

  it('names every signing, notarization and publishing secret', () => {
    for (const secret of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'APPLE_API_KEY',
      'APPLE_API_KEY_ID',
      'APPLE_API_ISSUER',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'GH_TOKEN',
      'CONCILIA_UPDATE_URL',
    ]) {
      expect(text, secret).toContain(secret);
    }
    expect(text).toContain('scripts/notarize-env-check.ts --platform mac');
    expect(text).toContain('scripts/notarize-env-check.ts --platform win');
  });
});
