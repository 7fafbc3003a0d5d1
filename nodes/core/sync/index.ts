/** The order sync core: the polling cursor over Sitoo orders and its rules (no n8n, no HTTP, no clock). */
export * from './types';
export {
	checkSettings,
	DEFAULT_SYNC_SETTINGS,
	eventWanted,
	initialState,
	isSyncState,
	ordersToNormalize,
	parseIdList,
	pickTestEvent,
	startLookup,
	startSignature,
	syncStep,
	SyncSettingsError,
	watchedOrderIds,
} from './cursor';
export type { StartLookup, SyncStepInput } from './cursor';
export {
	bookmarkOnly,
	DEFAULT_MAX_RUN_MS,
	DEFAULT_RETRY_FOR_HOURS,
	settleHandOff,
	withHandOff,
} from './hand-off';
export type { FailedRuns, HandOff, RunOutcome, SettleInput, Settled } from './hand-off';
export { GUESTS_AT_MOST, guestOrderIds, hasEmailNow, isGuestSale, watchGuests } from './guests';
