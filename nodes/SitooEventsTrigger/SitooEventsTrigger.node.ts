import { randomUUID } from 'node:crypto';
import {
	NodeConnectionTypes,
	OperationalError,
	sleep,
	type IDataObject,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { registeredInSitoo, sitooSpiLoginTest } from '../shared/sitoo-spi-login';
import type { NormalizedOrder } from '../core/order';
import { SitooOrderNormalizer, type StoreCache } from '../core/sitoo/normalizer';
import { ProductCache } from '../core/sitoo/products';
import {
	checkBasicAuth,
	EVENTS_ANSWER_BUDGET_MS,
	EVENTS_CONFIRM_BUDGET_MS,
	EVENTS_READ_RETRY,
	fetchedOutcome,
	finishBatch,
	holdBatch,
	journalKeys,
	OWED_PER_RUN,
	parseEventsBatch,
	planBatch,
	readEventsTriggerState,
	runsSharingKeys,
	settleHeld,
	settleJournal,
	type BatchResult,
	type EventsTriggerState,
	type FetchedOrder,
	type Journal,
	type OwedOrder,
	type SettledJournal,
	type SpiEvent,
} from '../core/spi';
import { customerLaneKey } from '../core/ordering/customer-lane';
import {
	answerBeforeTheRun,
	forgetRuns,
	journalStore,
	runOutcomeOf,
	waitForRuns,
	type JournalStore,
} from './early-answer';
import { deadlineAt } from '../core/transport/deadline';
import { fromN8nHttpRequest, type SendRequest } from '../core/transport/http';
import { retrying } from '../core/transport/retry';
import { RETRYABLE_STATUSES } from '../core/transport/errors';
import { sitooOrderIfFound, sitooOrdersById } from '../core/sitoo/orders-by-id';
import { SITOO_BASE_URL, type SitooAccount } from '../core/transport/sitoo';
import { SITOO_CREDENTIAL } from '../clients/sitoo-client';
import { addsProductData, productDataOption } from '../shared/product-data';

const SPI_CREDENTIAL = 'sitooSpiAuthApi';

/** Reading Sitoo took longer than the batch may take (§5.2): answer 503 so Sitoo sends it again. */
const OUT_OF_TIME = 'Reading the orders from Sitoo took too long';

/** How long the 200 waits for n8n's static-data write; Sitoo allows 15 s per batch (§5.2). */
const STATIC_DATA_SAVE_GRACE_MS = 100;

interface RawOrder extends IDataObject {
	orderid: number;
}

/**
 * How the workflow answered the batches this process handed on and held (core/spi/held.ts), by
 * batch id. Only the signal lives here; the held additions are in static data, and a batch whose
 * answer this process did not see counts as not confirmed: Sitoo's resend is handed on again.
 */
const batchAnswers = new Map<string, 'waiting' | 'confirmed' | 'unconfirmed'>();

/**
 * Store lists and the catalogue change rarely; a batch reuses what earlier batches read for this
 * long instead of reading it again. Only a cache: losing it (a restart, another worker) costs reads.
 */
const LOOKUP_CACHE_MS = 10 * 60 * 1000;
interface LookupCache {
	madeAt: number;
	stores: StoreCache;
	/** Products per site and id, categories and manufacturers per site; bounded in count. */
	products: ProductCache;
}
const lookupCaches = new Map<string, LookupCache>();

/** The look-up cache of a Sitoo account, renewed every `LOOKUP_CACHE_MS`. */
function lookupCacheOf(account: SitooAccount, now: number): LookupCache {
	const key = `${account.baseUrl}|${account.accountId}`;
	let cache = lookupCaches.get(key);
	if (!cache || now - cache.madeAt > LOOKUP_CACHE_MS) {
		cache = { madeAt: now, stores: new Map(), products: new ProductCache() };
		lookupCaches.set(key, cache);
	}
	return cache;
}

/**
 * The Answer Sitoo setting: by the workflow's Confirm Sitoo Events node; as soon as the orders are
 * recorded, with this node sending a failed run's orders again (core/spi/journal.ts); or as soon as
 * they are read, with no retry of its own.
 */
type AnswerMode = 'confirmNode' | 'onRecorded' | 'onRead';

export class SitooEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sitoo Events Trigger',
		name: 'sitooEventsTrigger',
		icon: { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' },
		group: ['trigger'],
		version: [1, 2, 2.1],
		defaultVersion: 2.1,
		subtitle: 'Completed orders, as they happen',
		description:
			'Starts the workflow when Sitoo reports a completed sale or refund (Sitoo Events webhooks)',
		defaults: { name: 'Sitoo Events Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Orders', 'Not Processed'],
		credentials: [
			{
				name: 'sitooSpiAuthApi',
				required: true,
				testedBy: 'sitooSpiLoginTest',
				displayName: 'Login Sitoo Must Use',
			},
			{ name: SITOO_CREDENTIAL, required: true, displayName: 'Sitoo API (to Read Orders)' },
		],
		/*
		 * The node answers Sitoo itself, or leaves the answer to the workflow's Confirm Sitoo Events
		 * node, and tells n8n never to answer (`noWebhookResponse`): n8n's own answer to a failed run is
		 * a 500, which makes Sitoo drop the batch (docs/reference/sitoo-spi.md §5.3). Only on that path
		 * does n8n 2.41 save the static data this call changed (seen in e2e). `responseNode` gives the
		 * run a way to answer (`sendResponse`). Whether Sitoo appends /events to the URL it is given is
		 * not documented: serve both (§5.1).
		 */
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'responseNode', path: 'events' },
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'responseNode',
				path: '',
				isFullPath: true,
			},
		],
		properties: [
			{
				displayName:
					'Give Sitoo the production URL below (without /events, or with it: both work) and the login of the "Login Sitoo Must Use" credential. Each completed sale, refund or exchange comes out once, in the order Sitoo reports it. Orders still open or parked are skipped until Sitoo reports them closed; cancelled ones never come out.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Answer Sitoo',
				name: 'answer',
				type: 'options',
				options: [
					{
						name: 'When Confirm Sitoo Events Runs',
						value: 'confirmNode',
						description:
							'Sitoo hears "done" only once the workflow has sent the orders: put a Confirm Sitoo Events node last. If the run fails or takes over 13 seconds, Sitoo sends the batch again.',
					},
					{
						name: 'As Soon as the Orders Are Recorded',
						value: 'onRecorded',
						description:
							'Fastest without losing anything, for busy chains: Sitoo hears "done" once the orders are recorded in n8n. Put a Confirm Sitoo Events node last: a run that fails, or is not confirmed within a minute, is sent again by this node before it takes the next batch.',
					},
					{
						name: 'Once the Orders Are Read',
						value: 'onRead',
						description:
							'Fast, but a run that fails afterwards (Klaviyo down, say) is not sent again: only a retry in n8n or the Sync Monitor recovers it',
					},
				],
				default: 'confirmNode',
				displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
			},
			{
				displayName: 'Answer Sitoo',
				name: 'answer',
				type: 'options',
				options: [
					{ name: 'When Confirm Sitoo Events Runs', value: 'confirmNode' },
					{ name: 'Once the Orders Are Read', value: 'onRead' },
				],
				default: 'onRead',
				displayOptions: { show: { '@version': [1] } },
			},
			{
				displayName: 'Order Format',
				name: 'orderFormat',
				type: 'options',
				options: [
					{
						name: 'Normalized',
						value: 'normalized',
						description:
							'Kind (sale, refund, exchange), IDs, till time, store, customer, lines and totals as numbers',
					},
					{
						name: 'Raw Sitoo Order',
						value: 'raw',
						description: 'The order exactly as the Sitoo API returns it',
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
						'Each product and the category and brand lists are read once and kept for 10 minutes, so a busy till does not read them for every batch. Nodes made before version 2.1 have it off unless it is added here',
					),
				],
			},
		],
	};

	methods = { credentialTest: { sitooSpiLoginTest } };

	webhookMethods = registeredInSitoo;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const started = Date.now();
		const response = this.getResponseObject();
		const answer = (status: number, message?: string): IWebhookResponseData => {
			if (message === undefined) response.status(status).end();
			else response.status(status).json({ message });
			return { noWebhookResponse: true };
		};
		try {
			const login = await this.getCredentials(SPI_CREDENTIAL);
			const auth = checkBasicAuth(this.getHeaderData().authorization, {
				user: String(login.user ?? ''),
				password: String(login.password ?? ''),
			});
			// Sitoo drops a batch on any answer but 200, 429, 503 and 504 (docs/reference/sitoo-spi.md
			// §5.3), a 401 included: a wrong login gets 503, so Sitoo keeps the batch (for about a day)
			// until the login is put right. The header still tells a client which login is wanted.
			if (!auth.ok) {
				response.setHeader('WWW-Authenticate', 'Basic realm="Sitoo Events"');
				this.logger.warn(
					`Sitoo Events Trigger answered 503 to a request without its login: ${auth.message}`,
				);
				return answer(
					503,
					`${auth.message}; Sitoo keeps the batch and sends it again once the login matches`,
				);
			}

			const parsed = parseEventsBatch(this.getRequestObject().body as unknown);
			if (!parsed.ok) {
				// No retry can mend a body that is not an events array: it is taken (200), which ends
				// Sitoo's retries, and reported on Not Processed for the exception ledger. Nothing is stored.
				response.status(200).json({ message: `${parsed.reason}; recorded as not processed` });
				return {
					noWebhookResponse: true,
					workflowData: [
						[],
						[{ json: malformedBatchItem(parsed.reason, this.getRequestObject().body as unknown) }],
					],
				};
			}

			const sitoo = await this.getCredentials(SITOO_CREDENTIAL);
			const account: SitooAccount = {
				baseUrl: String(sitoo.baseUrl || SITOO_BASE_URL),
				accountId: String(sitoo.accountId),
			};
			const staticData = this.getWorkflowStaticData('node');
			// Batches whose answer is known settle first: a confirmed one's events count as seen.
			const settled = settleHeld(
				readEventsTriggerState(staticData),
				(id) => {
					const heard = batchAnswers.get(id);
					return heard === 'unconfirmed' ? undefined : heard;
				},
				started,
			);
			for (const id of settled.settled) batchAnswers.delete(id);
			const state = settled.state;
			const answerMode = this.getNodeParameter('answer', 'onRead') as AnswerMode;
			const deadline = started + EVENTS_ANSWER_BUDGET_MS;
			const raw = this.getNodeParameter('orderFormat', 'normalized') === 'raw';
			const reader = orderReader(this, account, sitoo, deadline, raw, started);

			// Answered early before: what earlier runs left owed goes first (core/spi/journal.ts).
			const journals = journalStore(
				`${this.getWorkflow().id ?? ''}|${this.getNode().name}`,
				staticData,
			);
			let journal: SettledJournal = {
				running: journals.read(),
				owed: [],
				owedAttempts: 0,
				givenUp: [],
				settled: [],
			};
			const letGo: INodeExecutionData[] = [];
			const owedFirst = async (): Promise<IWebhookResponseData | undefined> => {
				journal = settleJournal(journal.running, runOutcomeOf, Date.now());
				letGo.push(...journal.givenUp.map((order) => ({ json: givenUpItem(order) })));
				if (journal.owed.length === 0) return undefined;
				return await handOnOwed(this, reader, journals, journal, letGo, raw);
			};
			if (answerMode === 'onRecorded') {
				forgetRuns(started);
				const first = await owedFirst();
				if (first) return first;
				// While orders are being sent again, nothing newer is taken: Sitoo keeps it meanwhile.
				const resends = resendsRunning(journal.running);
				if (resends.length > 0) {
					await waitForRuns(resends, deadline);
					const again = await owedFirst();
					if (again) return again;
					if (resendsRunning(journal.running).length > 0)
						return notYet(
							journals,
							journal,
							letGo,
							answer,
							'Orders of an earlier batch are being sent again',
						);
				}
			}

			const plan = planBatch(parsed.events, state, account.accountId);
			const read = await reader(plan.fetches);
			const fetched = new Map<string, FetchedOrder<NormalizedOrder>>();
			for (const wanted of plan.fetches)
				fetched.set(wanted.orderKey, read.get(wanted.orderKey)?.fetched ?? { outcome: 'notFound' });

			const outcome = finishBatch(plan, fetched, state, Date.now());
			const orders: INodeExecutionData[] = [];
			const problems: INodeExecutionData[] = parsed.problems.map((p) => ({
				json: { ...p, problem: p.reason } as IDataObject,
			}));
			const emitted: Array<Extract<BatchResult<NormalizedOrder>, { kind: 'emit' }>> = [];
			for (const result of outcome.results) {
				if (result.kind === 'emit') {
					emitted.push(result);
					orders.push({
						json: orderItem(result, raw ? read.get(result.orderKey)?.raw : undefined),
					});
				} else problems.push({ json: problemItem(result) });
			}
			problems.push(...letGo);
			const workflowData = [orders, problems];

			if (answerMode === 'confirmNode' && orders.length > 0) {
				// The workflow answers once it has sent the orders; until then the batch's events are held.
				const batchId = randomUUID();
				saveState(staticData, holdBatch(state, batchId, outcome.remembered, Date.now()));
				awaitConfirmation(response, batchId, started + EVENTS_CONFIRM_BUDGET_MS, this.logger);
				return { noWebhookResponse: true, workflowData };
			}
			if (answerMode === 'onRecorded') {
				const keys = journalKeys(emitted.flatMap((r) => orderingKeys(r.order)));
				// A customer's earlier run still going: wait for it, so this batch's run cannot overtake it.
				const earlier = runsSharingKeys(journal.running, keys);
				if (earlier.length > 0) {
					await waitForRuns(earlier, deadline);
					const again = await owedFirst();
					if (again) return again;
					if (runsSharingKeys(journal.running, keys).length > 0)
						return notYet(
							journals,
							journal,
							letGo,
							answer,
							'An earlier batch of the same customers or orders is still being sent',
						);
				}
				saveState(staticData, outcome.state);
				if (orders.length === 0) {
					journals.save(journal.running);
					void sleep(STATIC_DATA_SAVE_GRACE_MS).then(() => response.status(200).end());
					return problems.length > 0
						? { noWebhookResponse: true, workflowData }
						: { noWebhookResponse: true };
				}
				const batchId = randomUUID();
				const sites = new Map(plan.fetches.map((f) => [f.orderKey, f]));
				journals.save({
					...journal.running,
					[batchId]: {
						at: Date.now(),
						firstAt: Date.now(),
						attempts: 1,
						orders: emitted.map((r) => owedOrder(r.orderKey, sites.get(r.orderKey)!, r.event)),
						keys,
					},
				});
				answerBeforeTheRun(
					response,
					batchId,
					200,
					'Events recorded; they are being sent',
					STATIC_DATA_SAVE_GRACE_MS,
				);
				return { noWebhookResponse: true, workflowData };
			}
			saveState(staticData, outcome.state);
			// n8n saves the static data just after this method returns, asynchronously. The 200 waits a
			// moment so that a batch Sitoo re-sends at once reads the new seen-sets (a mitigation: n8n
			// offers no way to wait for that write).
			void sleep(STATIC_DATA_SAVE_GRACE_MS).then(() => response.status(200).end());
			if (orders.length === 0 && problems.length === 0) return { noWebhookResponse: true };
			return { noWebhookResponse: true, workflowData };
		} catch (error) {
			// Sitoo could not be read (down, throttled, wrong REST login, too slow): 503 keeps the batch
			// at Sitoo, which retries it and holds back later events meanwhile (§5.3, §5.4). Never 500.
			const reason =
				error instanceof Error && error.message === OUT_OF_TIME
					? OUT_OF_TIME
					: `Could not read the orders from Sitoo: ${error instanceof Error ? error.message : String(error)}`;
			this.logger.warn(`Sitoo Events Trigger answered 503: ${reason}`);
			return answer(503, `${reason}; please retry`);
		}
	}
}

