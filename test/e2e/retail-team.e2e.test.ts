/**
 * A sync the retail team can run, in a real n8n with the sales and monitor templates as shipped:
 * a store filter and a staff rule set once in the settings table hold in the sync and in the
 * monitor (nothing excluded is re-sent), the monitor's per-store days are the store's own days, and
 * a ledger row marked "send again" after the customer was fixed in Sitoo resolves itself with
 * exactly one Placed Order at its till time.
 */
import type { AdminEvent } from '../simulators/klaviyo/admin';
import { SETTINGS_COLUMNS, SETTINGS_TABLE } from '../../nodes/core/settings/sync-settings';
import { N8nInstance, type Execution } from './harness/n8n-instance';
import {
	admin,
	listKlaviyoEvents,
	startSimulators,
	SITOO,
	STATUS_PAGE_LOGIN,
	type Simulators,
} from './harness/simulators';
import { sleep, waitFor } from './harness/wait';
import {
	bindCredentials,
	loadTemplates,
	pollNow,
	readLedger,
	setPublished,
	type LedgerRow,
	type WorkflowTemplate,
} from '../demo/templates';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, which assertions read freely
type Json = Record<string, any>;

const ID = { sales: 'storeSalesToKlaviyo', monitor: 'syncMonitor0007' };
const MONITOR = 'Check Sitoo against Klaviyo';
const GRACE_MINUTES = 0.2;
/** Stores 1 and 4 of the simulated chain are both Swedish stores on site 1 (Europe/Stockholm). */
const SYNCED_STORE = 1;
const OTHER_STORE = 4;
const STAFF_DOMAIN = 'nordkust-staff.se';

interface SimOrder {
	orderid: number;
	orderdate: number;
}

