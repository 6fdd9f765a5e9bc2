// Shared by the packaging tests: loads electron-builder's configuration the way electron-builder
// does (its own loader, its own schema) and evaluates its `files` patterns with electron-builder's
// own minimatch and ordering rules, so a pattern that looks right but matches wrong is caught.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Configuration } from 'electron-builder';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** Every fuse a release flips, as Electron's security guidance recommends. */
export const RELEASE_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

const require = createRequire(import.meta.url);

// Transitive dependencies of electron-builder (no type declarations of their own).
interface JsYaml {
  load(text: string): unknown;
}
interface MinimatchModule {
  Minimatch: new (pattern: string, options: { dot: boolean }) => { negate: boolean; match(path: string): boolean };
}
interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
}
interface BuilderUtil {
  DebugLogger: new (isEnabled: boolean) => unknown;
}
interface PlistModule {
  parse(text: string): unknown;
}

export const yaml = require('js-yaml') as JsYaml;
export const plist = require('plist') as PlistModule;
const appBuilderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const { Minimatch } = appBuilderRequire('minimatch') as MinimatchModule;
const configModule = require('app-builder-lib/out/util/config/config.js') as ConfigModule;
const { DebugLogger } = appBuilderRequire('builder-util') as BuilderUtil;

export function readYaml(relativePath: string): Record<string, unknown> {
  const parsed = yaml.load(readFileSync(join(ROOT, relativePath), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${relativePath} is not a YAML mapping`);
  return parsed as Record<string, unknown>;
}

/** The effective configuration (with `extends` merged), validated against electron-builder's schema. */
export async function loadBuilderConfig(file: string): Promise<Configuration> {
  const config = await configModule.getConfig(ROOT, file, null);
  await configModule.validateConfiguration(config, new DebugLogger(false));
  return config;
}

export type PackagePlatform = 'mac' | 'win' | 'linux';

function stringPatterns(value: unknown): string[] {
  if (value == null) return [];
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'object' && item !== null) {
      const set = item as { from?: unknown; to?: unknown; filter?: unknown };
      if (set.from !== undefined || set.to !== undefined) throw new Error('FileSet with from/to is not handled by this test helper');
      out.push(...stringPatterns(set.filter));
    }
  }
  return out;
}

const ALWAYS_EXCLUDED = '!**/*.{iml,hprof,orig,pyc,pyo,rbc,swp,csproj,sln,suo,xproj,cc,d.ts,mk,a,o,obj,forge-meta,pdb}';

/**
 * Whether a project file (path relative to the project, forward slashes) is packed for one
 * platform and arch: the `files` list with ${arch} and ${platform} expanded, then the exclusions
 * electron-builder always adds. Evaluated in order, last match wins (electron-builder's
 * minimatchAll). A quick model for every platform; package-files.test.ts checks the real thing.
 * Platform-level `files` are refused: electron-builder would use them *instead* of the main list
 * for the app's own files (a trap this helper once modelled wrongly).
 */
export function fileFilter(config: Configuration, platform: PackagePlatform, arch: 'x64' | 'arm64'): (path: string) => boolean {
  const platformConfig = config[platform] as { files?: unknown } | null | undefined;
  if (platformConfig?.files != null) throw new Error(`${platform}.files would replace the main files list; put the pattern in the top-level files`);
  return evaluator([...stringPatterns(config.files), ALWAYS_EXCLUDED], platform, arch);
}

/** node_modules files: electron-builder keeps only the exclusions from `files`, after an include-all. */
export function nodeModuleFilter(config: Configuration, platform: PackagePlatform, arch: 'x64' | 'arm64'): (path: string) => boolean {
  const exclusions = stringPatterns(config.files).filter((pattern) => pattern.startsWith('!'));
  return evaluator(['**/*', ...exclusions, ALWAYS_EXCLUDED], platform, arch);
}

// ${platform} is the build machine's OS in electron-builder; each OS is built on its own runner.
const NODE_PLATFORM: Record<PackagePlatform, string> = { mac: 'darwin', win: 'win32', linux: 'linux' };

function evaluator(rawPatterns: readonly string[], platform: PackagePlatform, arch: string): (path: string) => boolean {
  const patterns = rawPatterns.map((pattern) => new Minimatch(pattern.replaceAll('${arch}', arch).replaceAll('${platform}', NODE_PLATFORM[platform]), { dot: true }));
  return (path) => {
    let match = false;
    for (const pattern of patterns) {
      if (match !== pattern.negate) continue;
      match = pattern.match(path);
    }
    return match;
  };
}
