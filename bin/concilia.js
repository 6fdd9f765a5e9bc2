#!/usr/bin/env node
// The `concilia` command line. The core is TypeScript run directly by Node 22's type stripping,
// so there is no build step between a change and the command that runs it.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`concilia needs Node.js 22.12 or newer; this is ${process.versions.node}. See the README (Requirements).\n`);
  process.exit(1);
}
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => controller.abort(new Error('Cancelled by the user.')));
}
const { runCli } = await import('../electron/cli/main.ts');
const code = await runCli(process.argv.slice(2), { io: { stdout: process.stdout, stderr: process.stderr }, env: process.env, signal: controller.signal });
process.exitCode = code;
