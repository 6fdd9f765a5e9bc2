/**
 * Remote debugging hands the whole app — the cache, the decrypted credentials in memory, the
 * window — to whoever connects to the port or pipe. The `enableNodeCliInspectArguments` fuse
 * already refuses --inspect in release builds; Chromium's own switches are refused here, before
 * the app is ready: an installed Concilia started with one of them exits instead of listening.
 * The packaged smoke-test build (electron-builder.test.yml marks its package.json) is the one
 * exception, because Playwright drives the app through them. Pure, so it is tested directly.
 */

/** Chromium switches that open the app to a debugger. */
export const REMOTE_DEBUGGING_SWITCHES: readonly string[] = ['remote-debugging-port', 'remote-debugging-pipe', 'remote-debugging-address', 'remote-allow-origins'];

export interface DebugSwitchInputs {
  /** process.argv. */
  readonly argv: readonly string[];
  /** app.commandLine.hasSwitch: what Chromium itself parsed (switches appended in other ways too). */
  readonly hasSwitch: (name: string) => boolean;
  readonly isPackaged: boolean;
  /** The packaged smoke-test build, marked in its (integrity-checked) package.json. */
  readonly isTestBuild: boolean;
  readonly platform: NodeJS.Platform;
}

/** The switch name an argument names, as Chromium reads it ("--x=1", "-x", "/x" on Windows; any case on Windows). */
function switchName(argument: string, platform: NodeJS.Platform): string | null {
  const prefix = /^(--|-)/.exec(argument)?.[0] ?? (platform === 'win32' && argument.startsWith('/') ? '/' : null);
  if (prefix === null) return null;
  const name = argument.slice(prefix.length).split('=', 1)[0] ?? '';
  return platform === 'win32' ? name.toLowerCase() : name;
}

/** The refused switch present in a packaged release build, or null when start-up may go on. */
export function refusedDebugSwitch(inputs: DebugSwitchInputs): string | null {
  if (!inputs.isPackaged || inputs.isTestBuild) return null;
  for (const name of REMOTE_DEBUGGING_SWITCHES) {
    if (inputs.hasSwitch(name)) return name;
  }
  // "--" ends the switches for Chromium; what follows is a plain argument.
  for (const argument of inputs.argv.slice(1)) {
    if (argument === '--') break;
    const name = switchName(argument, inputs.platform);
    if (name !== null && REMOTE_DEBUGGING_SWITCHES.includes(name)) return name;
  }
  return null;
}

/** True when the app's package.json says it is the smoke-test build. */
export function isTestBuildManifest(packageJsonText: string | null): boolean {
  if (packageJsonText === null) return false;
  try {
    const manifest = JSON.parse(packageJsonText) as { concilia?: { testBuild?: unknown } };
    return manifest.concilia?.testBuild === true;
  } catch {
    return false;
  }
}
