import { randomUUID } from 'node:crypto';
import {
	NodeConnectionTypes,
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { registeredInSitoo, sitooSpiLoginTest } from '../shared/sitoo-spi-login';
import type { NormalizedOrder } from '../core/order';
import {
	checkBasicAuth,
	EVENTS_ANSWER_BUDGET_MS,
	EVENTS_CONFIRM_BUDGET_MS,
	finishBatch,
	holdBatch,
	journalKeys,
	parseEventsBatch,
	planBatch,
	readEventsTriggerState,
	runsSharingKeys,
	settleHeld,
	settleJournal,
	type BatchResult,
	type EventsTriggerState,
	type FetchedOrder,
	type SettledJournal,
} from '../core/spi';
import { SITOO_BASE_URL, type SitooAccount } from '../core/transport/sitoo';
import { SITOO_CREDENTIAL } from '../clients/sitoo-client';
import { productDataOption } from '../shared/product-data';
import {
	answerBeforeTheRun,
	forgetRuns,
	journalStore,
	runOutcomeOf,
	STATIC_DATA_SAVE_GRACE_MS,
	waitForRuns,
} from './early-answer';
import { eventSeen, malformedBatchItem, orderItem, problemItem } from './items';
import { orderReader, OUT_OF_TIME } from './order-reader';
import {
	givenUpItem,
	handOnOwed,
	notYet,
	orderingKeys,
	owedOrder,
	resendsRunning,
} from './owed-orders';

const SPI_CREDENTIAL = 'sitooSpiAuthApi';

/**
 * How the workflow answered the batches this process handed on and held (core/spi/held.ts), by
 * batch id. Only the signal lives here; the held additions are in static data, and a batch whose
 * answer this process did not see counts as not confirmed: Sitoo's resend is handed on again.
 */
const batchAnswers = new Map<string, 'waiting' | 'confirmed' | 'unconfirmed'>();

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
						json: orderItem(
							result.order,
							eventSeen(result.event),
							raw ? read.get(result.orderKey)?.raw : undefined,
							result.emailReceipt,
						),
					});
				} else
					problems.push({
						json: problemItem(
							result,
							result.event && {
								seen: eventSeen(result.event),
								orderId: result.event.order?.orderId ?? null,
							},
						),
					});
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
				if (orders.length > 0) {
					saveState(staticData, outcome.state);
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
				// Nothing to send, so nothing owed: the settled journal is kept and the answer is the usual one.
				journals.save(journal.running);
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