type Context = IWebhookFunctions;

/** What reading one wanted order gave: Sitoo's order as read, and how it counts for the trigger. */
interface ReadOrder {
	raw?: RawOrder;
	fetched: FetchedOrder<NormalizedOrder>;
}
type OrderReader = (
	wanted: ReadonlyArray<{ orderKey: string; siteId: number; orderId: number }>,
) => Promise<Map<string, ReadOrder>>;

/** Reads and normalizes orders within the batch's time budget, by order key; missing = not found. */
function orderReader(
	context: Context,
	account: SitooAccount,
	sitoo: IDataObject,
	deadline: number,
	raw: boolean,
	now: number,
): OrderReader {
	const send = deadlineSend(context, deadline);
	const cache = lookupCacheOf(account, now);
	// The same normalizer as the other Sitoo nodes: store behind the warehouse, refund position,
	// and categories and brand unless switched off (a raw order shows none, so it looks none up).
	const normalizer = new SitooOrderNormalizer({
		send,
		account,
		siteId: Number(sitoo.siteId ?? 1),
		now: () => Date.now(),
		storeCache: cache.stores,
		// Version 2.1 made product data the default; older nodes keep their output unless they add it.
		enrichLines:
			!raw &&
			addsProductData(
				context.getNodeParameter('options', {}),
				context.getNode().typeVersion >= 2.1,
			),
		productCache: cache.products,
	});
	return async (wanted) => {
		const read = await readOrders(send, account, wanted);
		// Side by side: Sitoo allows parallel reads, and a slow Sitoo must still fit the budget.
		const normalized = await Promise.all(
			wanted.map(async (w) => {
				const order = read.get(`${w.siteId}:${w.orderId}`);
				return { w, order, result: order && (await normalizer.normalize(order)) };
			}),
		);
		const found = new Map<string, ReadOrder>();
		for (const { w, order, result } of normalized)
			if (order !== undefined && result !== undefined)
				found.set(w.orderKey, { raw: order, fetched: fetchedOutcome(result) });
		return found;
	};
}

