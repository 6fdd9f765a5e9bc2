import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../../electron/core/sandbox/cli.ts', import.meta.url));

describe('sandbox CLI', () => {
  it('starts under plain Node (type stripping), prints URL, credentials and curl examples, stops on SIGINT', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--seed', '7'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}${err}`)), 15_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ctrl-C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`CLI exited early: ${out}${err}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(out).toContain('acme-logistics (COP)');
      expect(out).toContain('fletes-bajio (MXN)');
      expect(out).toContain('no report permission');
      expect(out.match(/curl -s/g)?.length).toBe(3);
      const key = /Authorization: Bearer (sbx_payg_\w+)/.exec(out)?.[1];
      const r = await fetch(`${String(url)}/payg/lms/payment-requests?limit=1`, { headers: { Authorization: `Bearer ${String(key)}` } });
      expect(r.status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
