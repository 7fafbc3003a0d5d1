/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
import { basename } from 'node:path';
import packageJson from '../../package.json';
import { N8nInstance, nodeOutput } from './harness/n8n-instance';
import { admin, SITOO, startSimulators, type Simulators } from './harness/simulators';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const TRIGGER = 'When clicking ‘Execute workflow’';

function saleToKlaviyoWorkflow(
	id: string,
	order: { orderid: number; eshopid: number },
	sims: Simulators,
	email = '={{ $json.email }}',
) {
	const orderId = order.orderid;
	return {
		id,
		name: `Sale ${orderId} to Klaviyo`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			[TRIGGER]: { main: [[{ node: 'Read the sale', type: 'main', index: 0 }]] },
			'Read the sale': { main: [[{ node: 'Track in Klaviyo', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: 'n1',
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'n2',
				name: 'Read the sale',
				type: `${PACKAGE}.sitoo`,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'order',
					operation: 'get',
					orderId,
					siteId: order.eshopid,
					output: 'raw',
				},
				credentials: {
					sitooApi: { id: sims.credentials.sitoo.id, name: sims.credentials.sitoo.name },
				},
			},
			{
				id: 'n3',
				name: 'Track in Klaviyo',
				type: `${PACKAGE}.klaviyo`,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'event',
					operation: 'create',
					metricName: 'Placed Order',
					email,
					properties:
						'={{ JSON.stringify({ OrderId: String($json.orderid), "Source Name": "POS" }) }}',
					additionalFields: {
						uniqueId: `=sitoo:${SITOO.accountId}:{{ $json.orderid }}`,
						value: '={{ Number($json.moneytotal_gross_all) }}',
						valueCurrency: '={{ $json.currencycode }}',
						time: '={{ new Date($json.orderdate * 1000).toISOString() }}',
					},
				},
				credentials: {
					klaviyoApi: { id: sims.credentials.klaviyo.id, name: sims.credentials.klaviyo.name },
				},
			},
		],
	};
}

describe('the package in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;

	beforeAll(async () => {
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([sims.credentials.sitoo, sims.credentials.klaviyo]);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	it('loads both nodes and both credentials as n8n-nodes-sitoo-klaviyo.* without load errors', async () => {
		const nodeTypes = await n8n.rest<Array<{ name: string }>>('GET', '/types/nodes.json');
		const ours = nodeTypes.map((t) => t.name).filter((name) => name.startsWith(`${PACKAGE}.`));
		// Every node the package declares, named after its file (SitooTrigger.node.js → sitooTrigger).
		const declared = (packageJson.n8n.nodes as string[]).map((path) => {
			const file = basename(path, '.node.js');
			return `${PACKAGE}.${file[0].toLowerCase()}${file.slice(1)}`;
		});
		expect(declared.length).toBeGreaterThanOrEqual(2);
		expect(ours).toEqual(expect.arrayContaining(declared));
		// The *Tool variants are what n8n derives from `usableAsTool` for AI agents.
		expect(ours).toEqual(
			expect.arrayContaining([`${PACKAGE}.klaviyoTool`, `${PACKAGE}.sitooTool`]),
		);
		const credentialTypes = await n8n.rest<Array<{ name: string }>>(
			'GET',
			'/types/credentials.json',
		);
		expect(credentialTypes.map((t) => t.name)).toEqual(
			expect.arrayContaining(['sitooApi', 'klaviyoApi']),
		);
		expect(n8n.log).not.toMatch(/Failed to load package/);
	});

	it('passes both credential tests with good credentials', async () => {
		expect(await n8n.testCredential(sims.credentials.sitoo)).toMatchObject({ status: 'OK' });
		expect(await n8n.testCredential(sims.credentials.klaviyo)).toMatchObject({ status: 'OK' });
	});

	it('fails the credential tests on bad credentials with a message that says what to fix', async () => {
		const sitoo = await n8n.testCredential({
			...sims.credentials.sitoo,
			data: { ...sims.credentials.sitoo.data, password: 'wrong' },
		});
		expect(sitoo.status).toBe('Error');
		expect(sitoo.message).toContain('did not accept this API ID and password');
		const klaviyo = await n8n.testCredential({
			...sims.credentials.klaviyo,
			data: { ...sims.credentials.klaviyo.data, apiKey: 'AbC123' },
		});
		expect(klaviyo.status).toBe('Error');
		expect(klaviyo.message).toContain('private API key');
	});

	it('reads a sale from Sitoo and lands exactly one event in Klaviyo, however often it runs', async () => {
		const { order } = await admin<{
			order: {
				orderid: number;
				eshopid: number;
				email: string;
				moneytotal_gross_all: string;
				currencycode: string;
			};
		}>(sims.sitooServer, 'POST', '/__admin/orders', {
			kind: 'sale',
			customer: 'member',
		});
		await n8n.importWorkflow(saleToKlaviyoWorkflow('e2eSaleToKlav01', order, sims));
		const first = await n8n.runManually('e2eSaleToKlav01', TRIGGER);
		expect(first.status).toBe('success');
		expect(nodeOutput(first, 'Read the sale')[0]).toMatchObject({ orderid: order.orderid });
		expect((await n8n.runManually('e2eSaleToKlav01', TRIGGER)).status).toBe('success');

		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, which assertions read freely
		const events = await admin<Array<Record<string, any>>>(
			sims.klaviyoServer,
			'GET',
			'/__admin/events?metric=Placed%20Order',
		);
		const ours = events.filter((e) => e.properties.OrderId === String(order.orderid));
		expect(ours).toHaveLength(1);
		expect(ours[0]).toMatchObject({
			email: order.email.toLowerCase(),
			uniqueId: `sitoo:${SITOO.accountId}:${order.orderid}`,
			value: Number(order.moneytotal_gross_all),
			valueCurrency: order.currencycode,
			properties: { 'Source Name': 'POS' },
		});
	});

	it("shows Klaviyo's own message and the failing field when Klaviyo rejects a request", async () => {
		const { order } = await admin<{ order: { orderid: number; eshopid: number } }>(
			sims.sitooServer,
			'POST',
			'/__admin/orders',
			{ kind: 'sale', customer: 'member' },
		);
		await n8n.importWorkflow(
			saleToKlaviyoWorkflow('e2eBadEmail0001', order, sims, 'not-an-email@'),
		);
		const execution = await n8n.runManually('e2eBadEmail0001', TRIGGER);
		expect(execution.status).toBe('error');
		const error = execution.data?.resultData.error;
		expect(error?.message).toContain('/data/attributes/profile/data/attributes/email');
		expect(error?.message).not.toMatch(/Request failed with status code/);
	});
});
