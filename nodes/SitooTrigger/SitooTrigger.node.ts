import { randomUUID } from 'node:crypto';
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type IRun,
} from 'n8n-workflow';
import {
	DEFAULT_MAX_RUN_MS,
	DEFAULT_RETRY_FOR_HOURS,
	DEFAULT_SYNC_SETTINGS,
	guestOrderIds,
	hasEmailNow,
	initialState,
	isSyncState,
	ordersToNormalize,
	parseIdList,
	pickTestEvent,
	settleHandOff,
	startLookup,
	syncStep,
	SyncSettingsError,
	watchedOrderIds,
	withHandOff,
	type EmittedOrder,
	type RunOutcome,
	type ReadOrder,
	type SkippedOrder,
	type StartFrom,
	type SyncSettings,
	type SyncState,
} from '../core/sync';
import { SitooOrderNormalizer } from '../core/sitoo/normalizer';
import { sitooOrdersById } from '../core/sitoo/orders-by-id';
import { toNodeError } from '../clients/node-error';
import { sitooClient, type SitooClient } from '../clients/sitoo-client';
import { addsProductData, productDataOption } from '../shared/product-data';
import { loadOptions } from './methods';
import * as reads from './reads';

/** Where the bookmark lives in the node's workflow static data (docs/design.md "Scaling past one machine"). */
const STATE_KEY = 'orderSync';
/**
 * The hand-off a poll settled without handing anything on. n8n stores static data only when a poll
 * hands something on (or the workflow is published): until then the stored state still names this
 * hand-off, so its outcome is kept for a poll that starts from the stored state again.
 */
const SETTLED_UNSTORED_KEY = 'settledHandOffNotStored';
/** How many recent completed orders "Fetch test event" looks through for one that fits the filters. */
const TEST_EVENT_CANDIDATES = 50;

/**
 * From this version on, lines carry categories and brand unless the option is switched off; saved
 * version 1 nodes keep it off unless they added it, so their workflows do not change silently.
 */
const PRODUCT_DATA_BY_DEFAULT_FROM = 1.1;

/** This n8n process: a batch handed on by another one (before a restart) has no known end. */
const PROCESS_ID = randomUUID();

/**
 * How the runs of batches handed on by this process ended, by hand-off id ('pending' until n8n
 * says). Only the signal lives here; the bookmark and the batch live in static data, so losing
 * this map (a restart) means the batch is handed on again (core/sync/hand-off.ts).
 */
const runOutcomes = new Map<string, RunOutcome | 'pending'>();

