/**
 * `npm run dev:web`: start the browser harness and print the URL to open.
 *   node electron/harness/server.ts [--port N] [--db PATH] [--renderer DIR] [--exports DIR] [--weak-protection]
 * Build the renderer first (npx electron-vite build). Stop with Ctrl+C.
 */
import { parseArgs } from 'node:util';
import { startHarness } from './harness.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    db: { type: 'string' },
    renderer: { type: 'string' },
    exports: { type: 'string' },
    'weak-protection': { type: 'boolean' },
  },
  strict: true,
});

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a port number, not "${values.port}".\n`);
  process.exit(2);
}

const harness = await startHarness({
  port,
  dbPath: values.db,
  rendererDir: values.renderer,
  exportDir: values.exports,
  secretProtection: values['weak-protection'] ? 'basic_text' : 'memory',
  log: (message) => process.stderr.write(`${message}\n`),
});

process.stdout.write(`Concilia browser harness (development only) on 127.0.0.1\n  cache:   ${harness.dbPath}\n  exports: ${harness.exportDir}\n\n  ${harness.url}\n\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void harness.close().then(() => process.exit(0));
  });
}
