/** The month-end close across connections: where each connection's months stand. */
export { recentMonths } from './months.ts';
export { closeOverview, CLOSE_STATES, type CloseCell, type CloseOverview, type CloseOverviewInput, type CloseState, type CloseSignature } from './overview.ts';
