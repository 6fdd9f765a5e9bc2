/**
 * What Electron main does with dialogs and the shell, done the harness's way: exports go to a
 * folder without asking (tests read them there), the open dialog answers what tests queued, "show in folder" only records the request, and
 * nothing is ever opened outside.
 */
import { join } from 'node:path';
import type { SecretProtection } from '../contract/index.ts';
import type { Platform } from '../handlers/index.ts';

export interface HarnessPlatform extends Platform {
  /** Paths passed to showInFolder, newest last (for tests). */
  readonly shown: string[];
  /** Tests switch this to see the window's weak-protection warning. */
  protection: SecretProtection;
  /** What the "open dialog" answers next, oldest first (tests push paths); empty: cancelled. */
  readonly toOpen: string[];
}

export function harnessPlatform(exportDir: string, protection: SecretProtection): HarnessPlatform {
  const platform: HarnessPlatform = {
    shown: [],
    protection,
    toOpen: [],
    chooseOpenPath: () => Promise.resolve(platform.toOpen.shift() ?? null),
    chooseSavePath: (suggestedName) => Promise.resolve(join(exportDir, suggestedName)),
    showInFolder(path) {
      platform.shown.push(path);
      return Promise.resolve();
    },
    secretProtection: () => Promise.resolve(platform.protection),
  };
  return platform;
}
