import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the cache lives when nobody says otherwise: the same user-data folder Electron uses for
 * an app named "Concilia", so the desktop app and the command line share one cache.
 * Overridden by --db PATH or CONCILIA_DB.
 */
export function defaultCachePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CONCILIA_DB) return env.CONCILIA_DB;
  const home = homedir();
  let base: string;
  if (platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else if (platform === 'win32') base = env.APPDATA ?? join(home, 'AppData', 'Roaming');
  else base = env.XDG_CONFIG_HOME ?? join(home, '.config');
  return join(base, 'Concilia', 'concilia.sqlite');
}
