import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { listRows, returnAllOrLimit, wanted, type SitooSession } from '../shared';

const show = { resource: ['warehouse'], operation: ['getMany'] };

export const description: INodeProperties[] = [...returnAllOrLimit(show)];

/** `GET /sites/{site}/warehouses.json` (docs/reference/sitoo-api.md §7). */
export async function execute(
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
): Promise<INodeExecutionData[]> {
	const rows = await listRows(
		session,
		`/sites/${siteId}/warehouses.json`,
		wanted.call(this, itemIndex),
	);
	return rows.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