export class SitooTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sitoo Trigger',
		name: 'sitooTrigger',
		icon: { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' },
		group: ['trigger'],
		version: [1, PRODUCT_DATA_BY_DEFAULT_FROM],
		defaultVersion: PRODUCT_DATA_BY_DEFAULT_FROM,
		subtitle: '={{$parameter["events"].join(" and ")}}',
		description:
			'Starts the workflow for every completed sale or refund at your Sitoo tills, once each and in the order they reached Sitoo',
		defaults: { name: 'Sitoo Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Orders', 'Skipped'],
		credentials: [{ name: 'sitooApi', required: true }],
		properties: [
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Completed Sale',
						value: 'sale',
						description: 'A paid receipt (also the purchase part of an exchange)',
					},
					{
						name: 'Completed Refund',
						value: 'refund',
						description: 'A return or refund (also the return part of an exchange)',
					},
				],
				default: ['sale', 'refund'],
				description: 'Which till events start the workflow',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{
						name: 'Now',
						value: 'now',
						description: 'Only orders that reach Sitoo after the workflow is published',
					},
					{
						name: 'A Sitoo Order ID',
						value: 'orderId',
						description: 'This order and every order after it',
					},
					{
						name: 'A Date (Backfill)',
						value: 'date',
						description: 'Every order rung up on or after this date, then new ones',
					},
				],
				default: 'now',
				description:
					'Where the first poll starts. Changing this later starts over from the new point.',
			},
			{
				displayName: 'First Order ID',
				name: 'startOrderId',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'The Sitoo order ID (not the receipt number) of the first order to trigger on',
				displayOptions: { show: { startFrom: ['orderId'] } },
			},
			{
				displayName: 'First Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description:
					'Orders rung up at the till on or after this moment trigger the workflow, oldest first. Receipts from offline tills that arrive later are included.',
				displayOptions: { show: { startFrom: ['date'] } },
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{
						name: 'Normalized Order',
						value: 'normalized',
						description: 'Clear field names, numbers for money, ready for the Klaviyo node',
					},
					{
						name: 'Raw Sitoo Order',
						value: 'raw',
						description: 'The order exactly as Sitoo returns it',
					},
				],
				default: 'normalized',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					productDataOption(
						'Costs one Sitoo request per product, plus the category and brand lists, each poll. Nodes made before version 1.1 have it off unless it is added here',
					),
					{
						displayName: 'Channels',
						name: 'channel',
						type: 'options',
						options: [
							{ name: 'Store Tills Only', value: 'pos' },
							{ name: 'All Channels (Include Webshop)', value: 'all' },
						],
						default: 'pos',
					},
					{
						displayName: 'Look for E-Mailed Receipts For (Minutes)',
						name: 'guestWatchMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 30,
						description:
							'A sale rung up without a customer is read again on each poll for this long: if staff e-mail its receipt, it is handed on again with that address (marked emailReceipt) and reaches Klaviyo at its till time. At most 2,000 recent guest sales are watched (one Sitoo request per 100 a poll). 0: off.',
					},
					{
						displayName: 'Max Orders per Poll',
						name: 'maxOrdersPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1200,
						description:
							'How many new Sitoo orders one poll reads at most; a larger backlog is worked through over several polls. 1,200 a minute keeps up with 20 sales a second sent one event at a time. With the Klaviyo node sending large runs in bulk jobs (Send Using: Automatic), 12,000 keeps up with 100 a second, as in the Store sales template.',
					},
					{
						displayName: 'Retry Failed Runs For (Hours)',
						name: 'retryFailedRunsForHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_RETRY_FOR_HOURS,
						description:
							'The trigger moves on only once the run that got its orders has succeeded. While runs fail (Klaviyo down, say), each poll hands the same orders on again, with newer ones behind them. After this long they are let go and reported on the Skipped output.',
					},
					// Both were comma-separated text before; readSettings still reads such saved values.
					{
						displayName: 'Site Names or IDs',
						name: 'siteIds',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getSites' },
						default: [],
						description:
							'Only orders of these Sitoo sites (eshopid). Empty: all sites. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Store Names or IDs',
						name: 'warehouseIds',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getStores' },
						default: [],
						description:
							'Only orders of these stores, which Sitoo knows by the warehouse a sale is made from: IDs are warehouse IDs. Empty: all stores. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Watch Open Orders For (Hours)',
						name: 'watchExpiryHours',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 72,
						description:
							'Parked orders, bookings and unsettled payments are checked on every poll and trigger once they complete. After this long they are given up and reported on the Skipped output.',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: { getSites: loadOptions.getSites, getStores: loadOptions.getStores },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		let client: SitooClient;
		try {
			client = await sitooClient(this);
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
		const now = Date.now();
		const output = this.getNodeParameter('output', 'normalized') as string;
		// One normalizer per poll: its store, currency, refund and product look-ups live this poll only.
		// A raw output shows no categories, so it does not look products up.
		const normalizer = new SitooOrderNormalizer({
			send: client.send,
			account: client.account,
			siteId: client.siteId,
			now: () => now,
			enrichLines: output !== 'raw' && enrichLines(this),
		});
		try {
			if (this.getMode() === 'manual') return await testEvent(client, settings, normalizer, output);

			const staticData = this.getWorkflowStaticData('node');
			const saved: unknown = staticData[STATE_KEY];
			let state: SyncState;
			const lookup = startLookup(saved, settings.start);
			if (lookup === undefined && isSyncState(saved)) {
				state = saved;
			} else if (lookup?.lookup === 'latestOrderId') {
				state = initialState(settings.start, {
					latestOrderId: await reads.latestOrderId(client, settings.siteIds),
				});
			} else if (lookup?.lookup === 'firstOrderOnOrAfter') {
				const foundOrderId = await reads.firstOrderOnOrAfter(
					client,
					settings.siteIds,
					lookup.orderDateFrom,
				);
				state = initialState(
					settings.start,
					foundOrderId !== undefined
						? { foundOrderId }
						: { latestOrderId: await reads.latestOrderId(client, settings.siteIds) },
				);
			} else {
				state = initialState(settings.start);
			}

			// The bookmark moves only once the run of the batch handed on last has succeeded.
			const handOff = state.handOff;
			const heard = handOff ? runOutcomes.get(handOff.id) : undefined;
			const settled = settleHandOff({
				state,
				outcome: heard === 'pending' ? undefined : heard,
				listening: heard === 'pending',
				processId: PROCESS_ID,
				now,
				maxRunMs: DEFAULT_MAX_RUN_MS,
				retryForMs: retryForHours(this) * 60 * 60 * 1000,
			});
			if (settled.action === 'wait') return null;
			// An outcome is forgotten only once the settled state is stored (as a batch is handed on): a
			// poll that fails before that, or starts again from the stored state, settles it again.
			const forgetSettled = () => {
				for (const id of [handOff?.id, staticData[SETTLED_UNSTORED_KEY]])
					if (typeof id === 'string') runOutcomes.delete(id);
				delete staticData[SETTLED_UNSTORED_KEY];
			};
			const from = settled.state;

			const watchedRows = await sitooOrdersById(client.send, client.account, watchedOrderIds(from));
			const newRows = await reads.newOrders(
				client,
				from.lastOrderId,
				settings.maxOrdersPerPoll,
				settings.siteIds,
			);
			// Each order read is normalized once, with its look-ups, and the cursor decides on that very
			// order. A failed look-up throws here, before the bookmark changes: the next poll retries.
			const wanted = new Set(
				ordersToNormalize({ state: from, settings, watched: watchedRows, orders: newRows }),
			);
			const watched = await normalized(normalizer, watchedRows, (row) => wanted.has(row));
			const orders = await normalized(normalizer, newRows, (row) => wanted.has(row));
			// Guest sales are read again for an e-mail a receipt brought; only those with one are mapped.
			const guestRows = await sitooOrdersById(client.send, client.account, guestOrderIds(from));
			const guests = await normalized(normalizer, guestRows, hasEmailNow);
			const step = syncStep({ state: from, now, settings, watched, orders, guests });
			const again = new Set(settled.again?.orderIds ?? []);
			const emit = step.emit.map((e) =>
				again.has(e.orderId) ? { ...e, again: settled.again?.why } : e,
			);
			const skipped = [...settled.letGo, ...step.skipped];

			if (emit.length === 0 && skipped.length === 0) {
				if (JSON.stringify(step.state) !== JSON.stringify(saved))
					staticData[STATE_KEY] = JSON.parse(JSON.stringify(step.state)) as IDataObject;
				if (lookup !== undefined) forgetSettled();
				else if (handOff) staticData[SETTLED_UNSTORED_KEY] = handOff.id;
				// A new sync records its starting point with one empty run: n8n stores static data only
				// when a poll hands something on, and a restart before the first order would otherwise
				// resolve "now" again, later, and skip what arrived in between.
				return lookup === undefined ? null : [[], []];
			}

			// n8n stores static data as the batch is handed on: the old bookmark with the batch, so a
			// restart during the run hands the batch on again.
			const id = randomUUID();
			staticData[STATE_KEY] = JSON.parse(
				JSON.stringify(
					withHandOff(from, step.state, {
						id,
						at: new Date(now).toISOString(),
						processId: PROCESS_ID,
						orderIds: emit.map((e) => e.orderId),
					}),
				),
			) as IDataObject;
			forgetSettled();
			runOutcomes.set(id, 'pending');
			const done = this.helpers.createDeferredPromise<IRun | undefined>();
			done.promise.then(
				(run) => runOutcomes.set(id, run && runSucceeded(run) ? 'succeeded' : 'failed'),
				() => runOutcomes.set(id, 'failed'),
			);
			this.__emit([orderItems(emit, output), skipped.map(skippedItem)], undefined, done);
			return null;
		} catch (error) {
			if (error instanceof SyncSettingsError)
				throw new NodeOperationError(this.getNode(), error.message, {
					description: `Check the "${error.setting}" setting.`,
				});
			throw toNodeError(this.getNode(), error);
		}
	}
}

