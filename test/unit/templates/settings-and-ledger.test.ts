/**
 * The one settings place and the ledger people work, as the shipped templates wire them: every
 * template that sends orders reads the settings table before anything is sent and hands it to each
 * Klaviyo order node and the Sync Monitor; the ledger has status, store, owner and note columns that
 * no template overwrites; the monitor sends again the rows marked "send again".
 */
import { SETTINGS_COLUMNS, SETTINGS_TABLE } from '../../../nodes/core/settings/sync-settings';
import { DATA_TABLE_SYSTEM_COLUMNS } from 'n8n-workflow';
import { template, type Template, type TemplateNode } from './template-file';
const LEDGER = 'Sitoo exception ledger';
const LEDGER_COLUMNS = [
	'kind',
	'status',
	'store',
	'orderId',
	'receiptId',
	'reason',
	'owner',
	'note',
	'workflow',
	'details',
	'execution',
];
const SENDING = [
	'1-store-sales-to-klaviyo.json',
	'2-store-sales-to-klaviyo-real-time.json',
	'3-refunds-and-returns-to-klaviyo.json',
	'5-backfill-history.json',
	'7-sync-monitor.json',
];
const ALL = [...SENDING, '6-error-handler-and-exception-ledger.json'];
/** Sign-ups at the till read the settings too: who counts as a customer, the default country. */
const READING_SETTINGS = [...SENDING, '4-consent-at-the-till.json'];

/** Every node a node's outputs lead to, however far. */
function downstream(t: Template, from: string): Set<string> {
	const seen = new Set<string>();
	const walk = (name: string) => {
		for (const output of t.connections[name]?.main ?? [])
			for (const next of output)
				if (!seen.has(next.node)) {
					seen.add(next.node);
					walk(next.node);
				}
	};
	walk(from);
	return seen;
}

/** Every node that applies a setting: order, consent and profile writes, and the monitor's check. */
const isOrderSender = (n: TemplateNode) =>
	(n.type.endsWith('.klaviyo') &&
		(['order', 'consent'].includes(n.parameters.resource as string) ||
			n.parameters.operation === 'createOrUpdate')) ||
	(n.type.endsWith('.syncMonitor') && n.parameters.operation !== 'statusPage');

describe.each(READING_SETTINGS)('%s: the sync settings', (file) => {
	const t = template(file);
	const node = (name: string) => t.nodes.find((n) => n.name === name);

	it('makes the settings table with exactly the settings’ columns, and reads it once per run', () => {
		const make = node('Make sure the settings exist');
		expect(make?.parameters).toMatchObject({
			operation: 'create',
			tableName: SETTINGS_TABLE,
			columns: { column: SETTINGS_COLUMNS.map((c) => ({ name: c.name, type: c.type })) },
		});
		// n8n on PostgreSQL has refused "create if not exists" at times: reading decides, not making.
		expect(make?.onError).toBe('continueRegularOutput');
		const read = node('Read the sync settings');
		expect(read?.parameters).toMatchObject({
			operation: 'get',
			dataTableId: { value: SETTINGS_TABLE },
			returnAll: true,
		});
		// n8n (executionOrder v1) runs a node's children topmost first, and the settings branch runs on
		// through "Wait for the settings" to the senders: the ledger must be made before it.
		const ledger = node('Make sure the ledger exists');
		// (The monitor makes the ledger after reading the settings, in one chain.)
		if (ledger && !file.startsWith('7-'))
			expect(ledger.position[1]).toBeLessThan(make!.position[1]);
		// An empty table still lets the run go on with the defaults; a failed read stops it.
		expect(read).toMatchObject({ executeOnce: true, alwaysOutputData: true });
		expect(read?.onError).toBeUndefined();
	});

	it('hands the settings to every Klaviyo order node and the monitor, which run only after the read', () => {
		const senders = t.nodes.filter(isOrderSender);
		expect(senders.length).toBeGreaterThan(0);
		const afterRead = downstream(t, 'Read the sync settings');
		for (const sender of senders) {
			expect([sender.name, sender.parameters.options]).toEqual([
				sender.name,
				expect.objectContaining({
					syncSettings: expect.stringContaining("$('Read the sync settings').all()"),
				}),
			]);
			expect([sender.name, afterRead.has(sender.name)]).toEqual([sender.name, true]);
		}
	});
});

