/**
 * The `concilia` process: Ctrl-C and SIGTERM cancel the running command cleanly, the exit code is
 * the command's, and a network command that must follow a proxy is run again in a child Node
 * with the proxy switched on (network.ts), its output and exit code passed straight through.
 * Used by bin/concilia.js (sources or bundle) and by the packaged app's cli/concilia.js.
 */
import { runCli } from './main.ts';

// Node warns on stderr that its proxy agent is experimental; scripts reading stderr need quiet.
const CHILD_FLAGS = ['--disable-warning=UNDICI-EHPA'];

async function relaunch(env: NodeJS.ProcessEnv): Promise<number> {
  const script = process.argv[1];
  if (script === undefined) return 1;
  // Only proxied network commands come here: the others never load child_process.
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...CHILD_FLAGS, script, ...process.argv.slice(2)], { env, stdio: 'inherit' });
  // The child is in the same terminal, so Ctrl-C reaches it directly; SIGTERM is passed on.
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGTERM', forward);
  process.on('SIGINT', () => undefined);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`concilia: could not start Node again to use the proxy (${error.message}).\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

export async function launch(): Promise<void> {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new Error('Cancelled by the user.')));
  }
  process.exitCode = await runCli(process.argv.slice(2), {
    io: { stdout: process.stdout, stderr: process.stderr },
    env: process.env,
    signal: controller.signal,
    relaunch,
  });
}
