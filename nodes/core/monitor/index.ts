/** The sync monitor's pure core: reconciliation diff, lag, profile drift, attribution, history rows, status page. */
export * from './types';
export {
	expectationsOf,
	orderIdsInEvents,
	eventKey,
	maskEmail,
	maskName,
	maskPhone,
	storeOf,
} from './expectations';
export type {
	ExpectedEvent,
	CustomerSnapshot,
	SaleAttribution,
	Expectations,
} from './expectations';
export { reconcile, percentile, lagStats, lagByStore } from './reconcile';
export type { LagSample, ReconcileInput, ReconcileResult } from './reconcile';
export { profileMismatches, profileViews } from './profiles';
export type {
	KlaviyoProfileView,
	PosConsentRecord,
	ProfileCheckInput,
	ConsentView,
} from './profiles';
export { attributionByStoreDay } from './attribution';
export {
	buildReport,
	alertsOf,
	monitorSettings,
	MonitorSettingsError,
	historyRow,
	readHistory,
	previousState,
	HISTORY_COLUMNS,
} from './report';
export type { ReportInput, RunOutcome, HistoryRow, HistoryEntry } from './report';
export { renderStatusPage, escapeHtml } from './status-page';
export type { StatusPageOptions } from './status-page';
export { posConsentRecords } from './consent-input';
