export { reconcile, reconciliationJson, defaultPeriod } from './reconcile.ts';
export { reconcilePortal, classify, PORTAL_ROWS_SQL } from './portal.ts';
export { reconcilePayg, ageingBucket, paygAggregateSql, DEFAULT_THRESHOLDS } from './payg.ts';
export { ReconcileError } from './connection.ts';
export { figuresHash, portalFiguresText, portalFiguresHash, paygFiguresText, paygFiguresHash, parseFigures, describeFigureChanges, figureChangesSince, type Figures, type FigureLine } from './figures.ts';
export { renderReconciliationText } from './render-text.ts';
export { reviewItemsOf } from './review-items.ts';
export * from './types.ts';
