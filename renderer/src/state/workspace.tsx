import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useCall } from '../api/api-context.tsx';
import type { ChannelInput, ChannelOutput, ConnectionView, ReconciliationSummary, Settings, Theme } from '../api/types.ts';
import { lastCompleteMonth, rangesByConnection, sameRange, type Range } from './ranges.ts';

export type { Range };

export interface Tolerance {
  abs: string;
  pct: string;
}

export interface RunOptions {
  /** A what-if tolerance instead of the connection's (portal). */
  tolerance?: Tolerance | null;
}

/** PAYG ages count to the chosen day, or to the range's end: a past month reads as it stood then. */
export function agedTo(connection: ConnectionView, range: Range, asOf: string | null): string | null {
  return connection.kind === 'payg' ? (asOf ?? range.to) : null;
}

type AppInfo = ChannelOutput<'app:info'>;

interface Workspace {
  info: AppInfo | null;
  connections: ConnectionView[] | null;
  refreshConnections: () => Promise<ConnectionView[] | null>;
  selected: ConnectionView | null;
  select: (name: string | null) => void;
  /** The selected connection's range: the one last chosen for it, or the last complete month. */
  range: Range;
  /** Choose the range of the selected connection (remembered for it). */
  setRange: (r: Range) => void;
  /** Preset the range of connections not chosen yet (the demo's data range). */
  presetRanges: (names: readonly string[], r: Range) => void;
  /** The day ages are counted to, when the user chose one for this range (PAYG); null: the range's end. */
  asOf: string | null;
  setAsOf: (day: string) => void;
  settings: Settings | null;
  saveSettings: (patch: SettingsPatch) => Promise<void>;
  theme: Theme;
  /** The last reconciliation of the selected connection and range (null until run): its summary and view. */
  reconciliation: ReconciliationSummary | null;
  reconciling: boolean;
  runReconcile: (options?: RunOptions) => Promise<ReconciliationSummary | null>;
  /** The cache changed under it (a sync ended): the next screen that needs it runs it again. */
  forgetReconciliation: () => void;
  /** A review was saved: read the summary again from the back end, and have the paged grids refetch what they show. */
  reviewsSaved: () => void;
  /** Grows with every saved review; paged lists refetch their rows when it changes. */
  viewVersion: number;
  /** Re-read app:info (its `offline` flag follows the last upstream request). */
  refreshInfo: () => Promise<void>;
}

type SettingsPatch = Pick<ChannelInput<'settings:set'>, 'locale' | 'theme' | 'range'>;

