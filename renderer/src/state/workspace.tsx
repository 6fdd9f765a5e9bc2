import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useCall } from '../api/api-context.tsx';
import type { ChannelOutput, ConnectionView, PeriodKind, ReconciliationSummary, Settings } from '../api/types.ts';
import { isoDate } from '../format/dates.ts';

export interface Range {
  from: string;
  to: string;
  period: PeriodKind;
}

export interface Tolerance {
  abs: string;
  pct: string;
}

type AppInfo = ChannelOutput<'app:info'>;

interface Workspace {
  info: AppInfo | null;
  connections: ConnectionView[] | null;
  refreshConnections: () => Promise<ConnectionView[] | null>;
  selected: ConnectionView | null;
  select: (name: string | null) => void;
  range: Range;
  setRange: (r: Range) => void;
  settings: Settings | null;
  saveSettings: (patch: { author?: string | null; locale?: 'en' | 'es' | null }) => Promise<void>;
  /** The last reconciliation of the selected connection and range (null until run): its summary and view. */
  reconciliation: ReconciliationSummary | null;
  reconciling: boolean;
  runReconcile: (tolerance?: Tolerance) => Promise<ReconciliationSummary | null>;
  /** A review was saved: read the summary again from the back end, and have the paged grids refetch what they show. */
  reviewsSaved: () => void;
  /** Grows with every saved review; paged lists refetch their rows when it changes. */
  viewVersion: number;
  /** Re-read app:info (its `offline` flag follows the last upstream request). */
  refreshInfo: () => Promise<void>;
}

const Ctx = createContext<Workspace | null>(null);

/** The last three whole months: what an accountant usually reconciles first. */
export function defaultRange(now = new Date()): Range {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { from: isoDate(first), to: isoDate(last), period: 'month' };
}

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const call = useCall();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [connections, setConnections] = useState<ConnectionView[] | null>(null);
  const [selectedName, setSelectedName] = useState<string | null>(null);
  const [range, setRangeState] = useState<Range>(() => defaultRange());
  const [settings, setSettings] = useState<Settings | null>(null);
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
      if (s) setSettings(s);
    });
    return () => {
      live = false;
    };
  }, [call, applyList]);

  const selected = useMemo(() => connections?.find((c) => c.name === selectedName) ?? null, [connections, selectedName]);

  const select = useCallback((name: string | null) => {
    setSelectedName(name);
    setReconciliation(null);
  }, []);

  const setRange = useCallback((r: Range) => {
    setRangeState(r);
    setReconciliation(null);
  }, []);

  const saveSettings = useCallback(
    async (patch: { author?: string | null; locale?: 'en' | 'es' | null }) => {
      const s = await call('settings:set', patch);
      if (s) setSettings(s);
    },
    [call],
  );

  const runReconcile = useCallback(
    async (tolerance?: Tolerance) => {
      if (!selected) return null;
      setReconciling(true);
      try {
        // PAYG has no range period: its periods are weeks or months of billing.
        const period = selected.kind === 'payg' && range.period === 'range' ? 'week' : range.period;
        const input = {
          connection: selected.name,
          from: range.from,
          to: range.to,
          period,
          ...(tolerance && selected.kind === 'portal' ? { toleranceAbs: tolerance.abs, tolerancePct: tolerance.pct } : {}),
        };
        const value = await call('reconcile:run', input);
        setReconciliation(value);
        return value;
      } finally {
        setReconciling(false);
      }
    },
    [call, range, selected],
  );

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
    settings,
    saveSettings,
    reconciliation,
    reconciling,
    runReconcile,
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
