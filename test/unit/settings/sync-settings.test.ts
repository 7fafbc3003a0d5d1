/**
 * The installation's sync settings (core/settings): how the settings table's row is read, and the
 * rule that leaves stores and staff purchases out of the sync and, with the same function, out of
 * the monitor's expectations.
 */
import { expectationsOf } from '../../../nodes/core/monitor/expectations';
import { monitorSettings } from '../../../nodes/core/monitor/report';
import { trackOrder } from '../../../nodes/core/klaviyo/track-order';
import type { NormalizedOrder } from '../../../nodes/core/order/types';
import {
	outsideTheSync,
	overOptions,
	readSyncSettings,
	scopeOf,
	SyncSettingsError,
} from '../../../nodes/core/settings/sync-settings';
import { NOW, STORE, normalized, simulator } from '../order/helpers';

function sale(storeId: number, email: string, at = NOW - 3600_000): NormalizedOrder {
	const sim = simulator(7, 2);
	const order = normalized(
		sim.factory.sale(at, { storeId, customer: { email }, payment: 'card' }),
	).order;
	// The trigger knows the store id from Sitoo's warehouse → store look-up; the bare normalizer does not.
	return { ...order, store: { ...order.store, id: storeId } };
}

describe('the sync settings row', () => {
	it('reads an empty table (one empty item, no item, nothing) as no settings', () => {
		expect(readSyncSettings([{}])).toEqual({});
		expect(readSyncSettings([])).toEqual({});
		expect(readSyncSettings(undefined)).toEqual({});
		expect(readSyncSettings('')).toEqual({});
		expect(readSyncSettings([{ json: {} }])).toEqual({});
	});

	it('reads the filled cells under the nodes’ option names, lists split, blanks left out', () => {
		const settings = readSyncSettings([
			{
				id: 1,
				createdAt: '2026-12-07T08:00:00.000Z',
				updatedAt: '2026-12-07T08:00:00.000Z',
				stores: ' 1, Göteborg Avenyn ,',
				staffEmails: '*@mystore.com',
				placeholderEmails: null,
				defaultCountry: 'fi',
				staleAfterHours: '6',
				sourceName: 'Store',
				placedOrderMetric: '',
			},
		]);
		expect(settings).toEqual({
			stores: ['1', 'Göteborg Avenyn'],
			staffEmails: ['*@mystore.com'],
			defaultCountry: 'FI',
			staleAfterHours: 6,
			sourceName: 'Store',
		});
		// JSON text, as an expression in a text field would hand it over, reads the same.
		expect(readSyncSettings(JSON.stringify({ stores: '1' }))).toEqual({ stores: ['1'] });
	});

	it('names the column and the problem: unknown column, two rows, bad country, bad hours', () => {
		const problem = (value: unknown) => {
			try {
				readSyncSettings(value);
			} catch (error) {
				expect(error).toBeInstanceOf(SyncSettingsError);
				return (error as Error).message;
			}
			throw new Error('no error');
		};
		expect(problem([{ staleAfterHour: 3 }])).toMatch(
			/column "staleAfterHour": is not a setting; the columns are stores, staffEmails/,
		);
		expect(problem([{ stores: '1' }, { stores: '2' }])).toMatch(/the table has 2 rows; keep one/);
		expect(problem([{ defaultCountry: 'Sweden' }])).toMatch(
			/column "defaultCountry": "Sweden" is not a two-letter country code/,
		);
		expect(problem([{ staleAfterHours: 'soon' }])).toMatch(
			/column "staleAfterHours": "soon" is not a number of hours/,
		);
		expect(problem('{stores')).toMatch(/not valid JSON/);
	});

	it('wins over the node’s own options where a cell is filled, and leaves the rest', () => {
		const options = { staleAfterHours: 12, sourceName: 'POS', includeOrderedProducts: false };
		expect(overOptions(options, { staleAfterHours: 2, stores: ['1'] })).toEqual({
			staleAfterHours: 2,
			sourceName: 'POS',
			includeOrderedProducts: false,
		});
	});
});

describe('what the sync settings leave out', () => {
	it('leaves out other stores (by id, name or external id) and staff e-mails, and says why', () => {
		const order = sale(STORE.NO, 'Anna.K@MyStore.com');
		const named = order.store.name ?? '';
		expect(outsideTheSync(order, { stores: [String(STORE.NO)] })).toBeUndefined();
		expect(outsideTheSync(order, { stores: [named.toUpperCase()] })).toBeUndefined();
		expect(outsideTheSync(order, { stores: [String(STORE.SE)] })).toMatch(
			new RegExp(
				`its store "${named}" \\(${STORE.NO}\\) is not in the sync settings' stores \\(1\\)`,
			),
		);
		expect(outsideTheSync(order, { staffEmails: ['*@mystore.com'] })).toBe(
			'it is a staff purchase: anna.k@mystore.com matches "*@mystore.com" in the sync settings\' staffEmails',
		);
		expect(outsideTheSync(order, undefined)).toBeUndefined();
	});

	it('makes the Track operations skip the order as excluded, with the reason', () => {
		const order = sale(STORE.NO, 'member@example.com');
		const scope = scopeOf(readSyncSettings([{ stores: String(STORE.SE) }]));
		const result = trackOrder('placed', order, { now: NOW, scope });
		expect(result).toMatchObject({ status: 'skipped', outsideTheSync: true });
		expect(trackOrder('placed', order, { now: NOW })).toMatchObject({ status: 'send' });
	});

	it('keeps the monitor from expecting, re-sending or counting what the sync leaves out', () => {
		const inStore = sale(STORE.SE, 'member@example.com');
		const elsewhere = sale(STORE.NO, 'other@example.com');
		const staff = sale(STORE.SE, 'ola@mystore.com');
		const scope = scopeOf(
			readSyncSettings([{ stores: String(STORE.SE), staffEmails: '*@mystore.com' }]),
		);
		const all = expectationsOf([inStore, elsewhere, staff], monitorSettings({}), NOW);
		expect(all.expected.map((e) => e.order.ids.orderId)).toEqual(
			expect.arrayContaining([elsewhere.ids.orderId]),
		);
		const scoped = expectationsOf([inStore, elsewhere, staff], monitorSettings({ scope }), NOW);
		expect(new Set(scoped.expected.map((e) => e.order.ids.orderId))).toEqual(
			new Set([inStore.ids.orderId]),
		);
		expect(scoped.sales).toHaveLength(1);
	});
});