const Ctx = createContext<Workspace | null>(null);

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const call = useCall();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [connections, setConnections] = useState<ConnectionView[] | null>(null);
  const [selectedName, setSelectedName] = useState<string | null>(null);
  const [ranges, setRanges] = useState<ReadonlyMap<string, Range>>(() => new Map());
  // Read once: "last month" is a default, not something that moves under the user at midnight.
  const [fallbackRange] = useState<Range>(() => lastCompleteMonth());
  const [settings, setSettings] = useState<Settings | null>(null);
  const [asOf, setAsOfState] = useState<string | null>(null);
  const [reconciliation, setReconciliation] = useState<ReconciliationSummary | null>(null);
  const [viewVersion, setViewVersion] = useState(0);
  const [reconciling, setReconciling] = useState(false);

  const applyList = useCallback((list: ConnectionView[] | null) => {
    if (list) {
      setConnections(list);
      setSelectedName((current) => (current && list.some((c) => c.name === current) ? current : (list[0]?.name ?? null)));
    } else {
      // A failed list still ends the loading state (the alert says why).
      setConnections((c) => c ?? []);
    }
  }, []);

  const refreshInfo = useCallback(async () => {
    const value = await call('app:info');
    if (value) setInfo(value);
  }, [call]);

  const refreshConnections = useCallback(async () => {
    const list = await call('connections:list');
    applyList(list);
    return list;
  }, [call, applyList]);

  useEffect(() => {
    let live = true;
    void Promise.all([call('app:info'), call('connections:list'), call('settings:get')]).then(([i, list, s]) => {
      if (!live) return;
      if (i) setInfo(i);
      applyList(list);
      if (s) {
        setSettings(s);
        setRanges(rangesByConnection(s.ranges));
      }
    });
    return () => {
      live = false;
    };
  }, [call, applyList]);

  const selected = useMemo(() => connections?.find((c) => c.name === selectedName) ?? null, [connections, selectedName]);

  const select = useCallback(
    (name: string | null) => {
      // Choosing the connection already shown keeps its reconciliation: nothing would run it again.
      if (name === selectedName) return;
      setSelectedName(name);
      setReconciliation(null);
      setAsOfState(null);
    },
    [selectedName],
  );

  const setAsOf = useCallback((day: string) => {
    setAsOfState(day);
    setReconciliation(null);
  }, []);

  const range = (selectedName ? ranges.get(selectedName) : undefined) ?? fallbackRange;

  const saveSettings = useCallback(
    async (patch: SettingsPatch) => {
      const s = await call('settings:set', patch);
      if (s) setSettings(s);
    },
    [call],
  );

  const setRange = useCallback(
    (r: Range) => {
      if (!selectedName) return;
      const previous = ranges.get(selectedName);
      setRanges((m) => new Map(m).set(selectedName, r));
      setReconciliation(null);
      setAsOfState(null);
      if (!previous || !sameRange(previous, r)) void saveSettings({ range: { connection: selectedName, ...r } });
    },
    [selectedName, ranges, saveSettings],
  );

  const presetRanges = useCallback(
    (names: readonly string[], r: Range) => {
      const fresh = names.filter((name) => !ranges.has(name));
      if (fresh.length === 0) return;
      setRanges((m) => {
        const next = new Map(m);
        for (const name of fresh) next.set(name, r);
        return next;
      });
      setReconciliation(null);
      for (const name of fresh) void saveSettings({ range: { connection: name, ...r } });
    },
    [ranges, saveSettings],
  );

  const runReconcile = useCallback(
    async ({ tolerance }: RunOptions = {}) => {
      if (!selected) return null;
      setReconciling(true);
      try {
        // PAYG has no range period: its periods are weeks or months of billing.
        const period = selected.kind === 'payg' && range.period === 'range' ? 'week' : range.period;
        const day = agedTo(selected, range, asOf);
        const input = {
          connection: selected.name,
          from: range.from,
          to: range.to,
          period,
          ...(tolerance && selected.kind === 'portal' ? { toleranceAbs: tolerance.abs, tolerancePct: tolerance.pct } : {}),
          ...(day ? { asOf: day } : {}),
        };
        const value = await call('reconcile:run', input);
        setReconciliation(value);
        return value;
      } finally {
        setReconciling(false);
      }
    },
    [call, range, selected, asOf],
  );

  const forgetReconciliation = useCallback(() => setReconciliation(null), []);

  const reviewsSaved = useCallback(() => {
    setViewVersion((v) => v + 1);
    // The back end puts reviews on the findings and records it shows (as on the paged rows): ask it.
    const viewId = reconciliation?.view.id;
    if (viewId === undefined) return;
    void call('reconcile:summary', { viewId }).then((fresh) => {
      if (fresh) setReconciliation((r) => (r?.view.id === viewId ? fresh : r));
    });
  }, [call, reconciliation]);

  const value: Workspace = {
    info,
    connections,
    refreshConnections,
    selected,
    select,
    range,
    setRange,
    presetRanges,
    asOf,
    setAsOf,
    settings,
    saveSettings,
    theme: settings?.theme ?? 'system',
    reconciliation,
    reconciling,
    runReconcile,
    forgetReconciliation,
    reviewsSaved,
    viewVersion,
    refreshInfo,
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useWorkspace(): Workspace {
  const v = useContext(Ctx);
  if (!v) throw new Error('useWorkspace outside WorkspaceProvider');
  return v;
}

/**
 * The selected connection's reconciliation of the range, run when a screen that shows it opens and
 * there is none (first visit, a new range or as-of day, a sync that changed the cache). Once per
 * change, not in a loop: a run that fails leaves its alert, and the user asks again.
 */
export function useReconciliation(options: RunOptions = {}): ReconciliationSummary | null {
  const ws = useWorkspace();
  const name = ws.selected?.name ?? null;
  const r = ws.reconciliation?.connection === name ? ws.reconciliation : null;
  const needsRun = !r && !ws.reconciling && name !== null;
  const latest = useRef({ needsRun, options, run: ws.runReconcile });
  useEffect(() => {
    latest.current = { needsRun, options, run: ws.runReconcile };
  });
  useEffect(() => {
    const { needsRun: wanted, options: chosen, run } = latest.current;
    if (wanted) void run(chosen);
  }, [name, ws.range, ws.asOf]);
  return r;
}
