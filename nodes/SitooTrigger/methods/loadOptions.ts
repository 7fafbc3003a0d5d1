/** The trigger's site and store pickers; the values are the ids the trigger filters orders by. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { Choice } from '../../core/sitoo';
import { siteChoices, storeChoices, withSitooClient } from '../../shared/sitoo-choices';

/** The account's sites, by name. */
export async function getSites(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return asOptions(await withSitooClient(this, siteChoices));
}

/** The stores, one entry per warehouse orders are made from, read on the credential's default site. */
export async function getStores(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return asOptions(await withSitooClient(this, (client) => storeChoices(client, client.siteId)));
}

/** Numbers, as the ids are numbers in Sitoo and in the trigger's settings. */
function asOptions(choices: readonly Choice[]): INodePropertyOptions[] {
	return choices.map((choice) => ({ name: choice.name, value: Number(choice.value) }));
}
