/**
 * What the Sitoo operations share: the per-execution session (client and order normalizer), the
 * "Return All" / "Limit" pair, list reading, and turning orders into items.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { sitooPages, type SitooPagingOptions } from '../../core/transport/sitoo';
import { ProductCache, SitooOrderNormalizer, sitooSingle, type StoreCache } from '../../core/sitoo';
import type { SitooClient } from '../../clients/sitoo-client';
import { addsProductData, productDataOption } from '../../shared/product-data';

/**
 * One per execution: look-ups made for one item (stores, refunds of a sale, products) serve the
 * next, also when items differ in "Add Categories and Brand to Lines".
 */
export class SitooSession {
	private readonly normalizers = new Map<string, SitooOrderNormalizer>();
	private readonly stores: StoreCache = new Map();
	private readonly products = new ProductCache();

	constructor(readonly client: SitooClient) {}

	normalizer(siteId: number, enrichLines: boolean): SitooOrderNormalizer {
		const key = `${siteId}:${enrichLines}`;
		let normalizer = this.normalizers.get(key);
		if (!normalizer) {
			normalizer = new SitooOrderNormalizer({
				send: this.client.send,
				account: this.client.account,
				siteId,
				now: () => Date.now(),
				enrichLines,
				storeCache: this.stores,
				productCache: this.products,
			});
			this.normalizers.set(key, normalizer);
		}
		return normalizer;
	}
}

export type SitooOperation = (
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
) => Promise<INodeExecutionData[]>;

/** Sitoo pages lists at up to this many rows per request (docs/reference/sitoo-api.md §5: `num` defaults to 10). */
export const DEFAULT_PAGE_SIZE = 100;

export { returnAllOrLimit, wanted } from '../../shared/return-all-or-limit';

/** Offset-paged list rows (stores, warehouses, customers), up to `max`. */
export async function listRows(
	session: SitooSession,
	path: string,
	max: number,
	options: SitooPagingOptions & { keep?: (row: IDataObject) => boolean } = {},
): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	const pageSize = options.pageSize ?? Math.min(max, DEFAULT_PAGE_SIZE);
	for await (const page of sitooPages<IDataObject>(
		session.client.send,
		session.client.account,
		path,
		{ ...options, pageSize },
	)) {
		for (const row of page.items) {
			if (options.keep && !options.keep(row)) continue;
			rows.push(row);
			if (rows.length >= max) return rows;
		}
	}
	return rows;
}

/** A single-resource GET; a 404 becomes an error naming the parameter the user filled in. */
export async function getSingle(
	session: SitooSession,
	path: string,
	parameter: string,
	value: string | number,
	siteId: number,
): Promise<IDataObject> {
	return (await sitooSingle(session.client.send, session.client.account, {
		path,
		parameter,
		value,
		siteId,
	})) as IDataObject;
}

/** Whole numbers above 0, as Sitoo's order, product and site ids are. */
const WHOLE_ID_REGEX = '[1-9][0-9]*';

/**
 * A Sitoo id as a resource locator: picked from a list the node reads from Sitoo, or typed.
 * Workflows saved before held a plain number here; `getNodeParameter(…, { extractValue: true })`
 * gives both as they are, and the core's checks read numbers and digit strings alike.
 */
export function sitooIdLocator(field: {
	displayName: string;
	name: string;
	description: string;
	/** `methods.listSearch` function that lists the resource. */
	searchListMethod: string;
	listPlaceholder: string;
	idPlaceholder: string;
	/** Shown when a typed value does not match `idRegex`. */
	idError: string;
	idRegex?: string;
	required?: boolean;
	show?: Record<string, string[]>;
}): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: field.required ?? true,
		description: field.description,
		...(field.show ? { displayOptions: { show: field.show } } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: field.listPlaceholder,
				typeOptions: { searchListMethod: field.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: field.idPlaceholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: field.idRegex ?? WHOLE_ID_REGEX, errorMessage: field.idError },
					},
				],
			},
		],
	};
}

export type OrderOutput = 'normalized' | 'raw';

/** "Add Categories and Brand to Lines" in the order operations' Options. */
export const orderProductDataOption = productDataOption(
	'Normalized output only. Costs one Sitoo request per product, plus the category and brand lists, each execution. Nodes made before version 1.1 have it off unless it is added here',
);

/** The Options of the order operations that have no other option. */
export function orderOptionsDescription(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [orderProductDataOption],
	};
}

/** "Output" for the order operations. */
export function orderOutputDescription(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Normalized',
				value: 'normalized',
				description:
					'One documented shape for sales, refunds and exchanges: kind, IDs, till time, store, customer, totals as numbers, lines, payments. An order that cannot be read this way stops the node with the reason, or with "On Error: Continue" comes out as an error item while the other orders go on.',
			},
			{ name: 'Raw', value: 'raw', description: 'The order as Sitoo sends it' },
		],
		default: 'normalized',
		displayOptions: { show },
	};
}

/**
 * Sitoo orders → items. Normalized orders carry `warnings` when the mapper noticed something. An
 * order that cannot be normalized is an error of this item: it stops the node, or with
 * "Continue On Fail" becomes an error item (`error`, `details`) that n8n routes to the error
 * output when there is one, while the other orders go on (docs/design.md invariant 7).
 */
export async function ordersToItems(
	this: IExecuteFunctions,
	session: SitooSession,
	orders: readonly IDataObject[],
	output: OrderOutput,
	itemIndex: number,
	siteId: number,
	refundIdsOfOriginal?: readonly number[],
): Promise<INodeExecutionData[]> {
	const pairedItem = { item: itemIndex };
	if (output === 'raw') return orders.map((order) => ({ json: order, pairedItem }));
	const normalizer = session.normalizer(
		siteId,
		// Version 1.1 made product data the default; older nodes keep their output unless they add it.
		addsProductData(
			this.getNodeParameter('options', itemIndex, {}),
			this.getNode().typeVersion >= 1.1,
		),
	);
	const items: INodeExecutionData[] = [];
	for (const order of orders) {
		const result = await normalizer.normalize(order, refundIdsOfOriginal);
		if (result.ok) {
			const json =
				result.warnings.length > 0 ? { ...result.order, warnings: result.warnings } : result.order;
			items.push({ json: json as unknown as IDataObject, pairedItem });
			continue;
		}
		const orderId = typeof order.orderid === 'number' ? order.orderid : undefined;
		const message = `Sitoo order ${orderId ?? '(without orderid)'} cannot be normalized: ${result.reason}`;
		if (!this.continueOnFail()) {
			throw new NodeOperationError(this.getNode(), message, {
				itemIndex,
				description: `Field: ${result.field}. Set Output to "Raw" to read the order as Sitoo sends it, or set Settings → On Error to continue to get the other orders with this one as an error item.`,
			});
		}
		items.push({
			json: { error: message, details: { orderId, field: result.field, reason: result.reason } },
			pairedItem,
		});
	}
	return items;
}