/**
 * Hands on again the orders earlier runs left owed (oldest first, at most `OWED_PER_RUN`), instead
 * of this batch: Sitoo hears 503 and sends this batch again, by when they are in.
 */
async function handOnOwed(
	context: Context,
	reader: OrderReader,
	journals: JournalStore,
	journal: SettledJournal,
	letGo: INodeExecutionData[],
	raw: boolean,
): Promise<IWebhookResponseData> {
	const now = Date.now();
	const owed = journal.owed.slice(0, OWED_PER_RUN);
	const later = journal.owed.slice(OWED_PER_RUN);
	const read = await reader(owed);
	const orders: INodeExecutionData[] = [];
	const problems: INodeExecutionData[] = [...letGo];
	const resent: OwedOrder[] = [];
	const keys: Array<string | undefined> = [];
	for (const order of owed) {
		const got = read.get(order.orderKey)?.fetched ?? { outcome: 'notFound' as const };
		const event = owedEvent(order);
		if (got.outcome === 'completed') {
			resent.push(order);
			keys.push(...orderingKeys(got.order));
			const item = orderItem(
				{ kind: 'emit', event, orderKey: order.orderKey, order: got.order },
				raw ? read.get(order.orderKey)?.raw : undefined,
			);
			orders.push({ json: { ...item, resent: true } });
		} else if (got.outcome === 'rejected' || got.outcome === 'notFound')
			problems.push({
				json: problemItem({
					kind: 'problem',
					event,
					position: event.position,
					field: got.outcome === 'rejected' ? got.field : 'orderid',
					reason:
						got.outcome === 'rejected'
							? got.reason
							: `Sitoo has no order ${order.orderId} on site ${order.siteId}`,
				}),
			});
	}
	const next: Journal = { ...journal.running };
	const since = journal.owedSince ?? now;
	if (later.length > 0)
		// Never tracked, so owed again at the next batch, once this run has ended.
		next[randomUUID()] = {
			at: now,
			firstAt: since,
			attempts: journal.owedAttempts,
			orders: later,
			keys: [],
		};
	const message = 'Orders of an earlier batch failed and are being sent again first; please retry';
	if (orders.length === 0) {
		journals.save(next);
		const response = context.getResponseObject();
		void sleep(STATIC_DATA_SAVE_GRACE_MS).then(() => response.status(503).json({ message }));
		return problems.length > 0
			? { noWebhookResponse: true, workflowData: [[], problems] }
			: { noWebhookResponse: true };
	}
	const batchId = randomUUID();
	next[batchId] = {
		at: now,
		firstAt: since,
		attempts: journal.owedAttempts + 1,
		orders: resent,
		keys: journalKeys(keys),
	};
	journals.save(next);
	context.logger.warn(
		`Sitoo Events Trigger is sending ${resent.length} orders again whose run failed or was not confirmed; this batch is answered 503 and comes again`,
	);
	answerBeforeTheRun(context.getResponseObject(), batchId, 503, message, STATIC_DATA_SAVE_GRACE_MS);
	return { noWebhookResponse: true, workflowData: [orders, problems] };
}

