/**
 * What Electron main does with dialogs and the shell, done the harness's way: exports go to a
 * folder without asking (tests read them there), "show in folder" only records the request, and
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
}

export function harnessPlatform(exportDir: string, protection: SecretProtection): HarnessPlatform {
  const platform: HarnessPlatform = {
    shown: [],
    protection,
    chooseSavePath: (suggestedName) => Promise.resolve(join(exportDir, suggestedName)),
    showInFolder(path) {
      platform.shown.push(path);
      return Promise.resolve();
    },
    secretProtection: () => Promise.resolve(platform.protection),
  };
  return platform;
}
