import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { checkedLimit } from '../core/sitoo/parameters';

/** "Return All" and "Limit" for the list operations of every node, shown for `show`. */
export function returnAllOrLimit(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** How many results to read at most: Infinity for "Return All". */
export function wanted(this: IExecuteFunctions, itemIndex: number): number {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return Infinity;
	return checkedLimit(this.getNodeParameter('limit', itemIndex, 50));
}