/** This batch is not taken yet (Sitoo keeps it and sends it again): 503, the journal kept. */
function notYet(
	journals: JournalStore,
	journal: SettledJournal,
	letGo: INodeExecutionData[],
	answer: (status: number, message?: string) => IWebhookResponseData,
	why: string,
): IWebhookResponseData {
	journals.save(journal.running);
	const answered = answer(503, `${why}; please retry`);
	return letGo.length > 0 ? { ...answered, workflowData: [[], letGo] } : answered;
}

/** Running batches that carry orders sent again. */
function resendsRunning(running: Journal): string[] {
	return Object.entries(running)
		.filter(([, entry]) => entry.attempts > 1)
		.map(([id]) => id);
}

/**
 * What an order's run must not overtake: its customer, by e-mail and by phone (a refund may carry
 * only one of them), the order itself, and the sale a refund returns (a refund may carry no customer).
 */
function orderingKeys(order: NormalizedOrder): Array<string | undefined> {
	const { email, phone } = order.customer ?? {};
	const site = order.ids.siteId ?? 0;
	return [
		customerLaneKey({ customer: { email } }),
		customerLaneKey({ customer: { phone } }),
		`order:${site}:${order.ids.orderId}`,
		order.ids.originalOrderId !== undefined
			? `order:${site}:${order.ids.originalOrderId}`
			: undefined,
	];
}

