/**
 * The baseline: the same past orders sent the way a workflow is often wired by hand. Our Sitoo node
 * reads them; n8n's own HTTP Request node posts one Create Event per order to `POST /api/events`
 * with a valid JSON:API body, no pacing, and the two settings a hand-builder turns on so the run
 * finishes: "Retry On Fail" with n8n's defaults (3 tries, 1 s apart) and "On Error: Continue".
 * Events that did not reach Klaviyo are lost; the run does not know which.
 */
import type { WorkflowTemplate } from '../../test/demo/templates';
import { KLAVIYO_KEY, SITOO } from '../../test/e2e/harness/simulators';
import { countKlaviyo, runFrom, type KlaviyoCount } from './backfill';
import type { History } from './history';
import {
	PACKAGE,
	klaviyoRequests,
	launchN8n,
	startKlaviyo,
	type Klaviyo,
	type Sitoo,
} from './stage';

const WORKFLOW_ID = 'benchNaiveSend01';
const TRIGGER = 'Start';

export interface NaiveResult {
	orders: number;
	startedMs: number;
	finishedMs: number;
	status: string;
	klaviyo: KlaviyoCount;
	requests: Record<string, { requests: number; throttled: number }>;
}

/** One Placed Order per order, as a hand-built body would carry it; the same unique_id as ours, so repeats dedupe. */
const EVENT_BODY = `={{ JSON.stringify({ data: { type: 'event', attributes: {
  metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
  profile: { data: { type: 'profile', attributes: { email: $json.customer.email } } },
  properties: { OrderId: String($json.ids.orderId), 'Source Name': 'POS', 'Store Name': $json.store.name, ItemNames: $json.lines.map(l => l.name), SKUs: $json.lines.map(l => l.sku) },
  time: $json.tillTime,
  value: $json.totals.gross,
  value_currency: $json.currency,
  unique_id: 'sitoo:${SITOO.accountId}:' + $json.ids.orderId
} } }) }}`;

/** n8n's HTTP Request node posting one Create Event per item, as a hand-builder sets it up. */
function postEventNode(
	klaviyo: Klaviyo,
	position: [number, number],
): WorkflowTemplate['nodes'][number] {
	return {
		id: 'nv3',
		name: 'POST event to Klaviyo',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		retryOnFail: true,
		onError: 'continueRegularOutput',
		parameters: {
			method: 'POST',
			url: `${klaviyo.server.url}/api/events`,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: `Klaviyo-API-Key ${KLAVIYO_KEY}` },
					{ name: 'revision', value: '2026-07-15' },
					{ name: 'accept', value: 'application/vnd.api+json' },
				],
			},
			sendBody: true,
			specifyBody: 'json',
			jsonBody: EVENT_BODY,
			options: {},
		},
	};
}

function naiveWorkflow(klaviyo: Klaviyo, history: History, orders: number): WorkflowTemplate {
	return {
		id: WORKFLOW_ID,
		name: 'Past orders to Klaviyo (hand-built, one request per event)',
		active: false,
		settings: { executionOrder: 'v1', saveManualExecutions: true },
		nodes: [
			{
				id: 'nv1',
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'nv2',
				name: 'Read past orders',
				type: `${PACKAGE}.sitoo`,
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'order',
					operation: 'getMany',
					returnAll: false,
					limit: orders,
					filters: {
						orderIdFrom: 1,
						orderStates: ['closed'],
						tillTimeFrom: `${history.firstDay}T00:00:00Z`,
						tillTimeBefore: `${history.lastDay}T23:59:59Z`,
					},
					options: {},
					output: 'normalized',
					siteId: 0,
				},
				credentials: { sitooApi: { name: 'Sitoo account' } },
			},
			postEventNode(klaviyo, [480, 0]),
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Read past orders', type: 'main', index: 0 }]] },
			'Read past orders': { main: [[{ node: 'POST event to Klaviyo', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * The same hand-built send, live: our Sitoo Trigger polls every minute for new sales (its defaults,
 * as a hand-builder leaves them: at most 1,200 orders a poll) and n8n's HTTP Request node posts one
 * Create Event per sale, unpaced, with the same retry and error settings.
 */
export function naiveLiveWorkflow(klaviyo: Klaviyo): WorkflowTemplate {
	return {
		id: NAIVE_LIVE_ID,
		name: 'Store sales to Klaviyo (hand-built, one request per event)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'nl1',
				name: 'New sales',
				type: `${PACKAGE}.sitooTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					events: ['sale'],
					startFrom: 'now',
					output: 'normalized',
					options: {},
				},
				credentials: { sitooApi: { name: 'Sitoo account' } },
			},
			postEventNode(klaviyo, [240, 0]),
		],
		connections: {
			'New sales': { main: [[{ node: 'POST event to Klaviyo', type: 'main', index: 0 }]] },
		},
	};
}

export const NAIVE_LIVE_ID = 'benchNaiveLive01';

export async function measureNaive(
	sitoo: Sitoo,
	history: History,
	orders: number,
): Promise<NaiveResult> {
	const klaviyo = await startKlaviyo();
	const n8n = await launchN8n(sitoo, klaviyo, [naiveWorkflow(klaviyo, history, orders)]);
	try {
		const startedMs = Date.now();
		const execution = await runFrom(n8n, WORKFLOW_ID, TRIGGER);
		const finishedMs = Date.now();
		return {
			orders,
			startedMs,
			finishedMs,
			status: execution.status,
			klaviyo: countKlaviyo(klaviyo),
			requests: klaviyoRequests(klaviyo),
		};
	} finally {
		await n8n.dispose();
		await klaviyo.close();
	}
}
