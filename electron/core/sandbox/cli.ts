/**
 * `npm run sandbox` / `node electron/core/sandbox/cli.ts [--port N] [--seed N] [--host 127.0.0.1]`
 *
 * Starts the sandbox (port 4010 by default, a random free port if that one is busy), prints the URL,
 * the demo credentials and copy-paste curl examples, and runs until Ctrl-C.
 */

import { parseArgs } from 'node:util';

import { describeDataset } from './generator.ts';
import { startSandbox } from './server.ts';
import type { Sandbox } from './server.ts';

const DEFAULT_CLI_PORT = 4010;

function usage(): string {
  return 'usage: node electron/core/sandbox/cli.ts [--port N] [--seed N] [--host 127.0.0.1|::1|localhost]';
}

function integer(text: string | undefined, what: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new RangeError(`${what} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function start(port: number, seed: number, host: string, explicitPort: boolean): Promise<Sandbox> {
  try {
    return await startSandbox({ port, seed, host });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' && !explicitPort) {
      process.stderr.write(`port ${port} is busy; using a random free port instead\n`);
      return startSandbox({ port: 0, seed, host });
    }
    throw error;
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const port = integer(values.port, '--port', DEFAULT_CLI_PORT);
  const seed = integer(values.seed, '--seed', 42);
  const sandbox = await start(port, seed, values.host ?? '127.0.0.1', values.port !== undefined);

  const lines: string[] = [];
  lines.push(`Concilia sandbox listening on ${sandbox.url}`);
  lines.push(`  data: ${describeDataset(sandbox.dataset)}`);
  lines.push('');
  lines.push('Portal billing report (base URL = the sandbox URL; send the tenant in the `tenant` header):');
  for (const c of sandbox.credentials.portal) {
    lines.push(`  ${c.name}${c.hasReportPermission ? '' : '  ← answers 403 FORBIDDEN'}`);
    lines.push(`    tenant:    ${c.tenant} (${c.currency})`);
    lines.push(`    X-API-Key: ${c.apiKey}`);
    lines.push(`    JWT:       ${c.token}`);
  }
  lines.push('');
  lines.push('PAYG LMS billing periods:');
  lines.push(`    Authorization: Bearer ${sandbox.credentials.payg.apiKey}`);
  lines.push('');
  const demo = sandbox.credentials.portal[0];
  lines.push('Try:');
  if (demo) {
    lines.push(
      `  curl -s ${shellQuote(`${sandbox.url}/apidev/v1/reports/portal/billing?startdate=2026-01-01&enddate=2026-03-31`)} \\\n` +
        `    -H ${shellQuote(`Authorization: Bearer ${demo.token}`)} \\\n` +
        `    -H ${shellQuote(`X-API-Key: ${demo.apiKey}`)} \\\n` +
        `    -H ${shellQuote(`tenant: ${demo.tenant}`)}`,
    );
  }
  lines.push(
    `  curl -s -G ${shellQuote(`${sandbox.url}/payg/lms/payment-requests`)} \\\n` +
      `    -H ${shellQuote(`Authorization: Bearer ${sandbox.credentials.payg.apiKey}`)} \\\n` +
      '    -d start_date_gte=2026-05-18 -d end_date_lte=2026-05-24 -d status=PAYMENT_COMPLETE',
  );
  lines.push(
    `  curl -s -X POST ${shellQuote(`${sandbox.url}/__sandbox/faults`)} -H ${shellQuote(`Authorization: Bearer ${sandbox.adminToken}`)} \\\n` +
      `    -H 'Content-Type: application/json' -d '{"error5xxRate":0.2,"latencyMs":300}'   # faults; GET /__sandbox/stats for counters (same token)`,
  );
  lines.push('');
  lines.push('Ctrl-C to stop.');
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (): void => {
    process.stdout.write('\nstopping sandbox…\n');
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n${usage()}\n`);
  process.exit(1);
});
