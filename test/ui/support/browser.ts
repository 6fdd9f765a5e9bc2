/**
 * Debian's Chromium through playwright-core. A missing browser is a failure with a clear message,
 * never a skip: a UI suite that silently does nothing proves nothing.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath(): string {
  return process.env.CONCILIA_CHROMIUM ?? '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium was not found at ${executablePath}. Install Debian's chromium package (apt-get install chromium) ` +
        'or set CONCILIA_CHROMIUM to the path of a Chromium binary, then run the UI tests again.',
    );
  }
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}
