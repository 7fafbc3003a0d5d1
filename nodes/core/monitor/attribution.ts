/**
 * Attribution rate: the share of sales per store and day that had no usable customer identifier
 * (guests, placeholder emails: docs/design.md invariant 4). A store far above its peers usually means staff
 * are not asking for the email at the till.
 */
import type { SaleAttribution } from './expectations';
import { percentileMedian } from './median';
import type { AttributionEntry, MonitorSettings } from './types';

export function attributionByStoreDay(
	sales: readonly SaleAttribution[],
	settings: Pick<MonitorSettings, 'attributionGapPoints' | 'attributionMinSales'>,
): AttributionEntry[] {
	const cells = new Map<string, AttributionEntry>();
	for (const sale of sales) {
		const id = `${sale.day}|${sale.store.key}`;
		const cell = cells.get(id) ?? {
			day: sale.day,
			store: sale.store,
			sales: 0,
			unattributed: 0,
			unattributedShare: 0,
			flagged: false,
		};
		cell.sales++;
		if (!sale.attributed) cell.unattributed++;
		cells.set(id, cell);
	}
	const entries = [...cells.values()];
	for (const entry of entries) entry.unattributedShare = round(entry.unattributed / entry.sales);
	const gap = settings.attributionGapPoints / 100;
	for (const entry of entries) {
		// Peers: the other stores with enough sales that day. One busy store cannot be its own yardstick.
		const peers = entries.filter(
			(e) =>
				e.day === entry.day &&
				e.store.key !== entry.store.key &&
				e.sales >= settings.attributionMinSales,
		);
		if (peers.length === 0) continue;
		entry.peerMedianShare = round(percentileMedian(peers.map((p) => p.unattributedShare)));
		entry.flagged =
			entry.sales >= settings.attributionMinSales &&
			entry.unattributedShare - entry.peerMedianShare >= gap;
	}
	return entries.sort(
		(a, b) => b.day.localeCompare(a.day) || a.store.name.localeCompare(b.store.name),
	);
}

function round(n: number): number {
	return Math.round(n * 1000) / 1000;
}
