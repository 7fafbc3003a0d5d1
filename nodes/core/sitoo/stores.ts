/**
 * The store of a POS order when the receipt does not name it: the order's `warehouseid` →
 * warehouse `storeid` → store (docs/reference/sitoo-api.md §7 "Store of a POS order").
 */
import type { StoreInfo } from '../order';

export interface SitooWarehouseRow {
	warehouseid?: unknown;
	storeid?: unknown;
}

export interface SitooStoreRow {
	storeid?: unknown;
	name?: unknown;
	externalid?: unknown;
	countryid?: unknown;
	email?: unknown;
	phone?: unknown;
}

/** `NormalizeContext.stores`: stores keyed by warehouse id. Warehouses without a known store are left out. */
export function storesByWarehouse(
	warehouses: readonly SitooWarehouseRow[],
	stores: readonly SitooStoreRow[],
): Record<string, StoreInfo> {
	const byId = new Map<number, SitooStoreRow>();
	for (const store of stores) if (isId(store.storeid)) byId.set(store.storeid, store);
	const out: Record<string, StoreInfo> = {};
	for (const warehouse of warehouses) {
		if (!isId(warehouse.warehouseid) || !isId(warehouse.storeid)) continue;
		const store = byId.get(warehouse.storeid);
		if (!store) continue;
		const info: StoreInfo = { id: warehouse.storeid };
		if (typeof store.name === 'string' && store.name.trim() !== '') info.name = store.name;
		if (typeof store.externalid === 'string' && store.externalid.trim() !== '')
			info.externalId = store.externalid;
		// Sitoo writes country ids in lower case (§4.1 example "se"); the mapper upper-cases them.
		if (typeof store.countryid === 'string' && /^[A-Za-z]{2}$/.test(store.countryid.trim()))
			info.country = store.countryid.trim().toUpperCase();
		if (typeof store.email === 'string' && store.email.trim() !== '')
			info.email = store.email.trim();
		if (typeof store.phone === 'string' && store.phone.trim() !== '')
			info.phone = store.phone.trim();
		out[String(warehouse.warehouseid)] = info;
	}
	return out;
}

/** True when the order carries its store's name in `additionaldata["store-name"]` (§2.3). */
export function orderNamesItsStore(order: unknown): boolean {
	if (typeof order !== 'object' || order === null) return false;
	const data = (order as { additionaldata?: unknown }).additionaldata;
	if (typeof data !== 'object' || data === null) return false;
	const name = (data as Record<string, unknown>)['store-name'];
	return typeof name === 'string' && name.trim() !== '';
}

function isId(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
