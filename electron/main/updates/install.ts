// How an update gets installed, once the user is asked:
// - automatically (Windows, macOS: signatures are verified): "Restart Now" installs, "Later"
//   installs on quit, and the shell may hold the restart while work is running;
// - by hand (Linux: nothing verifies a signature): the release page opens, nothing is installed.
import type { UpdateInfo } from 'electron-updater';
import { messages } from './messages.ts';
import type { Prompts } from './prompts.ts';
import type { AutoUpdateOptions, UpdaterLike } from './types.ts';

export async function askToRestart(info: UpdateInfo, updater: UpdaterLike, prompts: Prompts, canRestart: AutoUpdateOptions['canRestart']): Promise<void> {
  if ((await prompts.show(messages.readyToInstall(info))) !== 0) return;
  if (canRestart && !(await canRestart())) {
    await prompts.show(messages.stillWorking());
    return;
  }
  updater.quitAndInstall(false, true);
}

export async function askToInstallByHand(version: string, prompts: Prompts, openReleasePage: AutoUpdateOptions['openReleasePage']): Promise<void> {
  if ((await prompts.show(messages.installByHand(version))) === 0) openReleasePage?.();
}