function readSettings(context: IPollFunctions): SyncSettings {
	const events = context.getNodeParameter('events', []) as string[];
	const startFrom = context.getNodeParameter('startFrom', 'now') as string;
	const options = context.getNodeParameter('options', {}) as {
		channel?: 'pos' | 'all';
		maxOrdersPerPoll?: number;
		siteIds?: unknown;
		warehouseIds?: unknown;
		watchExpiryHours?: number;
		guestWatchMinutes?: number;
	};
	let start: StartFrom = { mode: 'now' };
	if (startFrom === 'orderId')
		start = { mode: 'orderId', orderId: context.getNodeParameter('startOrderId', 1) as number };
	if (startFrom === 'date')
		start = { mode: 'date', date: String(context.getNodeParameter('startDate', '')) };
	try {
		return {
			sales: events.includes('sale'),
			refunds: events.includes('refund'),
			siteIds: parseIdList(options.siteIds, 'Site Names or IDs'),
			warehouseIds: parseIdList(options.warehouseIds, 'Store Names or IDs'),
			channel: options.channel ?? 'pos',
			watchExpiryHours: options.watchExpiryHours ?? 72,
			guestWatchMinutes: options.guestWatchMinutes ?? 30,
			maxOrdersPerPoll: options.maxOrdersPerPoll ?? DEFAULT_SYNC_SETTINGS.maxOrdersPerPoll,
			start,
		};
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), message);
	}
}

