import { backupCache, BackupError, backupFolder } from '../../core/cache/index.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError, type Command } from '../context.ts';

const USAGE = `Usage: concilia backup FILE [--replace]

Copies the cache to FILE with SQLite's online backup API, while the app or another command may
be using it. The copy is checked before it appears: FILE is either a whole, sound copy or not
written at all. --replace overwrites an existing FILE.

Concilia also copies the cache by itself before each update of its format, into the "backups"
folder beside the cache (the newest three are kept).

To restore: quit Concilia (app and commands), copy the backup over the cache file, and delete the
cache's -wal and -shm files beside it. See "Backup and restore" in the README.`;

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, { replace: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('say where to write the copy: concilia backup FILE.');
    const target = positionals[0] ?? '';
    try {
      const result = await backupCache(ctx.db(), target, { replace: values.replace ?? false });
      ctx.io.stdout.write(
        `Backed up ${ctx.dbPath} to ${result.path} (${(result.bytes / (1024 * 1024)).toFixed(1)} MB), checked sound.\n` +
          `Automatic copies before format updates: ${backupFolder(ctx.dbPath)}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof BackupError) throw new CliError(error.message);
      throw error;
    }
  },
};
