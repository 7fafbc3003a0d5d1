/**
 * Sitoo reads behind the editor's pickers (list search and load options), through the node's
 * client; how rows are named and searched is in core/sitoo/choices.
 */
import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { siteChoice, storeWarehouseChoices, type Choice } from '../core/sitoo';
import type { Query } from '../core/transport/http';
import { sitooPages, sitooRequest } from '../core/transport/sitoo';
import { toNodeError } from '../clients/node-error';
import { sitooClient, type SitooClient } from '../clients/sitoo-client';

type Row = Record<string, unknown>;

/** Runs a picker's read with the node's Sitoo client; Sitoo's errors read as in the node's runs. */
export async function withSitooClient<T>(
	context: ILoadOptionsFunctions,
	read: (client: SitooClient) => Promise<T>,
): Promise<T> {
	try {
		return await read(await sitooClient(context));
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

/** Rows per picker page: enough to scroll, small enough to answer fast. */
export const CHOICES_PER_PAGE = 50;

export interface ChoicePage {
	rows: Row[];
	/** The `start` of the next page, when Sitoo has more (n8n's pagination token). */
	next?: string;
}

/** One page of a list endpoint from the offset an earlier page handed on. */
export async function choicePage(
	client: SitooClient,
	path: string,
	query: Query,
	paginationToken?: string,
): Promise<ChoicePage> {
	const start = /^\d+$/.test(paginationToken ?? '') ? Number(paginationToken) : 0;
	for await (const page of sitooPages<Row>(client.send, client.account, path, {
		query,
		pageSize: CHOICES_PER_PAGE,
		maxPages: 1,
		start,
	})) {
		const end = page.start + page.items.length;
		return { rows: page.items, next: end < page.totalcount ? String(end) : undefined };
	}
	return { rows: [] };
}

/** The account's sites (`GET /sites.json`, §7), named from each site's settings (`eshopname`). */
export async function siteChoices(client: SitooClient): Promise<Choice[]> {
	const choices: Choice[] = [];
	for await (const page of sitooPages<Row>(client.send, client.account, '/sites.json')) {
		for (const site of page.items) {
			const choice = siteChoice(site, await siteName(client, site.eshopid));
			if (choice) choices.push(choice);
		}
	}
	return choices;
}

/** Stores by the warehouses orders name (§7), as the Sitoo Trigger filters them. */
export async function storeChoices(client: SitooClient, siteId: number): Promise<Choice[]> {
	const all = async (path: string) => {
		const rows: Row[] = [];
		for await (const page of sitooPages<Row>(client.send, client.account, path))
			rows.push(...page.items);
		return rows;
	};
	const warehouses = await all(`/sites/${siteId}/warehouses.json`);
	const stores = await all(`/sites/${siteId}/stores.json`);
	return storeWarehouseChoices(warehouses, stores);
}

/** A name is a nicety: a site whose settings cannot be read is listed by its address. */
async function siteName(client: SitooClient, eshopid: unknown): Promise<unknown> {
	if (typeof eshopid !== 'number') return undefined;
	try {
		const response = await client.send(
			sitooRequest(client.account, `/sites/${eshopid}/settings.json`, { fields: 'eshopname' }),
		);
		return response.status < 400 ? (response.body as Row | undefined)?.eshopname : undefined;
	} catch {
		return undefined;
	}
}
