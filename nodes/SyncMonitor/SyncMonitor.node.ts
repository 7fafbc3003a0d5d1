import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	buildReport,
	expectationsOf,
	historyRow,
	monitorSettings,
	MonitorSettingsError,
	posConsentRecords,
	previousState,
	readHistory,
	renderStatusPage,
	type MonitorSettings,
} from '../core/monitor';
import {
	identityOptionFields,
	identityOptionsFrom,
	shopperIdentityFrom,
	shopperIdentityOptionFields,
	syncSettingsOf,
	syncSettingsOption,
} from '../Klaviyo/actions/shared';
import { overOptions, scopeOf } from '../core/settings/sync-settings';
import { toNodeError } from '../clients/node-error';
import { klaviyoClient } from '../clients/klaviyo-client';
import { sitooClient } from '../clients/sitoo-client';
import { addsProductData, productDataOption } from '../shared/product-data';
import { orderIdsInKlaviyo, profilesBy, windowOrders, withProductData } from './reads';

const check = { operation: ['check'] };
const page = { operation: ['statusPage'] };

export class SyncMonitor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sitoo Klaviyo Sync Monitor',
		name: 'syncMonitor',
		icon: { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' },
		group: ['transform'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] === "statusPage" ? "Build status page" : "Check sync"}}',
		description:
			'Finds store sales and refunds missing in Klaviyo, late syncs, profile differences and stores that skip customer emails',
		defaults: { name: 'Sync Monitor' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: ['Report', 'Missing Sales', 'Missing Refunds', 'Alerts'],
		credentials: [
			{ name: 'sitooApi', required: true, displayOptions: { show: check } },
			{ name: 'klaviyoApi', required: true, displayOptions: { show: check } },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Check Sync',
						value: 'check',
						action: 'Check sync',
						description:
							'Compare Sitoo with Klaviyo for the recent window. Input: the history rows of earlier checks.',
					},
					{
						name: 'Build Status Page',
						value: 'statusPage',
						action: 'Build status page',
						description:
							'Turn the history rows into a web page (field "html") for a Respond to Webhook node',
					},
				],
				default: 'check',
			},
			{
				displayName:
					'The input items are the rows of the history Data Table (earlier checks); an empty table is fine. Items with email, channel, consent and at are read as consent choices made at the till.',
				name: 'checkNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: check },
			},
			{
				displayName: 'Window (Hours)',
				name: 'windowHours',
				type: 'number',
				default: 24,
				typeOptions: { minValue: 0.1, numberPrecision: 2 },
				description: 'How far back to look, by the time the sale was rung up at the till',
				displayOptions: { show: check },
			},
			{
				displayName: 'Grace Period (Minutes)',
				name: 'graceMinutes',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 0 },
				description:
					'A sale missing in Klaviyo for less than this is "on its way", not missing. After it, the sale is re-sent and reported.',
				displayOptions: { show: check },
			},
			{
				displayName: 'Lag Alert Above (Minutes)',
				name: 'lagThresholdMinutes',
				type: 'number',
				default: 15,
				typeOptions: { minValue: 0 },
				description: "Alert when 95 % of a store's sales take longer than this to reach Klaviyo",
				displayOptions: { show: check },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: check },
				options: (
					[
						...identityOptionFields,
						...shopperIdentityOptionFields,
						syncSettingsOption,
						productDataOption(
							'Only for the sales and refunds handed on for re-sending: one Sitoo request per product of those orders, plus the category and brand lists. Nodes made before version 1.1 have it off unless it is added here',
						),
						{
							displayName: 'Minimum Sales per Store and Day',
							name: 'attributionMinSales',
							type: 'number',
							default: 5,
							typeOptions: { minValue: 1 },
							description: 'Stores with fewer sales in a day are not compared (too few to judge)',
						},
						{
							displayName: 'Placed Order Metric',
							name: 'placedOrderMetric',
							type: 'string',
							placeholder: 'e.g. Placed Order',
							default: 'Placed Order',
							description: 'The metric name the sync workflows use for sales',
						},
						{
							displayName: 'Profile Mismatches to Alert',
							name: 'mismatchAlertThreshold',
							type: 'number',
							default: 10,
							typeOptions: { minValue: 0 },
							description:
								'Alert when at least this many customers differ between Sitoo and Klaviyo (0 = only list them on the page)',
						},
						{
							displayName: 'Refunded Order Metric',
							name: 'refundedOrderMetric',
							type: 'string',
							placeholder: 'e.g. Refunded Order',
							default: 'Refunded Order',
							description: 'The metric name the sync workflows use for refunds',
						},
						{
							displayName: 'Site ID',
							name: 'siteId',
							type: 'number',
							default: 0,
							description:
								'Only orders of this Sitoo site (eshopid). 0 checks every site of the account.',
						},
						{
							displayName: 'Unattributed Gap (Points)',
							name: 'attributionGapPoints',
							type: 'number',
							default: 30,
							typeOptions: { minValue: 1, maxValue: 100 },
							description:
								"Flag a store when its share of sales without a customer email or phone is this many percentage points above the other stores' median that day",
						},
					] as INodeProperties[]
				).sort((a, b) => a.displayName.localeCompare(b.displayName)),
			},
			{
				displayName: 'Page Title',
				name: 'title',
				type: 'string',
				placeholder: 'e.g. Sitoo → Klaviyo sync monitor',
				default: 'Sitoo → Klaviyo sync monitor',
				displayOptions: { show: page },
			},
			{
				displayName: 'Checks in the Lag Chart',
				name: 'chartRuns',
				type: 'number',
				default: 96,
				typeOptions: { minValue: 2 },
				description:
					'How many of the latest checks the lag chart shows (96 checks at 15-minute intervals = one day)',
				displayOptions: { show: page },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const rows = items.map((item) => item.json);
		const operation = this.getNodeParameter('operation', 0) as string;
		const now = Date.now();
		const pairedItem = { item: 0 };
		if (operation === 'statusPage') {
			const html = renderStatusPage(readHistory(rows), {
				now,
				title: this.getNodeParameter('title', 0, '') as string,
				chartRuns: this.getNodeParameter('chartRuns', 0, 96) as number,
			});
			return [[{ json: { html }, pairedItem }], [], [], []];
		}

		let settings: MonitorSettings;
		const own = this.getNodeParameter('options', 0, {}) as IDataObject;
		const syncSettings = syncSettingsOf.call(this, own, 0);
		const options = overOptions(own, syncSettings);
		try {
			settings = monitorSettings({
				...identityOptionsFrom(options),
				// Version 1.1 expects phone-only shoppers in Klaviyo, as Klaviyo node 1.2 sends them.
				...shopperIdentityFrom(options, this.getNode().typeVersion >= 1.1),
				windowHours: this.getNodeParameter('windowHours', 0) as number,
				graceMinutes: this.getNodeParameter('graceMinutes', 0) as number,
				lagThresholdMinutes: this.getNodeParameter('lagThresholdMinutes', 0) as number,
				attributionGapPoints: options.attributionGapPoints as number | undefined,
				attributionMinSales: options.attributionMinSales as number | undefined,
				mismatchAlertThreshold: options.mismatchAlertThreshold as number | undefined,
				placedOrderMetric: options.placedOrderMetric as string | undefined,
				refundedOrderMetric: options.refundedOrderMetric as string | undefined,
				scope: scopeOf(syncSettings),
			});
		} catch (error) {
			if (error instanceof MonitorSettingsError)
				throw new NodeOperationError(this.getNode(), error.message, {
					description: 'Fix this setting of the Sync Monitor node.',
				});
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		const consent = posConsentRecords(rows);
		const siteId =
			typeof options.siteId === 'number' && options.siteId > 0 ? options.siteId : undefined;
		const fromMs = now - settings.windowHours * 3600_000;
		const previous = previousState(readHistory(rows), now);

		let outcome: ReturnType<typeof buildReport>;
		try {
			const sitoo = await sitooClient(this);
			const window = await windowOrders(sitoo, fromMs, now, siteId);
			const expectations = expectationsOf(window.orders, settings, now);
			const klaviyo = await klaviyoClient(this);
			// Events carry the till time as their datetime; a minute of slack for tills a little ahead.
			const present = new Map<string, Set<string>>();
			for (const metric of [settings.placedOrderMetric, settings.refundedOrderMetric])
				present.set(metric, await orderIdsInKlaviyo(klaviyo, metric, fromMs, now + 60_000));
			const byEmail = await profilesBy(
				klaviyo,
				'email',
				expectations.customers.map((c) => c.email),
			);
			const byPhone = await profilesBy(
				klaviyo,
				'phone_number',
				expectations.customers.map((c) => c.phone ?? ''),
			);
			outcome = buildReport({
				now,
				settings,
				windowFrom: fromMs,
				orders: window.read,
				maxOrderId: window.maxOrderId,
				expectations,
				present,
				previous,
				byEmail,
				byPhone,
				posConsent: consent.records,
				unreadable: [
					...window.unreadable,
					...consent.problems.map((p) => ({
						orderId: null,
						reason: `input item ${p.index}: ${p.reason}`,
					})),
				],
			});
			if (addsProductData(options, this.getNode().typeVersion >= 1.1))
				outcome = { ...outcome, toResend: await withProductData(sitoo, outcome.toResend, siteId) };
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
		const { report, toResend } = outcome;
		const missing = (metric: string): INodeExecutionData[] =>
			toResend
				.filter((event) => event.metric === metric)
				.map((event) => {
					const orphan = report.orphans.find(
						(o) => o.orderId === event.order.ids.orderId && o.metric === metric,
					);
					return {
						json: {
							...(event.order as unknown as IDataObject),
							missingInKlaviyo: {
								metric,
								since: orphan?.missingSince ?? null,
								resentBefore: orphan?.resentBefore ?? false,
							},
						},
						pairedItem,
					};
				});
		return [
			[{ json: historyRow(report, settings), pairedItem }],
			missing(settings.placedOrderMetric),
			missing(settings.refundedOrderMetric),
			report.alerts.map((alert) => ({ json: { ...alert, runAt: report.runAt }, pairedItem })),
		];
	}
}