describe('a sync the retail team can run, in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let settingsTable: string;
	let settingsRow: number;

	const sitooAdmin = <T>(method: string, path: string, body?: unknown) =>
		admin<T>(sims.sitooServer, method, `/__admin${path}`, body);
	const createOrder = async (body: Record<string, unknown>) =>
		(await sitooAdmin<{ order: SimOrder }>('POST', '/orders', body)).order;
	const placedId = (orderId: number) => `sitoo:${SITOO.accountId}:${orderId}`;
	const placedOf = async (orderId: number): Promise<AdminEvent[]> =>
		(await listKlaviyoEvents(sims.klaviyoServer, 'Placed Order')).filter(
			(e) => e.uniqueId === placedId(orderId),
		);

	/** What a person does in Overview → Data tables: change cells of a row. */
	async function editRow(table: string, id: number, data: Json): Promise<void> {
		await n8n.api('PATCH', `/data-tables/${table}/rows/update`, {
			filter: { type: 'and', filters: [{ columnName: 'id', condition: 'eq', value: id }] },
			data,
		});
	}

	async function check(): Promise<{ details: Json; missingSales: Json[]; execution: Execution }> {
		const execution = await n8n.runManually(ID.monitor, 'Check now');
		expect(execution.data?.resultData.error?.message ?? null).toBeNull();
		const main = execution.data!.resultData.runData[MONITOR]![0]!.data!.main;
		return {
			details: JSON.parse(main[0]![0]!.json.details as string) as Json,
			missingSales: (main[1] ?? []).map((item) => item.json),
			execution,
		};
	}

	beforeAll(async () => {
		// No past orders: the monitor's last day holds only what this test rings up.
		sims = await startSimulators({ historyOrders: 0 });
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([
			sims.credentials.sitoo,
			sims.credentials.klaviyo,
			STATUS_PAGE_LOGIN,
		]);
		const templates = loadTemplates();
		const template = (id: string) => templates.find((t) => t.id === id)!;
		const credentials = {
			sitooApi: sims.credentials.sitoo,
			klaviyoApi: sims.credentials.klaviyo,
			httpBasicAuth: STATUS_PAGE_LOGIN,
		};
		const monitor: WorkflowTemplate = JSON.parse(JSON.stringify(template(ID.monitor)));
		for (const node of monitor.nodes as Json[])
			// Seconds instead of half an hour, so the test need not wait; everything else as shipped.
			if (node.name === MONITOR) node.parameters.graceMinutes = GRACE_MINUTES;
		for (const workflow of [template(ID.sales), monitor]) {
			const bound = bindCredentials(workflow, credentials);
			delete (bound.settings as Json | undefined)?.errorWorkflow;
			await n8n.importWorkflow(bound);
		}
		// The operations manager fills in the settings table (its columns as the templates make it).
		const table = await n8n.api<{ id: string }>('POST', '/data-tables', {
			name: SETTINGS_TABLE,
			columns: SETTINGS_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
		});
		settingsTable = table.id;
		const inserted = await n8n.api<Json>('POST', `/data-tables/${settingsTable}/rows`, {
			data: [{ stores: String(SYNCED_STORE), staffEmails: `*@${STAFF_DOMAIN}` }],
			returnType: 'all',
		});
		settingsRow = (inserted as Json[])[0]!.id as number;
		await setPublished(n8n, ID.sales, true);
		await waitFor(
			'the first poll',
			() => n8n.executions(ID.sales),
			(list) => list.length >= 1,
		);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	it('a store filter and a staff rule in the settings table hold in the sync and in the monitor', async () => {
		const synced = await createOrder({ kind: 'sale', storeId: SYNCED_STORE, customer: 'member' });
		const otherStore = await createOrder({
			kind: 'sale',
			storeId: OTHER_STORE,
			customer: 'member',
		});
		const staff = await createOrder({
			kind: 'sale',
			storeId: SYNCED_STORE,
			customer: { email: `Ola.Berg@${STAFF_DOMAIN}`, namefirst: 'Ola', namelast: 'Berg' },
		});
		await pollNow(n8n, ID.sales);
		await waitFor(
			'the synced store’s sale in Klaviyo',
			() => placedOf(synced.orderid),
			(list) => list.length === 1,
		);
		const runs = await n8n.settledExecutions(ID.sales);
		const sent = runs
			.flatMap((e) => e.data?.resultData.runData['Send to Klaviyo as Placed Order'] ?? [])
			.flatMap((run) => run.data?.main[0] ?? [])
			.map((item) => item.json);
		expect(sent.find((o) => o.orderId === otherStore.orderid)).toMatchObject({
			status: 'excluded',
			reason: expect.stringContaining("is not in the sync settings' stores (1)"),
		});
		expect(sent.find((o) => o.orderId === staff.orderid)).toMatchObject({
			status: 'excluded',
			reason: expect.stringContaining(`staff purchase: ola.berg@${STAFF_DOMAIN}`),
		});
		expect(await placedOf(otherStore.orderid)).toEqual([]);
		expect(await placedOf(staff.orderid)).toEqual([]);
		// Left out on purpose is not a problem: nothing on the ledger.
		const ledger = await readLedger(n8n);
		expect(
			ledger.filter((row) => [otherStore.orderid, staff.orderid].map(String).includes(row.orderId)),
		).toEqual([]);

		// Past the grace period the monitor would re-send anything missing: not what the settings leave out.
		await sleep(GRACE_MINUTES * 60_000 + 2000);
		const scoped = await check();
		expect(scoped.missingSales).toEqual([]);
		expect(scoped.details.orphans).toEqual([]);
		expect(scoped.details.attribution.map((a: Json) => a.store.key)).toEqual([
			String(SYNCED_STORE),
		]);
		expect(await placedOf(otherStore.orderid)).toEqual([]);
		expect(await placedOf(staff.orderid)).toEqual([]);

		// The same check without the filter re-sends both: it is the setting that held them back.
		await editRow(settingsTable, settingsRow, { stores: null, staffEmails: null });
		const unscoped = await check();
		expect(unscoped.missingSales.map((o) => o.ids.orderId).sort()).toEqual(
			[otherStore.orderid, staff.orderid].sort(),
		);
		expect(await placedOf(otherStore.orderid)).toHaveLength(1);
		await editRow(settingsTable, settingsRow, {
			stores: String(SYNCED_STORE),
			staffEmails: `*@${STAFF_DOMAIN}`,
		});
	});

	it('counts each store’s sales by the store’s own day (Europe/Stockholm), not by UTC', async () => {
		// 23:30 UTC is already the next day in Stockholm (00:30 in winter, 01:30 in summer).
		const now = Date.now();
		let tillTime = new Date(now).setUTCHours(23, 30, 0, 0);
		if (tillTime > now - 60_000) tillTime -= 86_400_000;
		const late = await createOrder({
			kind: 'offline',
			storeId: SYNCED_STORE,
			customer: 'member',
			offlineSeconds: Math.round((now - tillTime) / 1000),
		});
		const utcDay = new Date(late.orderdate * 1000).toISOString().slice(0, 10);
		const stockholmDay = new Date(late.orderdate * 1000).toLocaleDateString('sv-SE', {
			timeZone: 'Europe/Stockholm',
		});
		expect(stockholmDay).not.toBe(utcDay);
		const { details } = await check();
		const days = details.attribution
			.filter((a: Json) => a.store.key === String(SYNCED_STORE))
			.map((a: Json) => a.day);
		expect(days).toContain(stockholmDay);
		expect(days).not.toContain(utcDay);
	});

	it('a ledger row marked "send again" after the customer was fixed in Sitoo resolves itself, with exactly one Placed Order', async () => {
		const guest = await createOrder({ kind: 'sale', storeId: SYNCED_STORE, customer: 'guest' });
		const stillGuest = await createOrder({
			kind: 'sale',
			storeId: SYNCED_STORE,
			customer: 'guest',
		});
		await pollNow(n8n, ID.sales);
		const rows = await waitFor(
			'both guest sales on the ledger',
			() => readLedger(n8n),
			(list) =>
				[guest, stillGuest].every((o) => list.some((row) => row.orderId === String(o.orderid))),
		);
		const rowOf = (list: LedgerRow[], order: SimOrder) =>
			list.find((row) => row.orderId === String(order.orderid))!;
		expect(rowOf(rows, guest)).toMatchObject({
			kind: 'Unattributed sale',
			status: 'open',
			store: expect.stringMatching(/\S/),
			owner: '',
		});
		// Nothing of the sync may send it meanwhile: only the ledger's path is under test here.
		await setPublished(n8n, ID.sales, false);
		await sitooAdmin('POST', `/orders/${guest.orderid}/email-receipt`, {
			email: 'Found.Later@example.se',
		});
		const table = (
			await n8n.api<{ data: Array<{ id: string; name: string }> }>('GET', '/data-tables?limit=250')
		).data.find((t) => t.name === 'Sitoo exception ledger')!.id;
		for (const order of [guest, stillGuest])
			await editRow(table, rowOf(rows, order).id, {
				status: 'send again',
				owner: 'Anna (ops)',
				note: 'Asked the store for the e-mail',
			});
		expect(await placedOf(guest.orderid)).toEqual([]);

		await check();
		const after = await readLedger(n8n);
		expect(rowOf(after, guest)).toMatchObject({
			status: 'resolved',
			owner: 'Anna (ops)',
			note: expect.stringMatching(/^Asked the store for the e-mail; Sent again to Klaviyo on /),
		});
		expect(rowOf(after, stillGuest)).toMatchObject({
			status: 'open',
			owner: 'Anna (ops)',
			note: expect.stringContaining('no usable customer email'),
		});
		const placed = await placedOf(guest.orderid);
		expect(placed).toHaveLength(1);
		expect(placed[0]).toMatchObject({ email: 'found.later@example.se' });
		// At its till time, not when it was sent again.
		expect(Date.parse(placed[0]!.datetime as string)).toBe(guest.orderdate * 1000);

		// The sync sees the e-mailed receipt too: Klaviyo still holds one, and the row stays resolved.
		await setPublished(n8n, ID.sales, true);
		await n8n.settledExecutions(ID.sales);
		await check();
		expect(await placedOf(guest.orderid)).toHaveLength(1);
		expect(rowOf(await readLedger(n8n), guest)).toMatchObject({ status: 'resolved' });
	});
});
