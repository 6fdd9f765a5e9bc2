// Automatic checks: a little after start, then every few hours while Concilia stays open. They
// never interrupt the user; their failures arrive through the updater's 'error' event.
import type { UpdateCheckResult } from 'electron-updater';
import type { UpdaterLike } from './types.ts';

const FIRST_CHECK_DELAY_MS = 15_000;
const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** One check; the download it starts continues in the background and reports through 'error'. */
export async function startCheck(updater: UpdaterLike): Promise<UpdateCheckResult | null> {
  const result = await updater.checkForUpdates();
  result?.downloadPromise?.catch(() => undefined);
  return result;
}

export interface ScheduleOptions {
  readonly updater: UpdaterLike;
  /** True while a download, a waiting update or a manual check makes a new check pointless. */
  readonly busy: () => boolean;
  readonly firstCheckDelayMs?: number;
  /** 0: no periodic checks. */
  readonly checkIntervalMs?: number;
}

/** Starts the timers; returns the function that stops them. */
export function scheduleChecks(options: ScheduleOptions): () => void {
  const check = (): void => {
    if (options.busy()) return;
    startCheck(options.updater).catch(() => undefined);
  };
  const first = setTimeout(check, options.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS);
  first.unref();
  const intervalMs = options.checkIntervalMs ?? CHECK_INTERVAL_MS;
  const periodic = intervalMs > 0 ? setInterval(check, intervalMs) : null;
  periodic?.unref();
  return () => {
    clearTimeout(first);
    if (periodic) clearInterval(periodic);
  };
}
