import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { ParameterError, requiredProductId } from '../../../core/sitoo';
import { getSingle, listRows, sitooIdLocator, type SitooSession } from '../shared';

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
	sitooIdLocator({
		displayName: 'Product ID',
		name: 'productId',
		description:
			'The product to read. Search the list by SKU or product ID (Sitoo matches the whole value); inactive products are listed too.',
		searchListMethod: 'searchProducts',
		listPlaceholder: 'Select a product...',
		idPlaceholder: 'e.g. 1001',
		idError: 'A product ID is a whole number above 0, e.g. 1001',
		show: { ...show, findBy: ['productId'] },
	}),
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. TSHIRT-BLK-M',
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
	const productId = requiredProductId(
		this.getNodeParameter('productId', itemIndex, '', { extractValue: true }),
	);
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
