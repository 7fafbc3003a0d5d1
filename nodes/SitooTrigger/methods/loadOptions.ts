/** The trigger's site and store pickers; the values are the ids the trigger filters orders by. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { Choice } from '../../core/sitoo';
import { toNodeError } from '../../clients/node-error';
import { sitooClient } from '../../clients/sitoo-client';
import { siteChoices, storeChoices } from '../../shared/sitoo-choices';

/** The account's sites, by name. */
export async function getSites(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		return asOptions(await siteChoices(await sitooClient(this)));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** The stores, one entry per warehouse orders are made from, read on the credential's default site. */
export async function getStores(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await sitooClient(this);
		return asOptions(await storeChoices(client, client.siteId));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** Numbers, as the ids are numbers in Sitoo and in the trigger's settings. */
function asOptions(choices: readonly Choice[]): INodePropertyOptions[] {
	return choices.map((choice) => ({ name: choice.name, value: Number(choice.value) }));
}
