// Smoke test of the packaged app: launch it with Playwright's Electron support, open the demo
// workspace, sync it and export a workbook. This exercises what only a package can break: the
// asar archive and its unpacked SQLite binary, the fuses, the preload, the bundled sandbox and
// exceljs inside the app.
//
// It runs against, in order of preference:
//   1. CONCILIA_PACKAGED_APP: the executable of a packaged app;
//   2. the test build from `npm run dist:test` (release/test/<platform>-unpacked/...);
//   3. the Electron binary in node_modules/electron with the built out/ folder (no packaging).
// It is not part of `npm test`: our build machines cannot download the Electron binary, so there
// is nothing to launch there (the launch path is proven there with a stand-in binary, in
// test/integration/first-start). The CI and release workflows run it after `npm run dist:test`:
//   npm run test:e2e-electron
// Wherever it is run, a missing app is a failure naming what is missing, never a skip. Release
// builds disable --inspect, which Playwright needs, so only the test variant
// (electron-builder.test.yml) can be driven.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../support/xlsx-reader.ts';

const ROOT = resolve(import.meta.dirname, '../..');

interface Launchable {
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly description: string;
}

function packagedCandidates(): string[] {
  const out = join(ROOT, 'release/test');
  switch (process.platform) {
    case 'darwin':
      return ['mac-arm64', 'mac', 'mac-universal'].map((dir) => join(out, dir, 'Concilia.app/Contents/MacOS/Concilia'));
    case 'win32':
      return [join(out, 'win-unpacked/Concilia.exe'), join(out, 'win-arm64-unpacked/Concilia.exe')];
    default:
      return [join(out, 'linux-unpacked/concilia'), join(out, 'linux-arm64-unpacked/concilia')];
  }
}