function owedOrder(
	orderKey: string,
	where: { siteId: number; orderId: number },
	event: SpiEvent,
): OwedOrder {
	return {
		orderKey,
		siteId: where.siteId,
		orderId: where.orderId,
		eventId: event.eventId,
		eventType: event.eventType,
		...(event.eventDate !== undefined ? { eventDate: event.eventDate } : {}),
		...(event.order ? { orderEventType: event.order.orderEventType } : {}),
	};
}

/** The event an owed order came with, as far as its item shows it. */
function owedEvent(order: OwedOrder): SpiEvent {
	return {
		eventId: order.eventId,
		eventType: order.eventType,
		...(order.eventDate !== undefined ? { eventDate: order.eventDate } : {}),
		position: 0,
		...(order.orderEventType !== undefined
			? {
					order: {
						orderEventType: order.orderEventType,
					} as unknown as NonNullable<SpiEvent['order']>,
				}
			: {}),
	};
}

function givenUpItem(order: OwedOrder): IDataObject {
	return {
		field: 'orderid',
		problem: `Sent to Klaviyo for 24 hours without a confirmed run; order ${order.orderId} on site ${order.siteId} is let go`,
		orderId: order.orderId,
		sitooEvent: eventFacts(owedEvent(order)),
	};
}

/** Replaced, not mutated in place, so n8n's change tracking marks the static data for saving. */
function saveState(staticData: IDataObject, state: EventsTriggerState): void {
	staticData.events = state.events as unknown as IDataObject;
	staticData.orders = state.orders as unknown as IDataObject;
	staticData.emailed = state.emailed as unknown as IDataObject;
	staticData.held = state.held as unknown as IDataObject;
}

