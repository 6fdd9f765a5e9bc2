/**
 * A second process using the cache, standing in for the desktop app beside the command line.
 *
 *   node cache-user.ts hold   DB MS          BEGIN IMMEDIATE, write a marker, sleep MS, commit
 *   node cache-user.ts review DB CONN N      N reviews, one transaction each, as the app's review screen does
 *
 * Prints "ready" once it holds the lock (hold) or has started (review), and a JSON summary at the end.
 */
import { openCache } from '../../../electron/core/cache/index.ts';
import { systemClock } from '../../../electron/core/deps.ts';
import { setReview } from '../../../electron/core/review/index.ts';
import { portalRowKey } from '../../../electron/core/review/keys.ts';
import { testIdentity } from '../../support/identity.ts';
import { withStore } from '../../support/review-store.ts';

const [mode, dbPath, a, b] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: cache-user.ts hold|review DB ...');
const db = openCache(dbPath);

if (mode === 'hold') {
  const ms = Number(a);
  db.exec('BEGIN IMMEDIATE');
  db.prepare("INSERT OR REPLACE INTO app_setting (key, value) VALUES ('held-by-app', ?)").run(String(process.pid));
  process.stdout.write('ready\n');
  await new Promise((resolve) => setTimeout(resolve, ms));
  db.exec('COMMIT');
  db.close();
  process.stdout.write(`${JSON.stringify({ held: ms })}\n`);
} else if (mode === 'review') {
  const connection = a ?? '';
  const n = Number(b);
  process.stdout.write('ready\n');
  let written = 0;
  for (let i = 0; i < n; i++) {
    setReview(withStore(db, systemClock, testIdentity('app')), {
      connection,
      itemKeys: [portalRowKey(`app-${i}`, '2025-03-03')],
      state: 'explained',
      reason: 'timing',
      note: `note ${i} written by the app while the command line syncs`,
    });
    written++;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  db.close();
  process.stdout.write(`${JSON.stringify({ written })}\n`);
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