/** The Electron binary of node_modules/electron, without require('electron') (which would try to download it). */
function electronBinary(): string | null {
  const pathFile = join(ROOT, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function findApp(): Launchable | { missing: string } {
  const explicit = process.env.CONCILIA_PACKAGED_APP;
  if (explicit) {
    return existsSync(explicit)
      ? { executablePath: explicit, args: [], description: `packaged app ${explicit}` }
      : { missing: `CONCILIA_PACKAGED_APP points to ${explicit}, which does not exist` };
  }
  const packaged = packagedCandidates().find((candidate) => existsSync(candidate));
  if (packaged) return { executablePath: packaged, args: [], description: `packaged test build ${packaged}` };
  const binary = electronBinary();
  if (binary && existsSync(join(ROOT, 'out/main/index.js'))) {
    return { executablePath: binary, args: [ROOT], description: `Electron ${binary} with out/ (not packaged)` };
  }
  return {
    missing:
      'no packaged Concilia (run `npm run dist:test`, or set CONCILIA_PACKAGED_APP) and no Electron binary ' +
      `with a built out/ folder (node_modules/electron/dist is ${binary ? 'present but out/ is not built' : 'absent: the binary could not be downloaded here'})`,
  };
}

const found = findApp();
if (!('missing' in found)) console.info(`[e2e-electron] Launching the ${found.description}.`);

// Results cross the bridge as plain data; these are the few fields the smoke test reads.
interface Answer<T> {
  ok: boolean;
  value?: T;
  error?: { message: string };
}
interface DemoOpened {
  connections: { name: string }[];
  suggestedRange: { from: string; to: string };
}
interface SyncEnd {
  state: string;
  error: string | null;
}
interface Written {
  status: string;
  path?: string;
  sheets?: string[];
}

function valueOf<T>(answer: Answer<T>, what: string): T {
  if (!answer.ok || answer.value === undefined) throw new Error(`${what} failed: ${answer.error?.message ?? 'no value'}`);
  return answer.value;
}

describe('packaged Concilia', () => {
  let temp: string | null = null;
  let app: ElectronApplication | null = null;

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it(
    'starts, opens the demo workspace and exports a workbook',
    async () => {
      if ('missing' in found) throw new Error(`The packaged-app smoke test cannot run: ${found.missing}.`);
      const work = mkdtempSync(join(tmpdir(), 'concilia-smoke-'));
      temp = work;
      app = await electron.launch({
        executablePath: found.executablePath,
        // A fresh profile (cache, credentials, window state): never the tester's real workspace.
        args: [...found.args, `--user-data-dir=${join(work, 'user-data')}`],
        env: {
          ...process.env,
          XDG_CONFIG_HOME: join(work, 'config'),
          // No update server is reached: the test build's feed is a closed loopback port
          // (electron-builder.test.yml); an installed app ignores CONCILIA_UPDATE_FEED.
        },
        timeout: 90_000,
      });
      const page: Page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');

      // The renderer came from inside the package and the bridge is there.
      expect(await page.evaluate(() => typeof (globalThis as unknown as { concilia?: unknown }).concilia)).toBe('object');
      const info = valueOf(
        await page.evaluate(() => (globalThis as unknown as { concilia: Record<string, (input?: unknown) => Promise<Answer<{ runtime: string; version: string }>>> }).concilia['app:info']!({})),
        'app:info',
      );
      expect(info.runtime).toBe('electron');
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(info.version).toBe(pkg.version);

      // The demo workspace: the bundled sandbox on loopback, connections in the SQLite cache.
      const demo = valueOf(
        await page.evaluate(() => (globalThis as unknown as { concilia: Record<string, (input?: unknown) => Promise<Answer<DemoOpened>>> }).concilia['demo:open']!({})),
        'demo:open',
      );
      expect(demo.connections.length).toBeGreaterThan(0);
      const connection = demo.connections[0]!.name;
      const { from, to } = demo.suggestedRange;

      // Sync it, waiting for the job's final event (subscribed before starting, so none is missed).
      const end = await page.evaluate(
        async ({ connection, from, to }) => {
          const bridge = (globalThis as unknown as { concilia: Record<string, unknown> }).concilia as {
            on: (event: string, listener: (payload: { jobId: string; state: string; error: string | null }) => void) => () => void;
            'sync:start': (input: unknown) => Promise<Answer<{ jobId: string }>>;
          };
          let jobId: string | null = null;
          const early: { jobId: string; state: string; error: string | null }[] = [];
          let settle: (value: SyncEnd) => void = () => undefined;
          const done = new Promise<SyncEnd>((resolveDone) => {
            settle = resolveDone;
          });
          const stop = bridge.on('sync:onDidProgress', (payload) => {
            if (payload.state === 'running') return;
            if (jobId === null) early.push(payload);
            else if (payload.jobId === jobId) settle({ state: payload.state, error: payload.error });
          });
          const started = await bridge['sync:start']({ connection, from, to, period: 'range' });
          if (!started.ok || !started.value) {
            stop();
            return { state: 'failed', error: started.error?.message ?? 'sync:start failed' };
          }
          jobId = started.value.jobId;
          const already = early.find((payload) => payload.jobId === jobId);
          if (already) settle({ state: already.state, error: already.error });
          const result = await done;
          stop();
          return result;
        },
        { connection, from, to },
      );
      expect(end, JSON.stringify(end)).toMatchObject({ state: 'done' });

      // Export: the save dialog is answered in the main process, as a user would.
      const target = join(work, 'Concilia smoke export.xlsx');
      await app.evaluate(({ dialog }, filePath) => {
        const answer = (): Promise<{ canceled: boolean; filePath: string }> => Promise.resolve({ canceled: false, filePath });
        Object.assign(dialog, { showSaveDialog: answer, showSaveDialogSync: () => filePath });
      }, target);
      const written = valueOf(
        await page.evaluate(
          ({ connection, from, to }) =>
            (globalThis as unknown as { concilia: Record<string, (input?: unknown) => Promise<Answer<Written>>> }).concilia['export:run']!({ connection, from, to, period: 'range', format: 'xlsx' }),
          { connection, from, to },
        ),
        'export:run',
      );
      expect(written.status).toBe('written');
      const path = written.path ?? target;
      expect(existsSync(path)).toBe(true);
      expect(statSync(path).size).toBeGreaterThan(0);
      const book = readXlsx(path);
      expect(book.sheetNames.length).toBeGreaterThan(0);
      expect(book.sheetNames).toEqual(written.sheets);
    },
    300_000,
  );
});
