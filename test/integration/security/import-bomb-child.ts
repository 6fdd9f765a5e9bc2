// Child process of zip-bomb.test.ts: runs `concilia import-review` on a file and reports the
// exit code, the message and how far the resident memory grew (its own process, so nothing the
// test runner allocated counts).
import { runCli } from '../../../electron/cli/main.ts';
import { testIdentity } from '../../support/identity.ts';

const [dbPath, file] = process.argv.slice(2);
// Load the command (and exceljs) before measuring: only the import itself should count.
await import('../../../electron/cli/commands/import-review.ts');
const before = process.memoryUsage().rss;
let stderr = '';
const code = await runCli(['--db', dbPath ?? '', 'import-review', 'acme', file ?? ''], {
  identity: () => testIdentity('ana'),
  io: { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } },
  env: {},
});
const peak = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ code, stderr, before, peak }));
