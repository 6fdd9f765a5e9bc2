/**
 * A full garbage collection of this Node process, which hosts the harness. Each open makes the
 * harness build ~60 MB of JSON; whichever request comes next pays for collecting it. The app's
 * own startup request (its default range) would absorb that bill before the click and the static
 * page would not, so both sides start clean instead.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function nodeGarbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  // A fresh context sees the flag; the main one was created before it was set.
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('This Node did not expose gc() (node:v8 setFlagsFromString).');
  return gc as () => void;
}
