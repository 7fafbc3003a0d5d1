/**
 * The lists behind the node's resource locators. Sitoo filters by exact values only, so a search is
 * sent as the one identifier it can be (core/sitoo/choices) and the rest is paged as Sitoo orders it.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import {
	choiceMatches,
	CUSTOMER_CHOICE_FIELDS,
	customerChoice,
	customerSearches,
	ORDER_CHOICE_FIELDS,
	orderChoice,
	orderSearch,
	PRODUCT_CHOICE_FIELDS,
	productChoice,
	productSearches,
	siteIdOrDefault,
	type Choice,
} from '../../core/sitoo';
import type { Query } from '../../core/transport/http';
import type { SitooClient } from '../../clients/sitoo-client';
import {
	choicePage,
	siteChoices,
	withSitooClient,
	type ChoicePage,
} from '../../shared/sitoo-choices';

type Row = Record<string, unknown>;

/** Orders of the node's site, newest first (`sort=-orderid`, §2.1). */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await listed(this, async (client, siteId) => {
		const page = await choicePage(
			client,
			'/orders.json',
			{ ...orderSearch(filter), eshopid: siteId, sort: '-orderid', fields: ORDER_CHOICE_FIELDS },
			paginationToken,
		);
		const timeZone = this.getTimezone();
		return { choices: page.rows.map((row) => orderChoice(row, timeZone)), next: page.next };
	});
}

/** Products of the node's site, inactive ones included as Get does; search by SKU or product ID. */
export async function searchProducts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await listed(this, async (client, siteId) => {
		const page = await searched(
			client,
			`/sites/${siteId}/products.json`,
			// The "true" string: Sitoo refused booleans here (docs/reference/sitoo-api.md §8).
			{ includeinactive: 'true', fields: PRODUCT_CHOICE_FIELDS },
			productSearches(filter),
			paginationToken,
		);
		return { choices: page.rows.map(productChoice), next: page.next };
	});
}

/** Customers (users without a role, §4.1); search by e-mail, customer number, mobile or user ID. */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await listed(this, async (client, siteId) => {
		const page = await searched(
			client,
			`/sites/${siteId}/users.json`,
			{ fields: CUSTOMER_CHOICE_FIELDS },
			customerSearches(filter),
			paginationToken,
		);
		return { choices: page.rows.map(customerChoice), next: page.next };
	});
}

/** The account's sites by name; the search narrows them in place (an account has a few). */
export async function searchSites(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await listed(
		this,
		async (client) => ({
			choices: (await siteChoices(client)).filter((choice) => choiceMatches(choice, filter)),
		}),
		false,
	);
}

/** Runs a read with the node's client and site; Sitoo's errors read as in the node's runs. */
async function listed(
	context: ILoadOptionsFunctions,
	read: (
		client: SitooClient,
		siteId: number,
	) => Promise<{ choices: Array<Choice | undefined>; next?: string }>,
	needsSite = true,
): Promise<INodeListSearchResult> {
	return await withSitooClient(context, async (client) => {
		const siteId = needsSite ? chosenSite(context, client.siteId) : client.siteId;
		const { choices, next } = await read(client, siteId);
		const seen = new Set<string>();
		const results: INodeListSearchItems[] = [];
		for (const choice of choices) {
			if (!choice || seen.has(choice.value)) continue;
			seen.add(choice.value);
			results.push(choice);
		}
		return { results, paginationToken: next };
	});
}

/**
 * The node's Site ID as the form holds it now. An expression has no items to resolve against in
 * the editor, so the list then shows the credential's default site.
 */
function chosenSite(context: ILoadOptionsFunctions, fallback: number): number {
	let value: unknown;
	try {
		value = context.getNodeParameter('siteId', '', { extractValue: true });
	} catch {
		return fallback;
	}
	if (typeof value === 'string' && value.startsWith('=')) return fallback;
	return siteIdOrDefault(value, fallback);
}

/**
 * One query pages on; several (a search that may be either of two identifiers) are asked one
 * after the other and merged, each being a handful of exact matches.
 */
async function searched(
	client: SitooClient,
	path: string,
	base: Query,
	queries: readonly Query[],
	paginationToken: string | undefined,
): Promise<ChoicePage> {
	if (queries.length === 1)
		return choicePage(client, path, { ...base, ...queries[0] }, paginationToken);
	const rows: Row[] = [];
	for (const query of queries)
		rows.push(...(await choicePage(client, path, { ...base, ...query })).rows);
	return { rows };
}