/**
 * Waits for the workflow's answer (Confirm Sitoo Events, through n8n's `sendResponse`) and notes how
 * it went; without it by the deadline, answers 503 so that Sitoo sends the batch again.
 */
function awaitConfirmation(
	response: ReturnType<IWebhookFunctions['getResponseObject']>,
	batchId: string,
	deadline: number,
	logger: IWebhookFunctions['logger'],
): void {
	batchAnswers.set(batchId, 'waiting');
	// 503 until the Confirm node's answer sets 200: in queue mode n8n ends this request itself when a
	// run fails on a worker (an empty answer with whatever status is set), and that must not be a 200.
	response.status(503);
	let answeredHere = false;
	void sleep(Math.max(0, deadline - Date.now())).then(() => {
		if (response.headersSent) return;
		answeredHere = true;
		logger.warn(
			'Sitoo Events Trigger answered 503: the workflow did not confirm the batch in time',
		);
		response.status(503).json({
			message:
				'The workflow has not confirmed these events (failed, or still sending); please retry',
		});
	});
	response.once('finish', () => {
		const confirmed = !answeredHere && response.statusCode >= 200 && response.statusCode < 300;
		batchAnswers.set(batchId, confirmed ? 'confirmed' : 'unconfirmed');
	});
	response.once('close', () => {
		if (batchAnswers.get(batchId) === 'waiting') batchAnswers.set(batchId, 'unconfirmed');
	});
}

