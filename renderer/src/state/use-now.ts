import { useEffect, useState } from 'react';

/** The clock as state, ticking every `ms`, so relative times ("2 minutes ago") stay true without impure renders. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
