/**
 * The README's first commands on a fresh machine. `npm start` must find or download the Electron
 * binary itself (electron-vite only reads node_modules/electron/path.txt, which nothing wrote on a
 * fresh install), and an old Node must stop `npm test` at once with one line saying what to do.
 * No real Electron is needed: a stand-in binary records how it was launched.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildZip, honestPart } from '../../support/zip.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const NEEDED = /(\d+\.\d+)/.exec((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node)?.[1] ?? '';

/** A stand-in for the Electron binary: records its arguments, working folder and environment, exits 0. */
const STAND_IN = `#!/usr/bin/env node
require('node:fs').writeFileSync(process.env.CONCILIA_STANDIN_RECORD, JSON.stringify({
  binary: process.argv[1], args: process.argv.slice(2), cwd: process.cwd(),
  env: { ELECTRON_EXEC_PATH: process.env.ELECTRON_EXEC_PATH, ELECTRON_RUN_AS_NODE: process.env.ELECTRON_RUN_AS_NODE ?? null },
}));
`;

interface Launch {
  binary: string;
  args: string[];
  cwd: string;
  env: { ELECTRON_EXEC_PATH?: string; ELECTRON_RUN_AS_NODE: string | null };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A guard that failed to stop would run the whole suite again: never let it get far.
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment of a newcomer's shell: none of the variables that point at an Electron binary. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(ELECTRON_|npm_|electron_)/i.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

/** Every Node on PATH (and the usual places) older than what package.json asks for. */
function oldNode(): { path: string; version: string } | null {
  const candidates = new Set<string>(['/usr/local/bin/node', '/usr/bin/node']);
  try {
    for (const line of execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n')) if (line.trim()) candidates.add(line.trim());
  } catch {
    // `which` found none: the fixed candidates remain.
  }
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const [needMajor = 0, needMinor = 0] = NEEDED.split('.').map(Number);
    if (major < needMajor || (major === needMajor && minor < needMinor)) return { path, version };
  }
  return null;
}

let temp: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/main/index.js'))) {
    throw new Error('The app is not built (out/main/index.js is missing): run npm run build before these tests.');
  }
  temp = mkdtempSync(join(tmpdir(), 'concilia-first-start-'));
});

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('an old Node', () => {
  test('npm test stops at once with one line naming the Node version needed and how to get it', async () => {
    // The machine's own old Node when it has one (CI machines start on Node 20, as this one does);
    // elsewhere, this Node told to say it is 20.18 — the guard reads nothing else.
    const found = oldNode();
    const pretend = join(temp, 'pretend-node-20.cjs');
    writeFileSync(pretend, "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.18.0' } });\n");
    const old = found
      ? { node: found.path, args: [] as string[], version: found.version, env: { PATH: `${dirname(found.path)}:${process.env.PATH ?? ''}` } }
      : { node: process.execPath, args: ['--require', pretend], version: '20.18.0', env: { NODE_OPTIONS: `--require ${pretend}` } };
    const guard = await run(old.node, [...old.args, join(ROOT, 'scripts/check-node.cjs')], { cwd: ROOT, env: cleanEnv() });
    expect(guard.code).toBe(1);
    expect(guard.stdout).toBe('');
    const lines = guard.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Node.js ${NEEDED} or newer`);
    expect(lines[0]).toContain(old.version);
    expect(lines[0]).toMatch(/nodejs\.org|nvm install/);

    // And through npm itself: the line, a failure, and nothing run after it.
    const npm = await run('npm', ['test'], { cwd: ROOT, env: cleanEnv(old.env) });
    expect(npm.code).not.toBe(0);
    expect(npm.stderr.split('\n').filter((l) => l.includes(`Node.js ${NEEDED} or newer`))).toHaveLength(1);
    expect(npm.stdout + npm.stderr).not.toMatch(/tsc -p|Map\.groupBy/);
  });

  test('the guard lets the Node that runs these tests through, silently', async () => {
    const guard = await run(process.execPath, [join(ROOT, 'scripts/check-node.cjs')], { cwd: ROOT, env: cleanEnv() });
    expect(guard).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('npm start on a fresh machine', () => {
  test('starts the app through a stand-in Electron named by ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const dist = join(temp, 'override-dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'electron'), STAND_IN);
    chmodSync(join(dist, 'electron'), 0o755);
    const record = join(temp, 'override-launch.json');
    // --skipBuild: npm test has just built out/; the UI tests read it at the same time.
    const started = await run('npm', ['start', '--', '--skipBuild'], {
      cwd: ROOT,
      env: cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist, CONCILIA_STANDIN_RECORD: record }),
      timeoutMs: 90_000,
    });
    expect(started.stderr).not.toMatch(/Electron uninstall/);
    expect(started.code, started.stderr).toBe(0);
    const launch = JSON.parse(readFileSync(record, 'utf8')) as Launch;
    expect(launch.binary).toBe(join(dist, 'electron'));
    expect(launch.args).toEqual(['.']);
    expect(launch.cwd).toBe(ROOT.replace(/\/$/, ''));
    expect(launch.env.ELECTRON_EXEC_PATH).toBe(join(dist, 'electron'));
    // As an app, not as a plain Node (which would ignore the window entirely).
    expect(launch.env.ELECTRON_RUN_AS_NODE).toBeNull();
  });

  describe('with Electron not downloaded yet', () => {
    let mirror: Server;
    let mirrorUrl: string;
    const requests: string[] = [];
    let project: string;

    beforeAll(async () => {
      // A project whose node_modules/electron is as npm 11 leaves it: the package, no binary, no path.txt.
      project = join(temp, 'fresh');
      const modules = join(project, 'node_modules');
      mkdirSync(join(project, 'out/main'), { recursive: true });
      writeFileSync(join(project, 'out/main/index.js'), '');
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', version: '1.0.0', main: 'out/main/index.js', type: 'module' }));
      mkdirSync(modules, { recursive: true });
      cpSync(join(ROOT, 'node_modules/electron'), join(modules, 'electron'), {
        recursive: true,
        filter: (source) => !/[/\\](dist|path\.txt)$/.test(source),
      });
      for (const name of ['@electron', '@electron-internal', 'electron-vite']) symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));

      // A release mirror serving a stand-in build of this Electron version, with its checksum.
      const zipName = `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`;
      const zip = buildZip([{ ...honestPart('electron', STAND_IN), mode: 0o755 }, honestPart('version', `v${ELECTRON_VERSION}`)]);
      const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`;
      mirror = createServer((request, response) => {
        requests.push(request.url ?? '');
        if (request.url === `/v${ELECTRON_VERSION}/${zipName}`) response.end(zip);
        else if (request.url === `/v${ELECTRON_VERSION}/SHASUMS256.txt`) response.end(sums);
        else response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
      mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => mirror.close(() => resolve()));
    });

    const start = (env: NodeJS.ProcessEnv) =>
      run(process.execPath, [join(ROOT, 'scripts/electron-app.js'), 'preview', '--skipBuild'], {
        cwd: project,
        env: cleanEnv({ electron_config_cache: join(temp, 'electron-cache'), electron_use_remote_checksums: '1', ...env }),
        timeoutMs: 90_000,
      });

    test('without internet it stops with a clear message, and launches nothing', async () => {
      // A port nobody listens on: what a machine without a network sees.
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const deadPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const record = join(temp, 'offline-launch.json');
      const started = await start({ ELECTRON_MIRROR: `http://127.0.0.1:${deadPort}/`, CONCILIA_STANDIN_RECORD: record });
      expect(started.code).toBe(1);
      expect(started.stderr).toContain(`Concilia could not download Electron ${ELECTRON_VERSION}`);
      expect(started.stderr).toMatch(/needs internet/);
      expect(started.stderr).toMatch(/npm test/);
      // One message, not the installer's stack trace.
      expect(started.stderr).not.toMatch(/\n\s+at /);
      expect(started.stderr).not.toMatch(/Electron uninstall/);
      expect(existsSync(record)).toBe(false);
      expect(existsSync(join(project, 'node_modules/electron/path.txt'))).toBe(false);
    });

    test('with internet it downloads Electron once through its own installer, then launches it', async () => {
      const record = join(temp, 'fresh-launch.json');
      const first = await start({ ELECTRON_MIRROR: mirrorUrl, CONCILIA_STANDIN_RECORD: record });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain(`Downloading Electron ${ELECTRON_VERSION}`);
      expect(requests).toContain(`/v${ELECTRON_VERSION}/electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`);
      const binary = join(project, 'node_modules/electron/dist/electron');
      expect(readFileSync(join(project, 'node_modules/electron/path.txt'), 'utf8')).toBe('electron');
      const launch = JSON.parse(readFileSync(record, 'utf8')) as Launch;
      expect(launch).toMatchObject({ binary, args: ['.'], cwd: project, env: { ELECTRON_EXEC_PATH: binary, ELECTRON_RUN_AS_NODE: null } });

      // The second start finds it: nothing more is downloaded.
      const downloads = requests.length;
      rmSync(record);
      const second = await start({ ELECTRON_MIRROR: mirrorUrl, CONCILIA_STANDIN_RECORD: record });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).not.toContain('Downloading Electron');
      expect(requests).toHaveLength(downloads);
      expect((JSON.parse(readFileSync(record, 'utf8')) as Launch).binary).toBe(binary);
    });
  });
});