describe.each(ALL)('%s: the exception ledger', (file) => {
	const t = template(file);
	const ledgerNodes = t.nodes.filter(
		(n) =>
			n.type === 'n8n-nodes-base.dataTable' &&
			((n.parameters.dataTableId as { value?: string } | undefined)?.value === LEDGER ||
				n.parameters.tableName === LEDGER),
	);

	it('makes the ledger with store, status, owner and note columns', () => {
		const make = ledgerNodes.find((n) => n.parameters.operation === 'create');
		expect(
			(make?.parameters.columns as { column: Array<{ name: string }> }).column.map((c) => c.name),
		).toEqual(LEDGER_COLUMNS);
	});

	it('adds rows as open (routine cancellations as ignored) and never overwrites a person’s status, owner or note', () => {
		expect(ledgerNodes.map((n) => n.parameters.operation)).not.toContain('upsert');
		const inserts = ledgerNodes.filter((n) => n.parameters.operation === 'insert');
		// The monitor only works rows others added.
		if (!file.startsWith('7-')) expect(inserts.length).toBeGreaterThan(0);
		for (const insert of inserts) {
			const row = (insert.parameters.columns as { value: Record<string, string> }).value;
			expect(Object.keys(row).sort()).toEqual([...LEDGER_COLUMNS].sort());
			expect(row.status === 'open' || row.status.includes("'ignored' : 'open'")).toBe(true);
			expect(row.owner).toBe('');
		}
		for (const update of ledgerNodes.filter((n) => n.parameters.operation === 'update')) {
			const row = (update.parameters.columns as { value: Record<string, string> }).value;
			expect(Object.keys(row).sort()).toEqual(['note', 'status']);
		}
	});
});

describe('the monitor sends again what people marked "send again"', () => {
	const t = template('7-sync-monitor.json');
	const next = (name: string, output = 0) =>
		(t.connections[name]?.main[output] ?? []).map((c) => c.node).sort();

	it('reads the marked rows, reads each order again, sends it, and resolves the row or leaves it open with why', () => {
		const rows = t.nodes.find((n) => n.name === 'Rows marked send again');
		expect(rows?.parameters).toMatchObject({
			operation: 'get',
			filters: { conditions: [{ keyName: 'status', keyValue: 'send again' }] },
		});
		expect(next('Rows marked send again')).toEqual(['Read the order again']);
		expect(next('Read the order again')).toEqual(['Refund to send again?', 'Sale to send again?']);
		expect(next('Read the order again', 1)).toEqual(['Leave it open, with the reason']);
		for (const send of ['Send again as Placed Order', 'Send again as Refunded Order']) {
			expect(next(send)).toEqual(['In Klaviyo now?']);
			expect(next(send, 1)).toEqual(['Leave it open, with the reason']);
		}
		expect(next('In Klaviyo now?')).toEqual(['Mark it resolved']);
		expect(next('In Klaviyo now?', 1)).toEqual(['Leave it open, with the reason']);
		const resolved = t.nodes.find((n) => n.name === 'Mark it resolved');
		expect((resolved?.parameters.columns as { value: Record<string, string> }).value.status).toBe(
			'resolved',
		);
	});
});

describe('every data table a template makes', () => {
	const files = [
		'1-store-sales-to-klaviyo.json',
		'2-store-sales-to-klaviyo-real-time.json',
		'3-refunds-and-returns-to-klaviyo.json',
		'4-consent-at-the-till.json',
		'5-backfill-history.json',
		'6-error-handler-and-exception-ledger.json',
		'7-sync-monitor.json',
	];
	const dataTableNodes = files.flatMap((file) =>
		template(file)
			.nodes.filter((n) => n.type === 'n8n-nodes-base.dataTable')
			.map((n) => ({ file, node: n })),
	);
	const madeColumns = new Map<string, string[]>();
	for (const { node } of dataTableNodes)
		if (node.parameters.operation === 'create')
			madeColumns.set(
				node.parameters.tableName as string,
				(node.parameters.columns as { column: Array<{ name: string }> }).column.map((c) => c.name),
			);

	it("has none of n8n's own column names, which n8n refuses (the table would never be made)", () => {
		expect(madeColumns.size).toBeGreaterThanOrEqual(3);
		for (const [table, columns] of madeColumns)
			for (const column of columns)
				expect({ table, column, system: DATA_TABLE_SYSTEM_COLUMNS.includes(column) }).toEqual({
					table,
					column,
					system: false,
				});
	});

	it('is written and searched only in columns it has', () => {
		for (const { file, node } of dataTableNodes) {
			const table = (node.parameters.dataTableId as { value?: string } | undefined)?.value;
			if (!table || !madeColumns.has(table)) continue;
			const columns = madeColumns.get(table)!;
			const written = Object.keys(
				(node.parameters.columns as { value?: Record<string, unknown> } | undefined)?.value ?? {},
			);
			const searched = (
				(node.parameters.filters as { conditions?: Array<{ keyName: string }> } | undefined)
					?.conditions ?? []
			).map((c) => c.keyName);
			for (const column of [...written, ...searched].filter(
				(c) => !DATA_TABLE_SYSTEM_COLUMNS.includes(c),
			))
				expect({ file, node: node.name, column, known: columns.includes(column) }).toEqual({
					file,
					node: node.name,
					column,
					known: true,
				});
		}
	});
});
