import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { ParameterError } from '../../../core/sitoo';
import { getSingle, listRows, type SitooSession } from '../shared';

const show = { resource: ['product'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Product ID', value: 'productId' },
			{ name: 'SKU', value: 'sku', description: 'The SKU on the order line' },
		],
		default: 'productId',
		displayOptions: { show },
	},
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: { ...show, findBy: ['productId'] } },
	},
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...show, findBy: ['sku'] } },
	},
];

/** `GET /sites/{site}/products/{productid}.json`, or `products.json?sku=` (docs/reference/sitoo-api.md §7, §5). */
export async function execute(
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
): Promise<INodeExecutionData[]> {
	const findBy = this.getNodeParameter('findBy', itemIndex, 'productId') as string;
	const pairedItem = { item: itemIndex };
	if (findBy === 'sku') {
		const sku = String(this.getNodeParameter('sku', itemIndex, '')).trim();
		if (sku === '')
			throw new ParameterError('SKU', 'is empty; enter the SKU to look the product up by.');
		// The "true" string, not a boolean: Sitoo refused booleans here (docs/reference/sitoo-api.md §8, R1 commit 3d0373a).
		const rows = await listRows(session, `/sites/${siteId}/products.json`, Infinity, {
			query: { sku, includeinactive: 'true' },
			pageSize: 10,
		});
		if (rows.length === 0)
			throw new ParameterError('SKU', `no product on site ${siteId} has SKU "${sku}".`);
		return rows.map((json) => ({ json, pairedItem }));
	}
	const productId = this.getNodeParameter('productId', itemIndex);
	if (typeof productId !== 'number' || !Number.isSafeInteger(productId) || productId <= 0) {
		throw new ParameterError(
			'Product ID',
			`${String(productId)} is not a product ID; Sitoo product IDs are whole numbers above 0.`,
		);
	}
	return [
		{
			json: await getSingle(
				session,
				`/sites/${siteId}/products/${productId}.json`,
				'Product ID',
				productId,
				siteId,
			),
			pairedItem,
		},
	];
}
