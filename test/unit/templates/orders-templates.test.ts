/**
 * What the shipped templates that send orders must hold, read from workflows/: product data switched
 * on where orders are read, and the backfill sending refunds after the sales of the same batch. n8n
 * runs the branches of one output top to bottom by canvas position (executionOrder "v1"), and a
 * sub-workflow answers with its last node's output, so positions are part of the logic here.
 */
import { template } from './template-file';

const BACKFILL = '5-backfill-history.json';

describe('templates that send orders: product data on', () => {
	it.each([
		['1-store-sales-to-klaviyo.json', 'New sales and refunds'],
		['2-store-sales-to-klaviyo-real-time.json', 'Sitoo reports an order'],
		['3-refunds-and-returns-to-klaviyo.json', 'New refunds and returns'],
		[BACKFILL, 'Read past orders from Sitoo'],
		['7-sync-monitor.json', 'Check Sitoo against Klaviyo'],
	])('%s: "%s" adds categories and brand, visibly in its options', (file, name) => {
		const node = template(file).nodes.find((n) => n.name === name);
		expect(node?.parameters.options).toMatchObject({ enrichLines: true });
	});
});

describe('the backfill template: sales, then refunds, of each batch', () => {
	const backfill = template(BACKFILL);
	const node = (name: string) => {
		const found = backfill.nodes.find((n) => n.name === name);
		if (!found) throw new Error(`no node "${name}" in ${BACKFILL}`);
		return found;
	};
	const next = (name: string, output = 0) =>
		(backfill.connections[name]?.main[output] ?? []).map((c) => c.node);
	const y = (name: string) => node(name).position[1];

	it('gives the orders read to a sales node above a refunds node, the saved resume point lowest', () => {
		expect(backfill.settings.executionOrder).toBe('v1');
		expect(next('Read past orders from Sitoo')).toEqual([
			'Send to Klaviyo as Placed Order',
			'Send to Klaviyo as Refunded Order',
			'Remember where to resume',
		]);
		// Depth first, top to bottom: the sales, then the refunds, then the resume point, saved only
		// once both are in Klaviyo (a failed send stops the batch before it).
		expect(y('Send to Klaviyo as Placed Order')).toBeLessThan(
			y('Send to Klaviyo as Refunded Order'),
		);
		expect(y('Send to Klaviyo as Refunded Order')).toBeLessThan(y('Remember where to resume'));
		expect(next('Remember where to resume')).toEqual(['Where to resume']);
	});

	it('saves no data of the batches that went well (thousands of orders each), but keeps failed ones and the run started by hand', () => {
		expect(backfill.settings).toMatchObject({
			saveDataSuccessExecution: 'none',
			saveManualExecutions: true,
		});
		expect(backfill.settings).not.toHaveProperty('saveDataErrorExecution');
	});

	it('leaves the choice of orders to the Klaviyo nodes (node 1.3: completed sales, completed refunds), with no filter node to evaluate per order', () => {
		expect(backfill.nodes.filter((n) => n.type === 'n8n-nodes-base.filter')).toEqual([]);
		for (const name of ['Send to Klaviyo as Placed Order', 'Send to Klaviyo as Refunded Order'])
			expect(node(name).typeVersion).toBeGreaterThanOrEqual(1.3);
		expect(node('Send to Klaviyo as Placed Order').parameters.options).not.toHaveProperty(
			'onlyCompleted',
		);
	});

	it('sends both as history in bulk jobs, with the live operations and their ids', () => {
		expect(node('Send to Klaviyo as Placed Order').parameters).toMatchObject({
			operation: 'trackPlaced',
			orderInput: 'normalized',
			options: { sendUsing: 'bulkJobs', staleAfterHours: 0 },
		});
		expect(node('Send to Klaviyo as Refunded Order').parameters).toMatchObject({
			operation: 'trackRefunded',
			orderInput: 'normalized',
			options: { sendUsing: 'bulkJobs', staleAfterHours: 0 },
		});
	});

	it('writes unattributed sales and refunds to the ledger, each with its kind, order and reason', () => {
		expect(next('Send to Klaviyo as Placed Order', 1)).toEqual(['Skip sales already listed']);
		expect(next('Skip sales already listed')).toEqual(['Record unattributed sale']);
		expect(next('Send to Klaviyo as Refunded Order', 1)).toEqual(['Skip refunds already listed']);
		expect(next('Skip refunds already listed')).toEqual(['Record unattributed refund']);
		for (const [name, kind, filter] of [
			['Record unattributed sale', 'Unattributed sale (backfill)', 'Read past orders from Sitoo'],
			[
				'Record unattributed refund',
				'Unattributed refund (backfill)',
				'Read past orders from Sitoo',
			],
		]) {
			const row = (node(name).parameters.columns as { value: Record<string, string> }).value;
			expect(row).toMatchObject({ kind, reason: '={{ $json.reason }}' });
			expect(row.orderId).toContain(`$('${filter}').item.json.ids.orderId`);
		}
	});

	const LAST_ORDER_ID =
		"$('Read past orders from Sitoo').last().json.ids?.orderId ?? $('Read past orders from Sitoo').last().json.details?.orderId ?? 0";
	/** Every item the read gave, unless it is the empty one Always Output Data gives for none. */
	const ORDERS_READ =
		"(Object.keys($('Read past orders from Sitoo').last().json).length > 0 ? $('Read past orders from Sitoo').all().length : 0)";

	it('resumes after the highest order id read, whatever its kind, and counts sales and refunds', () => {
		const assignments = (
			node('Where to resume').parameters.assignments as {
				assignments: Array<{ name: string; value: string }>;
			}
		).assignments;
		const value = (name: string) => assignments.find((a) => a.name === name)?.value;
		// The Sitoo node reads in order id order, so the last item has the highest (an error item under
		// On Error: Continue carries its order id in details); no walk over every order of the batch.
		expect(value('resumeAfterOrderId')).toContain(LAST_ORDER_ID);
		expect(value('ordersRead')).toContain(ORDERS_READ);
		expect(value('moreToCopy')).toContain(ORDERS_READ);
		expect(value('salesSent')).toContain(
			"$('Send to Klaviyo as Placed Order').all().filter(i => i.json.status === 'accepted').length",
		);
		expect(value('refundsSent')).toContain(
			"$('Send to Klaviyo as Refunded Order').all().filter(i => i.json.status === 'accepted').length",
		);
	});

	it('keeps where each range got to in a data table, and a run goes on from there', () => {
		expect(next('Choose what to copy')).toEqual(['Make sure the progress table exists']);
		expect(next('Make sure the progress table exists')).toEqual(['Where the last run stopped']);
		expect(next('Where the last run stopped')).toEqual(['Start where it stopped']);
		expect(next('Start where it stopped')).toEqual(['Copy one batch']);
		expect(node('Make sure the progress table exists').parameters).toMatchObject({
			operation: 'create',
			tableName: 'Sitoo backfill progress',
			options: { createIfNotExists: true },
		});
		const read = node('Where the last run stopped');
		expect(read).toMatchObject({ alwaysOutputData: true, executeOnce: true });
		const save = node('Remember where to resume');
		expect(save.parameters).toMatchObject({
			operation: 'upsert',
			dataTableId: { mode: 'name', value: 'Sitoo backfill progress' },
		});
		const rangeOf = (n: typeof save) =>
			JSON.stringify((n.parameters.filters as { conditions: unknown[] }).conditions);
		// Both key the row on the range of days, read where each side has them.
		expect(rangeOf(read)).toContain(
			"$('Choose what to copy').first().json.firstDay + '..' + $('Choose what to copy').first().json.lastDay",
		);
		expect(rangeOf(save)).toContain(
			"$('When called for one batch').first().json.firstDay + '..' + $('When called for one batch').first().json.lastDay",
		);
		const saved = (save.parameters.columns as { value: Record<string, string> }).value;
		expect(saved.resumeAfterOrderId).toContain(LAST_ORDER_ID);
		const start = (
			node('Start where it stopped').parameters.assignments as {
				assignments: Array<{ name: string; value: string }>;
			}
		).assignments.find((a) => a.name === 'startAfterOrderId')?.value;
		expect(start).toBe(
			"={{ Math.max($('Choose what to copy').first().json.startAfterOrderId, Number($json.resumeAfterOrderId ?? 0)) }}",
		);
	});

	it('names in its notes the nodes it has, and says it copies refunds too', () => {
		const notes = backfill.nodes
			.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
			.map((n) => String(n.parameters.content))
			.join('\n');
		for (const name of [
			'Backfill finished',
			'Send to Klaviyo as Placed Order',
			'Send to Klaviyo as Refunded Order',
			'Where to resume',
		]) {
			expect(notes).toContain(`**${name}**`);
			node(name);
		}
		expect(notes).toContain('**Refunded Order**');
		expect(notes).not.toMatch(/Keep paid sales|keeps the paid sales/);
	});
});
