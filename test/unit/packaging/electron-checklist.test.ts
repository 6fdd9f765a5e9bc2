// Electron's security checklist (electronjs.org, "Security: Checklist: Security Recommendations"),
// one test per item, each named after it and asserted over what ships: the built bundles in out/
// and electron-builder.yml. A change that weakens an item fails here, whatever the source says.
// Builds out/ first when it is missing (`npm test` builds before running the tests).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';
import { CHANNEL_NAMES } from '../../../electron/contract/names.ts';
import { RELEASE_FUSES, ROOT, loadBuilderConfig } from './packaging-support.ts';

let main: string;
let preload: string;
let html: string;
let rendererJs: string;
let config: Configuration;

beforeAll(async () => {
  const entries = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
  if (!entries.every((entry) => existsSync(join(ROOT, entry)))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  }
  main = withoutComments(
    readdirSync(join(ROOT, 'out/main'))
      .filter((file) => /\.(c|m)?js$/.test(file))
      .map((file) => readFileSync(join(ROOT, 'out/main', file), 'utf8'))
      .join('\n'),
  );
  preload = readFileSync(join(ROOT, 'out/preload/index.cjs'), 'utf8');
  html = readFileSync(join(ROOT, 'out/renderer/index.html'), 'utf8');
  rendererJs = readdirSync(join(ROOT, 'out/renderer/assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(ROOT, 'out/renderer/assets', file), 'utf8'))
    .join('\n');
  config = await loadBuilderConfig('electron-builder.yml');
}, 300_000);

/** The bundle's code without its comment lines (which may name what the code avoids). */
function withoutComments(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
}

/** The Content-Security-Policy header value main's app scheme sends, as built. */
function headerPolicy(): string {
  const start = main.indexOf('"Content-Security-Policy":');
  expect(start).toBeGreaterThan(0);
  const rest = main.slice(start);
  const inline = /^"Content-Security-Policy":\s*\[([\s\S]*?)\]\.join\(/.exec(rest)?.[1];
  if (inline !== undefined) return inline;
  const name = /^"Content-Security-Policy":\s*(\w+)/.exec(rest)?.[1] ?? 'CONTENT_SECURITY_POLICY';
  return new RegExp(`${name}\\s*=\\s*\\[([\\s\\S]*?)\\]\\.join\\(`).exec(main)?.[1] ?? '';
}

/** The webPreferences of every BrowserWindow the main bundle creates. */
function webPreferences(): string[] {
  const found = [...main.matchAll(/webPreferences:\s*\{([^}]*)\}/g)].map((m) => m[1] ?? '');
  expect(found.length).toBeGreaterThan(0);
  return found;
}

function setting(name: string): RegExp {
  return new RegExp(`\\b${name}\\s*:\\s*(true|false|!0|!1)`);
}

function valueOf(preferences: string, name: string): boolean | undefined {
  const raw = setting(name).exec(preferences)?.[1];
  return raw === undefined ? undefined : raw === 'true' || raw === '!0';
}

describe('Electron security checklist', () => {
  it('1. Only load secure content', () => {
    // The window loads our own scheme (or, unpackaged only, the dev server); the page pulls in
    // nothing from the network.
    expect(main).toMatch(/concilia:\/\/|APP_SCHEME\s*=\s*"concilia"/);
    expect(main).toMatch(/ELECTRON_RENDERER_URL/);
    expect(main).toMatch(/!app\.isPackaged\s*\?\s*process\.env\.ELECTRON_RENDERER_URL/);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(rendererJs).not.toMatch(/\bnew WebSocket\(\s*["'`]ws:/);
  });

  it('2. Do not enable Node.js integration for remote content', () => {
    for (const preferences of webPreferences()) {
      expect(valueOf(preferences, 'nodeIntegration')).toBe(false);
      expect(valueOf(preferences, 'nodeIntegrationInWorker')).toBe(false);
      expect(valueOf(preferences, 'nodeIntegrationInSubFrames')).toBe(false);
    }
    expect(main).not.toMatch(/nodeIntegration(InWorker|InSubFrames)?\s*:\s*(true|!0)/);
  });

  it('3. Enable context isolation', () => {
    for (const preferences of webPreferences()) expect(valueOf(preferences, 'contextIsolation')).toBe(true);
    expect(main).not.toMatch(/contextIsolation\s*:\s*(false|!1)/);
    expect(preload).toMatch(/contextBridge\.exposeInMainWorld\(/);
  });

  it('4. Enable process sandboxing', () => {
    for (const preferences of webPreferences()) expect(valueOf(preferences, 'sandbox')).toBe(true);
    expect(main).not.toMatch(/\bsandbox\s*:\s*(false|!1)/);
    expect(main).not.toMatch(/no-sandbox|disable-features.*Sandbox/i);
    // A sandboxed preload can require nothing but electron: it is one self-contained file.
    expect([...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('5. Handle session permission requests from remote content', () => {
    expect(main).toMatch(/setPermissionRequestHandler\(\(_?\w*,\s*_?\w*,\s*(\w+)\)\s*=>\s*\1\(false\)\)/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\)\s*=>\s*false\)/);
  });

  it('6. Do not disable webSecurity', () => {
    for (const preferences of webPreferences()) expect(valueOf(preferences, 'webSecurity')).not.toBe(false);
    expect(main).not.toMatch(/webSecurity\s*:\s*(false|!1)/);
    expect(main).not.toMatch(/disable-web-security/);
  });

  it('7. Define a Content Security Policy', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    for (const csp of [meta, headerPolicy()]) {
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    }
    // The policy travels as a header on every response of the app scheme.
    expect(main).toMatch(/protocol\.handle\(/);
    expect(main).toMatch(/headers:\s*\{\s*\.\.\.SECURITY_HEADERS/);
  });

  it('8. Do not enable allowRunningInsecureContent', () => {
    for (const preferences of webPreferences()) expect(valueOf(preferences, 'allowRunningInsecureContent')).not.toBe(true);
    expect(main).not.toMatch(/allowRunningInsecureContent\s*:\s*(true|!0)/);
  });

  it('9. Do not enable experimental features', () => {
    expect(main).not.toMatch(/experimentalFeatures\s*:\s*(true|!0)/);
    expect(main).not.toMatch(/enable-experimental-web-platform-features/);
  });

  it('10. Do not use enableBlinkFeatures', () => {
    expect(main).not.toMatch(/enableBlinkFeatures|enable-blink-features/);
  });

  it('11. <webview>: Do not use allowpopups', () => {
    for (const preferences of webPreferences()) expect(valueOf(preferences, 'webviewTag')).toBe(false);
    expect(`${html}\n${rendererJs}`).not.toMatch(/allowpopups/i);
    expect(`${html}\n${rendererJs}`).not.toMatch(/<webview|createElement\(\s*["']webview/i);
  });

  it('12. <webview>: Verify options and params', () => {
    // No webview is ever attached: every attempt, in any webContents, is refused.
    const refusals = [...main.matchAll(/on\(\s*"will-attach-webview",\s*\((\w+)\)\s*=>\s*\1\.preventDefault\(\)\)/g)];
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect(main).toMatch(/app\.on\(\s*"web-contents-created"/);
  });

  it('13. Disable or limit navigation', () => {
    expect(main).toMatch(/on\(\s*"will-navigate",\s*(\w+)\)/);
    expect(main).toMatch(/on\(\s*"will-redirect",\s*(\w+)\)/);
    const handler = /on\(\s*"will-navigate",\s*(\w+)\)/.exec(main)?.[1] ?? 'stayHome';
    const body = new RegExp(`const ${handler} = \\(event, url\\) => \\{([\\s\\S]*?)\\n\\t\\};`).exec(main)?.[1] ?? '';
    expect(body).toMatch(/event\.preventDefault\(\)/);
    expect(body).toMatch(/isAppUrl\(url/);
  });

  it('14. Disable or limit creation of new windows', () => {
    expect(main).toMatch(/setWindowOpenHandler\(\(\)\s*=>\s*\(\{\s*action:\s*"deny"\s*\}\)\)/);
    const windowHandler = /setWindowOpenHandler\(\(\{ url \}\) => \{([\s\S]*?)\}\);/.exec(main)?.[1] ?? '';
    expect(windowHandler).toMatch(/return \{ action: "deny" \}/);
    expect(main).not.toMatch(/action:\s*"allow"/);
  });

  it('15. Do not use shell.openExternal with untrusted content', () => {
    // Every call is behind the allow-list of exact https prefixes.
    const calls = [...main.matchAll(/shell\.openExternal\(/g)].map((m) => main.slice(Math.max(0, m.index - 160), m.index));
    expect(calls.length).toBeGreaterThan(0);
    for (const before of calls) expect(before).toMatch(/isAllowedExternalUrl\(url\)|openExternalIfAllowed\(/);
    const prefixes = /ALLOWED_EXTERNAL_PREFIXES\s*=\s*\[([^\]]*)\]/.exec(main)?.[1] ?? '';
    const list = [...prefixes.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(list.length).toBeGreaterThan(0);
    for (const prefix of list) expect(prefix).toMatch(/^https:\/\/([a-z]+\.)?concilia\.app\/$/);
    // No channel lets the page ask for it.
    expect(preload).not.toMatch(/openExternal/);
    expect(CHANNEL_NAMES).not.toContain('app:openExternal');
  });

  it('16. Use a current version of Electron', () => {
    const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
    const wanted = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron ?? '';
    // Electron supports the latest three major versions; 45 is the one this release line is built and tested on.
    expect(Number(installed.version.split('.')[0])).toBeGreaterThanOrEqual(45);
    expect(wanted).toMatch(/^\^?(4[5-9]|[5-9]\d)\./);
  });

  it('17. Validate the sender of all IPC messages', () => {
    // Every channel is registered through one wrapper that checks the sender first.
    const registration = /ipcMain\.handle\(channel, async \(event, \.\.\.args\) => \{([\s\S]*?)\n\t\}\);/.exec(main)?.[1] ?? '';
    expect(registration).toMatch(/^\s*if \(!options\.isTrustedSender\(event\)\)/);
    expect([...main.matchAll(/ipcMain\.(handle|on)\(/g)]).toHaveLength(1);
    expect(main).toMatch(/const frame = senderFrameOf\(event\);\s*if \(!frame\) return false;\s*if \(frame\.parent !== null && frame\.parent !== void 0\) return false;/);
    // The frame is read inside a guard: a frame disposed in flight is refused, not a thrown exception.
    expect(main).toMatch(/try \{\s*const frame = event\.senderFrame;\s*if \(!frame \|\| frame\.isDestroyed\?\.\(\) === true\) return null;/);
  });

  it('18. Avoid usage of the file:// protocol and prefer usage of custom protocols', () => {
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
    expect(main).toMatch(/registerSchemesAsPrivileged\(\[\{\s*scheme: APP_SCHEME/);
    expect(config.electronFuses?.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('19. Check which fuses you can change', () => {
    expect(config.electronFuses).toEqual(RELEASE_FUSES);
    // What the inspect fuse cannot cover (Chromium's own debugging switches) main refuses first.
    expect(main.indexOf('refusedDebugSwitch({')).toBeGreaterThan(0);
    expect(main.indexOf('refusedDebugSwitch({')).toBeLessThan(main.indexOf('registerAppScheme();'));
  });

  it('20. Do not expose Electron APIs to untrusted web content', () => {
    expect([...preload.matchAll(/exposeInMainWorld\(/g)]).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\("concilia", Object\.freeze\(bridge\)\)/);
    // The bridge holds one function per contract channel, each invoking its own fixed name.
    expect(preload).toMatch(/for \(const channel of CHANNEL_NAMES\) bridge\[channel\] = \(input\) => electron\.ipcRenderer\.invoke\(channel, input \?\? \{\}\)/);
    expect(preload).not.toMatch(/bridge\.\w+\s*=\s*electron\.ipcRenderer|ipcRenderer\.send\(|exposeInMainWorld\([^)]*ipcRenderer\b/);
  });
});
