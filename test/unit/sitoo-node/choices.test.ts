import {
	customerChoice,
	customerSearches,
	orderChoice,
	orderSearch,
	productChoice,
	productSearches,
	siteChoice,
	storeWarehouseChoices,
} from '../../../nodes/core/sitoo';

describe("the Sitoo pickers' names and searches (core/sitoo/choices)", () => {
	it('names an order by number, receipt, till time in the given zone and total', () => {
		const row = {
			orderid: 10302,
			// 2026-12-06 13:02 UTC: 14:02 in Stockholm (CET), 08:02 in New York.
			orderdate: Date.UTC(2026, 11, 6, 13, 2) / 1000,
			moneytotal_gross_all: '499.00',
			currencycode: 'SEK',
			additionaldata: { 'pos-receiptid': 'SII000000150000110042' },
		};
		expect(orderChoice(row, 'Europe/Stockholm')).toEqual({
			name: 'Order 10302 · receipt SII000000150000110042 · 2026-12-06 14:02 · 499.00 SEK',
			value: '10302',
		});
		expect(orderChoice(row, 'America/New_York')?.name).toContain('2026-12-06 08:02');
		// An unknown zone falls back to UTC rather than failing the list.
		expect(orderChoice(row, 'Not/AZone')?.name).toContain('2026-12-06 13:02');
		expect(orderChoice({ orderid: 7, moneytotal_gross_all: '-99.50' }, 'UTC')?.name).toBe(
			'Order 7 · -99.50',
		);
		expect(orderChoice({ orderid: 0 }, 'UTC')).toBeUndefined();
	});

	it('sends a search as the one exact filter it can be: order ID, e-mail or receipt number', () => {
		expect(orderSearch(undefined)).toEqual({});
		expect(orderSearch('  ')).toEqual({});
		expect(orderSearch(' 10302 ')).toEqual({ orderid: '10302' });
		expect(orderSearch('Kim@Example.com')).toEqual({ email: 'Kim@Example.com' });
		expect(orderSearch('SII000000150000110042')).toEqual({ receiptid: 'SII000000150000110042' });
	});

	it('searches customers by e-mail, user ID, or customer number and mobile (both asked)', () => {
		expect(customerSearches('')).toEqual([{}]);
		expect(customerSearches('kim@example.com')).toEqual([{ email: 'kim@example.com' }]);
		expect(customerSearches('102dc4aa-2c19-3177-6ab2-435cb3a46499')).toEqual([
			{ userid: '{102DC4AA-2C19-3177-6AB2-435CB3A46499}' },
		]);
		expect(customerSearches('070-123 45 67')).toEqual([
			{ customernumber: '070-123 45 67' },
			{ mobile: '070-123 45 67' },
		]);
	});

	it('names customers, and leaves staff out', () => {
		const customer = {
			userid: '{102DC4AA-2C19-3177-6AB2-435CB3A46499}',
			namefirst: 'Kim',
			namelast: 'Svensson',
			email: 'kim@example.com',
			customernumber: '100042',
			role: null,
		};
		expect(customerChoice(customer)).toEqual({
			name: 'Kim Svensson · kim@example.com · customer 100042',
			value: customer.userid,
		});
		expect(customerChoice({ userid: customer.userid })?.name).toBe(customer.userid);
		expect(customerChoice({ ...customer, role: 'staff' })).toBeUndefined();
	});

	it('searches products by SKU, and digits by product ID too', () => {
		expect(productSearches(undefined)).toEqual([{}]);
		expect(productSearches('TSHIRT-M')).toEqual([{ sku: 'TSHIRT-M' }]);
		expect(productSearches('1001')).toEqual([{ productid: '1001' }, { sku: '1001' }]);
		expect(
			productChoice({ productid: 55, title: 'Linen Shirt', sku: 'LS-M', active: false }),
		).toEqual({
			name: 'Linen Shirt · SKU LS-M · ID 55 · inactive',
			value: '55',
		});
	});

	it('names sites and stores (by their warehouses) so people can pick them', () => {
		expect(siteChoice({ eshopid: 1, siteurl: 'https://shop.example/' }, 'Main shop')).toEqual({
			name: 'Main shop (site 1)',
			value: '1',
		});
		expect(siteChoice({ eshopid: 2, siteurl: 'https://shop.example/' })?.name).toBe(
			'https://shop.example/ (site 2)',
		);
		expect(siteChoice({ eshopid: 3 })?.name).toBe('Site 3');
		const stores = [
			{ storeid: 1, name: 'Stockholm' },
			{ storeid: 2, name: 'Oslo' },
		];
		const warehouses = [
			{ warehouseid: 11, storeid: 1, name: 'Shop floor' },
			{ warehouseid: 12, storeid: 1, name: 'Back room' },
			{ warehouseid: 21, storeid: 2, name: 'Main' },
			{ warehouseid: 99, storeid: null, name: 'Central' },
		];
		expect(storeWarehouseChoices(warehouses, stores)).toEqual([
			{ name: 'Central (warehouse 99)', value: '99' },
			{ name: 'Oslo (warehouse 21)', value: '21' },
			{ name: 'Stockholm · Back room (warehouse 12)', value: '12' },
			{ name: 'Stockholm · Shop floor (warehouse 11)', value: '11' },
		]);
	});
});