function retryForHours(context: IPollFunctions): number {
	const options = context.getNodeParameter('options', {}) as { retryFailedRunsForHours?: number };
	return options.retryFailedRunsForHours ?? DEFAULT_RETRY_FOR_HOURS;
}

/** A run that ended well, or that waits by design (a Wait node) in n8n's durable store. */
function runSucceeded(run: IRun): boolean {
	if (run.data.resultData.error !== undefined) return false;
	return run.status === 'success' || run.status === 'waiting';
}

function enrichLines(context: IPollFunctions): boolean {
	return addsProductData(
		context.getNodeParameter('options', {}),
		context.getNode().typeVersion >= PRODUCT_DATA_BY_DEFAULT_FROM,
	);
}

/** "Fetch test event": the newest completed order that fits; the bookmark is not read or written. */
async function testEvent(
	client: SitooClient,
	settings: SyncSettings,
	normalizer: SitooOrderNormalizer,
	output: string,
): Promise<INodeExecutionData[][] | null> {
	const candidates = await reads.latestCompletedOrders(
		client,
		settings.siteIds,
		TEST_EVENT_CANDIDATES,
	);
	const found = await pickTestEvent(candidates, settings, (raw) => normalizer.normalize(raw));
	if (!found) return null;
	return [orderItems([{ ...found, via: 'new' }], output), []];
}

/** The rows with their one normalization (store, refund position, currency and, when asked, categories and brand); the others unmapped. */
async function normalized(
	normalizer: SitooOrderNormalizer,
	rows: readonly unknown[],
	wanted: (row: unknown) => boolean,
): Promise<ReadOrder[]> {
	const read: ReadOrder[] = [];
	for (const raw of rows)
		read.push(wanted(raw) ? { raw, result: await normalizer.normalize(raw) } : { raw });
	return read;
}

/** The items for emitted orders: the order the cursor decided on, or the raw Sitoo order. */
function orderItems(emitted: readonly EmittedOrder[], output: string): INodeExecutionData[] {
	return emitted.map((e) => {
		if (output === 'raw') return { json: e.raw as IDataObject };
		const json: IDataObject = { ...(e.order as unknown as IDataObject) };
		if (e.warnings.length > 0) json.warnings = e.warnings as unknown as IDataObject[];
		// Handed on before; Klaviyo's fixed ids keep a repeat from doubling anything.
		// A guest sale sent before without an e-mail, again now that a receipt was e-mailed.
		if (e.via === 'emailed') json.emailReceipt = true;
		if (e.again === 'failedRun') json.resentAfterFailedRun = true;
		if (e.again === 'unknownRun') json.resentAfterRestart = true;
		return { json };
	});
}

function skippedItem(skipped: SkippedOrder): INodeExecutionData {
	const json: IDataObject = { code: skipped.code, reason: skipped.reason };
	if (skipped.orderId !== undefined) json.orderId = skipped.orderId;
	if (skipped.field !== undefined) json.field = skipped.field;
	if (skipped.raw !== undefined) json.order = skipped.raw as IDataObject;
	return { json };
}
