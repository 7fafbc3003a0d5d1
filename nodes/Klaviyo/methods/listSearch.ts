import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { klaviyoRequest, klaviyoResources } from '../../core/transport/klaviyo';
import { klaviyoClient, type KlaviyoClient } from '../../clients/klaviyo-client';
import { allMetrics } from '../actions/metric/getMany.operation';

function clientFor(context: ILoadOptionsFunctions): Promise<KlaviyoClient> {
	return klaviyoClient(context);
}

/** Enough for a picker; the user can type to narrow it down. */
const MAX_RESULTS = 500;

function matches(name: string, filter: string | undefined): boolean {
	return !filter || name.toLowerCase().includes(filter.trim().toLowerCase());
}

/** Metric names for the editor; the value is the metric id. */
export async function searchMetrics(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await clientFor(this);
	const results: INodeListSearchItems[] = [];
	for await (const metric of allMetrics(client)) {
		const m = metric as {
			id: string;
			attributes?: { name?: string; integration?: { name?: string } | null };
		};
		const name = m.attributes?.name ?? m.id;
		if (!matches(name, filter)) continue;
		const integration = m.attributes?.integration?.name;
		results.push({
			name: integration && integration !== 'API' ? `${name} (${integration})` : name,
			value: m.id,
		});
		if (results.length >= MAX_RESULTS) break;
	}
	return { results: results.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Lists for the editor; the value is the list id. */
export async function searchLists(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await clientFor(this);
	const results: INodeListSearchItems[] = [];
	const first = klaviyoRequest({
		method: 'GET',
		path: '/api/lists',
		baseUrl: client.baseUrl,
		revision: client.revision,
	});
	for await (const list of klaviyoResources(client.send, first)) {
		const l = list as { id: string; attributes?: { name?: string } };
		const name = l.attributes?.name ?? l.id;
		if (!matches(name, filter)) continue;
		results.push({ name, value: l.id });
		if (results.length >= MAX_RESULTS) break;
	}
	return { results: results.sort((a, b) => a.name.localeCompare(b.name)) };
}
