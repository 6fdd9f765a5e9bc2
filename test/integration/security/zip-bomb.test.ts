// The ZIP bomb from the security review: a 2 MB workbook whose parts declare 8 KB each but
// inflate to about 1.9 GB. import-review must refuse it without memory growing past a fixed
// bound; RSS is measured in a child process running the real command line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.ts';
import { testIdentity } from '../../support/identity.ts';
import { buildZip, honestPart, zeroBomb } from '../../support/zip.ts';

let dir: string;
let dbPath: string;
let bombPath: string;
let bombBytes: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concilia-bomb-'));
  dbPath = join(dir, 'cache.sqlite');
  const io = { stdout: { write: () => true }, stderr: { write: () => true } };
  expect(await runCli(['--db', dbPath, 'source', 'add', 'acme', '--kind', 'portal', '--base-url', 'https://acme.example.com', '--tenant', 'acme', '--currency', 'COP'], { io, env: {}, identity: () => testIdentity('ana') })).toBe(0);
  const bomb = zeroBomb(1900); // 1.9 GB of zeros in about 2 MB
  const zip = buildZip([
    honestPart('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    { name: 'xl/worksheets/sheet1.xml', data: bomb, method: 8, declaredSize: 8192 },
  ]);
  bombBytes = zip.length;
  bombPath = join(dir, 'reviewed.xlsx');
  writeFileSync(bombPath, zip);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('import-review and a ZIP bomb', () => {
  it('refuses a 2 MB workbook declaring 8 KB parts, with RSS growth under 100 MB', () => {
    expect(bombBytes).toBeGreaterThan(1.5 * 1024 * 1024);
    expect(bombBytes).toBeLessThan(5 * 1024 * 1024);
    const output = execFileSync(process.execPath, [join(import.meta.dirname, 'import-bomb-child.ts'), dbPath, bombPath], { encoding: 'utf8', timeout: 60_000 });
    const result = JSON.parse(output) as { code: number; stderr: string; before: number; peak: number };
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/reviewed\.xlsx would unpack to more than its parts declare or than a review workbook can hold.*Nothing was imported/);
    expect(result.peak - result.before).toBeLessThan(100 * 1024 * 1024);
  });
});
