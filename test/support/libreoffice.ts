/**
 * LibreOffice as an independent reader of what Concilia writes: headless conversions of a
 * workbook or a CSV. LibreOffice is required (CI installs Debian's libreoffice-calc-nogui): a test
 * that needs it fails, loudly, when it is missing, instead of skipping.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CANDIDATES = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'];

export function soffice(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`LibreOffice is not installed (looked for ${CANDIDATES.join(', ')}). Install libreoffice-calc-nogui: this test checks the file opens in a real spreadsheet program.`);
  }
  return found;
}

/**
 * Convert `file` with `soffice --convert-to <to>` into `outDir`, with its own profile folder (two
 * conversions at once would otherwise fight over one). `infilter` sets the import filter and its
 * options (a CSV's separator). Returns the log, minus Debian's warning that it has no Java.
 */
export async function convertWithLibreOffice(file: string, to: string, outDir: string, profile: string, infilter?: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const args = [`-env:UserInstallation=file://${profile}`, '--headless', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', to, '--outdir', outDir, file];
  const { stdout, stderr } = await run(soffice(), args, { timeout: 180_000 });
  return `${stdout}\n${stderr}`
    .split('\n')
    .filter((line) => !line.includes('javaldx'))
    .join('\n');
}
