/** The month-end close across connections: where each connection's months stand. */
export { recentMonths } from './months.ts';
export { closeOverview, type CloseOverviewInput } from './overview.ts';
export { CLOSE_STATES, CloseCell, CloseOverview, CloseSignature, CloseState } from './schemas.ts';
