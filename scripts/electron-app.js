#!/usr/bin/env node
// `npm start` (electron-vite preview) and `npm run dev` (electron-vite dev), with the Electron
// binary found first, and downloaded by Electron's own installer when it is not there yet.
//
// Why: Electron 45 no longer downloads its binary on install; its `require('electron')` does it
// on first use. electron-vite never calls that: it reads node_modules/electron/path.txt and stops
// with "Error: Electron uninstall" when nothing wrote it (and npm 11 does not run dependencies'
// install scripts unless allowed). So a fresh clone's `npm install && npm start` failed.
//
//   node scripts/electron-app.js preview|dev [electron-vite options…]
//
// Honours ELECTRON_EXEC_PATH (a binary to use as is) and ELECTRON_OVERRIDE_DIST_PATH (a folder
// holding one, as Electron's own index.js does); ELECTRON_MIRROR and electron_config_cache are
// read by the installer. Plain JavaScript, not TypeScript: it must start on any Node 22.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const [mode, ...options] = process.argv.slice(2);
if (mode !== 'preview' && mode !== 'dev') {
  process.stderr.write('Usage: node scripts/electron-app.js preview|dev [electron-vite options]\n');
  process.exit(2);
}

const require = createRequire(join(process.cwd(), 'package.json'));
const electronDir = dirname(require.resolve('electron/package.json'));
const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;

/** What Electron's installer writes into path.txt for this platform. */
function executableName() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

function readText(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The binary to run, or null when it has to be downloaded. */
function findBinary() {
  const explicit = process.env.ELECTRON_EXEC_PATH;
  if (explicit) return existsSync(explicit) ? explicit : fail(`ELECTRON_EXEC_PATH is set to ${explicit}, which does not exist.`);
  const pathTxt = readText(join(electronDir, 'path.txt'));
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = join(override, pathTxt ?? executableName());
    return existsSync(binary) ? binary : fail(`ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but ${binary} does not exist.`);
  }
  const installed = readText(join(electronDir, 'dist', 'version'))?.replace(/^v/, '');
  if (pathTxt === null || installed !== version) return null;
  const binary = join(electronDir, 'dist', pathTxt);
  return existsSync(binary) ? binary : null;
}

/** Electron's own installer (the one its require() would run), then the binary it wrote. */
function install() {
  process.stdout.write(`Downloading Electron ${version} for ${process.platform}-${process.arch} (once; about 100 MB)…\n`);
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  const binary = run.status === 0 ? findBinary() : null;
  if (binary) return binary;
  const reason = (run.stderr ?? '').split('\n').find((line) => line.trim() !== '') ?? `the installer exited with ${run.status ?? run.signal}`;
  return fail(
    `Concilia could not download Electron ${version} (${reason.trim()}). The first start needs internet ` +
      '(GitHub, or the mirror named by ELECTRON_MIRROR): connect and run the command again. Without internet, ' +
      '`npm test`, `npm run build`, `npx concilia` and `npm run dev:web` (the app in a browser) all work.',
  );
}

const binary = findBinary() ?? install();
// Its exports map hides bin/: find the package, then its command.
const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, mode, ...options], { stdio: 'inherit', env: { ...process.env, ELECTRON_EXEC_PATH: binary } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
