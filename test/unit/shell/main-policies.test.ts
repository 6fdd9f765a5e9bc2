import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveRendererFile } from '../../../electron/main/app-files.ts';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../../../electron/main/csp.ts';
import { isAllowedExternalUrl, openExternalIfAllowed } from '../../../electron/main/external.ts';
import { menuTemplate } from '../../../electron/main/menu.ts';
import { WINDOW_BACKGROUND, windowBackground } from '../../../electron/main/theme.ts';
import { createSenderCheck, isAppUrl } from '../../../electron/main/trust.ts';
import { loadWindowState, saveWindowState, visibleBounds } from '../../../electron/main/window-state.ts';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('which pages may call main', () => {
  it('trusts our app protocol and, in development, the dev server origin only', () => {
    expect(isAppUrl('concilia://app/index.html')).toBe(true);
    expect(isAppUrl('concilia://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', { devServerUrl: 'http://localhost:5173' })).toBe(true);
    expect(isAppUrl('http://localhost:5174/', { devServerUrl: 'http://localhost:5173' })).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('requires our webContents, its main frame, and our page', () => {
    const ours = { id: 1 };
    const check = createSenderCheck({ isOurWebContents: (sender) => sender === ours });
    expect(check({ sender: ours, senderFrame: { url: 'concilia://app/index.html', parent: null } })).toBe(true);
    expect(check({ sender: ours, senderFrame: { url: 'concilia://app/index.html', parent: {} } })).toBe(false);
    expect(check({ sender: { id: 2 }, senderFrame: { url: 'concilia://app/index.html', parent: null } })).toBe(false);
    expect(check({ sender: ours, senderFrame: { url: 'https://attacker.example/', parent: null } })).toBe(false);
    expect(check({ sender: ours, senderFrame: null })).toBe(false);
  });

  it('refuses, without throwing, a frame that was disposed while its request travelled', () => {
    const ours = { id: 1 };
    const check = createSenderCheck({ isOurWebContents: (sender) => sender === ours });
    const disposed = (): never => {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    };
    const frameGone = {
      sender: ours,
      get senderFrame(): { url: string } {
        return disposed();
      },
    };
    const readsThrow = {
      sender: ours,
      senderFrame: {
        get url(): string {
          return disposed();
        },
      },
    };
    expect(check(frameGone)).toBe(false);
    expect(check(readsThrow)).toBe(false);
    expect(check({ sender: ours, senderFrame: { url: 'concilia://app/index.html', parent: null, isDestroyed: () => true } })).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows no inline script and no remote origin', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('relaxes only script and style sources, only by a nonce, for the dev server', () => {
    const nonce = 'q83vEjUJdeBp0yT6mWvYhA==';
    const dev = devContentSecurityPolicy(nonce);
    expect(dev).toBe(CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' 'nonce-${nonce}'`).replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`));
    expect(dev).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(() => devContentSecurityPolicy('abc')).toThrow(/nonce/);
    expect(() => devContentSecurityPolicy("x' 'unsafe-inline")).toThrow(/nonce/);
  });

  it('renderer/index.html carries the same kind of policy in a meta tag', () => {
    const html = readFileSync(join(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('the window background', () => {
  it("is the renderer's own background for the system's light or dark appearance, never transparent", () => {
    const css = readFileSync(join(import.meta.dirname, '../../../renderer/src/styles/app.css'), 'utf8');
    // The palette gives each colour as light-dark(light, dark); the window's must be the same pair.
    const bg = /--bg:\s*light-dark\(\s*(#[0-9a-f]{6})\s*,\s*(#[0-9a-f]{6})\s*\)\s*;/i.exec(css);
    expect(bg?.[1]?.toLowerCase()).toBe(WINDOW_BACKGROUND.light);
    expect(bg?.[2]?.toLowerCase()).toBe(WINDOW_BACKGROUND.dark);
    expect(windowBackground({ shouldUseDarkColors: false })).toBe(WINDOW_BACKGROUND.light);
    expect(windowBackground({ shouldUseDarkColors: true })).toBe(WINDOW_BACKGROUND.dark);
    const windowSource = readFileSync(join(import.meta.dirname, '../../../electron/main/window.ts'), 'utf8');
    expect(windowSource).toContain('backgroundColor: windowBackground(nativeTheme)');
    expect(windowSource).not.toMatch(/#[0-9a-f]{6}00\b/i);
  });
});

describe('external links', () => {
  it('opens only allow-listed https addresses', async () => {
    expect(isAllowedExternalUrl('https://docs.concilia.app/start')).toBe(true);
    expect(isAllowedExternalUrl('http://docs.concilia.app/start')).toBe(false);
    expect(isAllowedExternalUrl('https://docs.concilia.app.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@docs.concilia.app/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    const opened: string[] = [];
    const open = (url: string): Promise<void> => {
      opened.push(url);
      return Promise.resolve();
    };
    expect(await openExternalIfAllowed('https://evil.example/', open)).toBe(false);
    expect(await openExternalIfAllowed('https://docs.concilia.app/start', open)).toBe(true);
    expect(opened).toEqual(['https://docs.concilia.app/start']);
  });

  it('admits exact prefixes only: not the whole of github.com, not a look-alike host or path', () => {
    expect(isAllowedExternalUrl('https://github.com/someone-else/malware/releases')).toBe(false);
    expect(isAllowedExternalUrl('https://concilia.app.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://evilconcilia.app/')).toBe(false);
    expect(isAllowedExternalUrl('https://DOCS.Concilia.APP/start')).toBe(true);
    expect(isAllowedExternalUrl('https://docs.concilia.app:8443/')).toBe(false);
    expect(isAllowedExternalUrl('https://concilia.app/download/')).toBe(true);
  });
});

describe('serving the renderer', () => {
  it('maps paths inside the renderer folder and refuses the way out', () => {
    const root = '/srv/renderer';
    expect(resolveRendererFile(root, '/')).toBe('/srv/renderer/index.html');
    expect(resolveRendererFile(root, '/assets/app.js')).toBe('/srv/renderer/assets/app.js');
    expect(resolveRendererFile(root, '/../secrets.json')).toBeNull();
    expect(resolveRendererFile(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveRendererFile(root, '/a%00b')).toBeNull();
    expect(resolveRendererFile(root, '/%E0%A4%A')).toBeNull();
  });
});

describe('window state', () => {
  it('round-trips through its JSON file and ignores a damaged one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concilia-ws-'));
    temps.push(dir);
    const file = join(dir, 'window-state.json');
    expect(loadWindowState(file)).toEqual({ bounds: null, maximized: false });
    saveWindowState(file, { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true });
    expect(loadWindowState(file)).toEqual({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true });
  });

  it('restores a position only where a display still shows it', () => {
    const screenArea = { x: 0, y: 0, width: 1920, height: 1080 };
    expect(visibleBounds({ x: 100, y: 100, width: 1200, height: 800 }, [screenArea])).not.toBeNull();
    expect(visibleBounds({ x: 3000, y: 100, width: 1200, height: 800 }, [screenArea])).toBeNull();
    expect(visibleBounds(null, [screenArea])).toBeNull();
  });
});

describe('the native menu', () => {
  type Item = { label?: string; role?: string; accelerator?: string; submenu?: Item[]; click?: () => void };
  const flatten = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

  for (const isMac of [true, false]) {
    it(`has File > Export… (Ctrl/Cmd+E) and Sync (Ctrl/Cmd+R), with no shortcut used twice (${isMac ? 'macOS' : 'Windows/Linux'})`, () => {
      const sent: string[] = [];
      const template = menuTemplate({ appName: 'Concilia', isMac, isDev: true, send: (c) => sent.push(c), openHelp: () => undefined }) as Item[];
      const all = flatten(template);
      const exportItem = all.find((i) => i.label === 'Export…');
      const syncItem = all.find((i) => i.label === 'Sync');
      expect(exportItem?.accelerator).toBe('CmdOrCtrl+E');
      expect(syncItem?.accelerator).toBe('CmdOrCtrl+R');
      exportItem?.click?.();
      syncItem?.click?.();
      expect(sent).toEqual(['export', 'sync']);
      const accelerators = all.map((i) => i.accelerator).filter((a): a is string => a !== undefined);
      expect(new Set(accelerators).size).toBe(accelerators.length);
      expect(template.map((i) => i.label ?? i.role)).toEqual([...(isMac ? ['Concilia'] : []), 'File', 'Edit', 'View', 'window', 'help']);
    });
  }
});
