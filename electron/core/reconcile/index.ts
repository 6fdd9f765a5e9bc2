export { reconcile, reconcilePortal, reconcilePayg, reconciliationJson, defaultPeriod, openReconciliation, pageOf, keysOf, type OpenReconciliation } from './reconcile.ts';
export { classify, PORTAL_ROWS_SQL, type OpenPortal } from './portal.ts';
export { ageingBucket, paygAggregateSql, DEFAULT_THRESHOLDS, type OpenPayg } from './payg.ts';
export { ReconcileError } from './connection.ts';
export { rangeCoverageGaps } from './coverage.ts';
export { rangeFiguresHash, rangeFiguresText, writeRangeFigures, type FiguresRange } from './figures-read.ts';
export { figuresHash, portalFiguresText, portalFiguresHash, paygFiguresText, paygFiguresHash, parseFigures, describeFigureChanges, figureChangesSince, portalFigureLines, paygFigureLines, type Figures, type FigureLine } from './figures.ts';
export { renderReconciliationText } from './render-text.ts';
export * from './types.ts';