/** Sitoo REST through the transport with retries that fit the batch's time budget. */
function deadlineSend(context: IWebhookFunctions, deadline: number): SendRequest {
	const clock = { now: () => Date.now() };
	const budget = deadlineAt(deadline, {
		sleep,
		clock,
		outOfTime: () => new OperationalError(OUT_OF_TIME),
	});
	const raw = fromN8nHttpRequest((options) =>
		context.helpers.httpRequestWithAuthentication.call(context, SITOO_CREDENTIAL, {
			...options,
			timeout: budget.timeLeft(),
		} as IHttpRequestOptions),
	);
	return retrying(raw, {
		service: 'Sitoo',
		policy: { ...EVENTS_READ_RETRY, retryStatuses: RETRYABLE_STATUSES },
		sleep: budget.wait,
		random: Math.random,
		clock,
	});
}

/**
 * The batch's orders, one list request per site, the sites side by side (docs/reference/sitoo-spi.md
 * §5.8 step 3): Sitoo keeps one batch in flight, so the time this takes bounds how many sales a second
 * reach n8n. Keyed `site:orderid`; an order Sitoo does not return is missing from the map.
 */
async function readOrders(
	send: SendRequest,
	account: SitooAccount,
	wanted: ReadonlyArray<{ siteId: number; orderId: number }>,
): Promise<Map<string, RawOrder>> {
	const bySite = new Map<number, number[]>();
	for (const { siteId, orderId } of wanted)
		bySite.set(siteId, [...(bySite.get(siteId) ?? []), orderId]);
	const found = new Map<string, RawOrder>();
	const orFail = (error: unknown): never => {
		const cause = error instanceof Error ? error : new Error(String(error));
		throw new OperationalError(cause.message, { cause });
	};
	// One list per site, all sites at once.
	await Promise.all(
		[...bySite].map(async ([siteId, orderIds]) => {
			const read = await sitooOrdersById<RawOrder>(send, account, orderIds, siteId).catch(orFail);
			for (const order of read) found.set(`${siteId}:${order.orderid}`, order);
			// An order the list leaves out is read on its own: only Sitoo's 404 for it proves it is gone.
			const missing = [...new Set(orderIds)].filter((id) => !found.has(`${siteId}:${id}`));
			await Promise.all(
				missing.map(async (orderId) => {
					const single = await sitooOrderIfFound<RawOrder>(send, account, siteId, orderId).catch(
						orFail,
					);
					if (single) found.set(`${siteId}:${orderId}`, single);
				}),
			);
		}),
	);
	return found;
}

/** The longest excerpt of a malformed body kept on its Not Processed item. */
const MALFORMED_BODY_EXCERPT = 2_000;

function malformedBatchItem(reason: string, body: unknown): IDataObject {
	const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body));
	return {
		field: 'body',
		problem: reason,
		body: text.length > MALFORMED_BODY_EXCERPT ? `${text.slice(0, MALFORMED_BODY_EXCERPT)}…` : text,
	};
}

function eventFacts(event: SpiEvent): IDataObject {
	return {
		eventId: event.eventId,
		eventType: event.eventType,
		...(event.eventDate !== undefined ? { eventDate: event.eventDate } : {}),
		...(event.order ? { orderEventType: event.order.orderEventType } : {}),
		positionInBatch: event.position,
	};
}

function orderItem(
	result: Extract<BatchResult<NormalizedOrder>, { kind: 'emit' }>,
	raw: RawOrder | undefined,
): IDataObject {
	const body = raw ?? (result.order as unknown as IDataObject);
	// Sent before without this e-mail; Klaviyo's fixed ids keep whatever did arrive from doubling.
	const again = result.emailReceipt ? { emailReceipt: true } : {};
	return { ...body, ...again, sitooEvent: eventFacts(result.event) };
}

function problemItem(
	result: Extract<BatchResult<NormalizedOrder>, { kind: 'problem' }>,
): IDataObject {
	return {
		position: result.position,
		field: result.field,
		problem: result.reason,
		...(result.event
			? { sitooEvent: eventFacts(result.event), orderId: result.event.order?.orderId ?? null }
			: {}),
	};
}
