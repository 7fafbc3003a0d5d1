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
export { replayBatch, replayOrderIds, withReplay } from './replay';
