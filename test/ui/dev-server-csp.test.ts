/**
 * `npm run dev` serves the renderer from Vite's dev server, whose React preamble is an inline
 * script and whose CSS arrives as injected <style> elements. The strict policy of a build refuses
 * such elements (an unstyled window); the dev server's page carries a nonce for them instead
 * (scripts/vite-dev-csp.ts), and nothing else is relaxed. The built page keeps the strict policy.
 * Runs the real Vite dev server with the renderer's real configuration, and Chromium on it.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { createServer, type InlineConfig, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../electron.vite.config.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp.ts';
import { launchChromium } from './support/browser.ts';
import { RENDERER_INDEX } from './support/app.ts';

const META_CSP = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i;

function rendererConfig(withDevCsp: boolean): InlineConfig {
  const renderer = (config as { renderer?: InlineConfig }).renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer section');
  const plugins = (renderer.plugins ?? []).flat().filter((plugin) => withDevCsp || !(plugin && typeof plugin === 'object' && 'name' in plugin && plugin.name === 'concilia:dev-server-csp'));
  return { ...renderer, plugins, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: 0, strictPort: false } };
}

async function startDevServer(withDevCsp: boolean): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer(rendererConfig(withDevCsp));
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the dev server has no port');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

interface PageOutcome {
  heading: string;
  background: string;
  violations: string[];
}

async function openInChromium(browser: Browser, url: string): Promise<PageOutcome> {
  const context = await browser.newContext({ colorScheme: 'light' });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => {
        // zod probes once whether `new Function` is allowed, catches the refusal and validates
        // without it: the policy working as meant, in the build too.
        if (event.blockedURI === 'eval' && /\/zod(\.js|\/)/.test(event.sourceFile)) return;
        seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
      });
    });
    await page.goto(url);
    // Long enough for the preamble, the modules and the injected styles, and for a violation to show.
    await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 15_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    return {
      heading: (await page.locator('#root h1').first().textContent({ timeout: 1_000 }).catch(() => null)) ?? '',
      background: await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
      violations: await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    };
  } finally {
    await context.close();
  }
}

let browser: Browser;
const servers: ViteDevServer[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

describe('the development server', () => {
  it('serves the page with a per-start nonce on every script and style tag, and the policy allows only that nonce', async () => {
    const { server, url } = await startDevServer(true);
    servers.push(server);
    const html = await (await fetch(url)).text();
    const policy = META_CSP.exec(html)?.[1] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1] ?? '';
    expect(nonce.length).toBeGreaterThanOrEqual(22);
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "connect-src 'self'"]) expect(policy).toContain(directive);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThanOrEqual(2); // the React preamble (inline) and Vite's client
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).toContain(`<meta property="csp-nonce" nonce="${nonce}"`);
  });

  it('renders in Chromium with its styles and no policy violation', async () => {
    const { server, url } = await startDevServer(true);
    servers.push(server);
    const outcome = await openInChromium(browser, url);
    expect(outcome.violations).toEqual([]);
    // No preload and no harness token here: the page says how to open it, which proves React ran.
    expect(outcome.heading).not.toBe('');
    // The renderer's light background (--bg: #f5f6f8) arrives through an injected <style>.
    expect(outcome.background).toBe('rgb(245, 246, 248)');
  });

  it("without the dev policy the build's strict policy refuses Vite's injected styles (what the nonce fixes)", async () => {
    const { server, url } = await startDevServer(false);
    servers.push(server);
    const outcome = await openInChromium(browser, url);
    expect(outcome.violations.some((violation) => violation.startsWith('style-src'))).toBe(true);
    expect(outcome.background).not.toBe('rgb(245, 246, 248)');
  });
});

describe('the built renderer', () => {
  it('keeps the strict policy: no nonce, nothing inline', () => {
    expect(existsSync(RENDERER_INDEX), 'run npx electron-vite build first').toBe(true);
    const html = readFileSync(RENDERER_INDEX, 'utf8');
    const policy = META_CSP.exec(html)?.[1] ?? '';
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("style-src 'self';");
    expect(policy).not.toMatch(/nonce|unsafe-inline|unsafe-eval|https?:|ws:/);
    expect(html).not.toMatch(/\bnonce=/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b/);
    // The header the app protocol and the harness send is strict too.
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/nonce|unsafe-inline/);
  });
});
