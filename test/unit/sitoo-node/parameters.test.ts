/* eslint-disable
	@n8n/community-nodes/require-node-api-error
	-- test code: runs in Node, never inside n8n */
import {
	checkedLimit,
	customerListQuery,
	customerLookup,
	optionalTillTime,
	orderListQuery,
	ParameterError,
	requiredOrderId,
	requiredProductId,
	siteIdOrDefault,
} from '../../../nodes/core/sitoo';

/** The error a call throws, so tests can assert on which parameter it names. */
function failure(call: () => unknown): ParameterError {
	try {
		call();
	} catch (error) {
		if (error instanceof ParameterError) return error;
		throw error;
	}
	throw new Error('expected a ParameterError, nothing was thrown');
}

describe('orderListQuery: the "Get Many Orders" filters as Sitoo query parameters', () => {
	it('sends no filters when none are set (0 and empty strings are n8n\'s "not set")', () => {
		expect(
			orderListQuery(
				{
					orderIdFrom: 0,
					orderIdTo: 0,
					tillTimeFrom: '',
					tillTimeBefore: '',
					orderStates: [],
					email: '  ',
				},
				'UTC',
			),
		).toEqual({
			fromOrderId: 0,
			toOrderId: undefined,
			filters: {
				orderdatefrom: undefined,
				orderdateto: undefined,
				orderstate: undefined,
				email: undefined,
			},
		});
	});

	it('makes the order ID range inclusive on both ends: orderidto is exclusive in Sitoo (§2.1)', () => {
		const query = orderListQuery({ orderIdFrom: 10005, orderIdTo: 10020 }, 'UTC');
		expect(query.fromOrderId).toBe(10005);
		expect(query.toOrderId).toBe(10021);
		expect(orderListQuery({ orderIdFrom: 7, orderIdTo: 7 }, 'UTC')).toMatchObject({
			fromOrderId: 7,
			toOrderId: 8,
		});
	});

	it('refuses an order ID range the wrong way round, naming the field and both values', () => {
		const error = failure(() => orderListQuery({ orderIdFrom: 200, orderIdTo: 100 }, 'UTC'));
		expect(error.parameter).toBe('Order ID To');
		expect(error.message).toMatch(/^Order ID To: 100 is below Order ID From 200/);
	});

	it('refuses order IDs that are not whole positive numbers, naming the field', () => {
		expect(failure(() => orderListQuery({ orderIdFrom: -3 }, 'UTC')).parameter).toBe(
			'Order ID From',
		);
		expect(failure(() => orderListQuery({ orderIdTo: 12.5 }, 'UTC')).parameter).toBe('Order ID To');
		expect(failure(() => orderListQuery({ orderIdFrom: 'abc' }, 'UTC')).message).toContain(
			'"abc" is not an order ID',
		);
		expect(orderListQuery({ orderIdFrom: ' 42 ' }, 'UTC').fromOrderId).toBe(42);
	});

	it('turns the till time range into unix seconds for orderdatefrom/orderdateto', () => {
		const query = orderListQuery(
			{ tillTimeFrom: '2024-06-01T00:00:00Z', tillTimeBefore: '2024-06-02T00:00:00Z' },
			'UTC',
		);
		expect(query.filters.orderdatefrom).toBe(Date.UTC(2024, 5, 1) / 1000);
		expect(query.filters.orderdateto).toBe(Date.UTC(2024, 5, 2) / 1000);
	});

	it('refuses a till time range the wrong way round or empty, naming "Till Time Before"', () => {
		const reversed = failure(() =>
			orderListQuery({ tillTimeFrom: '2024-06-02', tillTimeBefore: '2024-06-01' }, 'UTC'),
		);
		expect(reversed.parameter).toBe('Till Time Before');
		expect(reversed.message).toContain(
			'2024-06-01T00:00:00.000Z is not after Till Time From 2024-06-02T00:00:00.000Z',
		);
		expect(
			failure(() =>
				orderListQuery({ tillTimeFrom: '2024-06-01', tillTimeBefore: '2024-06-01' }, 'UTC'),
			).parameter,
		).toBe('Till Time Before');
	});

	it('maps order states to orderstateid values (§2.2) and refuses unknown ones', () => {
		expect(
			orderListQuery({ orderStates: ['closed', 'open', 'abandoned', 'cancelled'] }, 'UTC').filters
				.orderstate,
		).toEqual([10, 0, -1, 20]);
		const error = failure(() => orderListQuery({ orderStates: ['paid'] }, 'UTC'));
		expect(error.parameter).toBe('Order Status');
		expect(error.message).toContain('"paid"');
	});

	it('trims the customer e-mail and refuses something that is not an address', () => {
		expect(orderListQuery({ email: '  Anna.Berg@example.com ' }, 'UTC').filters.email).toBe(
			'Anna.Berg@example.com',
		);
		const error = failure(() => orderListQuery({ email: 'anna.berg' }, 'UTC'));
		expect(error.parameter).toBe('Customer Email');
		expect(error.message).toContain('"anna.berg" is not an e-mail address');
	});
});

describe('optionalTillTime: dates from the form', () => {
	it('reads a date-time without offset in the workflow time zone, summer and winter', () => {
		// Stockholm is UTC+2 in June and UTC+1 in January.
		expect(optionalTillTime('2024-06-01T09:30:00', 'Till Time From', 'Europe/Stockholm')).toBe(
			Date.UTC(2024, 5, 1, 7, 30) / 1000,
		);
		expect(optionalTillTime('2024-01-15 09:30', 'Till Time From', 'Europe/Stockholm')).toBe(
			Date.UTC(2024, 0, 15, 8, 30) / 1000,
		);
		expect(optionalTillTime('2024-06-01', 'Till Time From', 'America/New_York')).toBe(
			Date.UTC(2024, 5, 1, 4) / 1000,
		);
	});

	it('honours an explicit offset or Z whatever the workflow time zone', () => {
		expect(optionalTillTime('2024-06-01T09:30:00+02:00', 'x', 'America/New_York')).toBe(
			Date.UTC(2024, 5, 1, 7, 30) / 1000,
		);
		expect(optionalTillTime('2024-06-01T09:30:00.999-0130', 'x', 'UTC')).toBe(
			Date.UTC(2024, 5, 1, 11, 0) / 1000,
		);
		expect(optionalTillTime('2024-06-01T09:30:00Z', 'x', 'Asia/Tokyo')).toBe(
			Date.UTC(2024, 5, 1, 9, 30) / 1000,
		);
	});

	it('refuses text and impossible dates, naming the field', () => {
		expect(failure(() => optionalTillTime('yesterday', 'Till Time From', 'UTC')).message).toMatch(
			/^Till Time From: "yesterday" is not a date/,
		);
		expect(failure(() => optionalTillTime('2024-02-31', 'Till Time Before', 'UTC')).parameter).toBe(
			'Till Time Before',
		);
		expect(
			failure(() => optionalTillTime('2024-06-01T25:00:00', 'Till Time Before', 'UTC')).parameter,
		).toBe('Till Time Before');
		expect(failure(() => optionalTillTime(20240601, 'Till Time From', 'UTC')).parameter).toBe(
			'Till Time From',
		);
	});

	it('names the time zone when the workflow has one n8n cannot use', () => {
		expect(
			failure(() => optionalTillTime('2024-06-01', 'Till Time From', 'Mars/Olympus')).parameter,
		).toBe('Timezone');
	});
});

describe('requiredOrderId and checkedLimit', () => {
	it('accepts positive whole numbers and names the field otherwise', () => {
		expect(requiredOrderId(20481, 'Order ID')).toBe(20481);
		expect(failure(() => requiredOrderId(0, 'Order ID')).message).toMatch(
			/^Order ID: 0 is not an order ID/,
		);
		expect(failure(() => requiredOrderId(undefined, 'Sale Order ID')).parameter).toBe(
			'Sale Order ID',
		);
		// Resource locators hold text; the list's values and typed IDs alike.
		expect(requiredOrderId(' 20481 ', 'Order ID')).toBe(20481);
		expect(failure(() => requiredOrderId('', 'Order ID')).message).toMatch(
			/^Order ID: is empty; choose an order from the list or enter its order ID/,
		);
		expect(failure(() => requiredOrderId('SII000000150000110042', 'Order ID')).message).toMatch(
			/^Order ID: "SII000000150000110042" is not an order ID.*not the receipt number/,
		);
		expect(checkedLimit(5)).toBe(5);
		expect(failure(() => checkedLimit(0)).parameter).toBe('Limit');
		expect(failure(() => checkedLimit(2.5, 'Page Size')).parameter).toBe('Page Size');
	});
});

describe('requiredProductId and siteIdOrDefault: locator text or numbers saved before', () => {
	it('reads product IDs as numbers or digit text, naming Product ID otherwise', () => {
		expect(requiredProductId(55)).toBe(55);
		expect(requiredProductId('55')).toBe(55);
		expect(failure(() => requiredProductId('')).message).toMatch(/^Product ID: is empty/);
		expect(failure(() => requiredProductId(0)).message).toMatch(
			/^Product ID: 0 is not a product ID/,
		);
		expect(failure(() => requiredProductId('A1')).parameter).toBe('Product ID');
	});

	it("gives the credential's site for empty and the old field's 0, and the site otherwise", () => {
		for (const empty of [undefined, null, '', '  ', 0, '0'])
			expect(siteIdOrDefault(empty, 3)).toBe(3);
		expect(siteIdOrDefault(2, 3)).toBe(2);
		expect(siteIdOrDefault(' 2 ', 3)).toBe(2);
		for (const bad of [-1, 1.5, 'two', { value: 2 }])
			expect(failure(() => siteIdOrDefault(bad, 3)).message).toMatch(
				/^Site ID: .* is not a site ID; .*Leave it empty for the credential's default site/,
			);
	});
});

describe('customer look-ups (§4.1)', () => {
	it('reads a user ID with or without braces, in any case, as Sitoo writes it', () => {
		expect(customerLookup('userId', ' 102dc4aa-2c19-3177-6ab2-435cb3a46499 ')).toEqual({
			kind: 'userId',
			userId: '{102DC4AA-2C19-3177-6AB2-435CB3A46499}',
		});
		expect(customerLookup('userId', '{102DC4AA-2C19-3177-6AB2-435CB3A46499}')).toEqual({
			kind: 'userId',
			userId: '{102DC4AA-2C19-3177-6AB2-435CB3A46499}',
		});
		expect(failure(() => customerLookup('userId', '12345')).parameter).toBe('User ID');
	});

	it('uses the exact-match list filters for e-mail, customer number and mobile', () => {
		expect(customerLookup('email', ' anna@example.com ')).toEqual({
			kind: 'filter',
			query: { email: 'anna@example.com' },
		});
		expect(customerLookup('customerNumber', 100042)).toEqual({
			kind: 'filter',
			query: { customernumber: '100042' },
		});
		expect(customerLookup('mobile', '+46 70 123 45 67')).toEqual({
			kind: 'filter',
			query: { mobile: '+46 70 123 45 67' },
		});
	});

	it('refuses an empty value or a broken e-mail, naming the field', () => {
		expect(failure(() => customerLookup('customerNumber', '  ')).message).toMatch(
			/^Customer Number: is empty/,
		);
		expect(failure(() => customerLookup('email', 'anna')).parameter).toBe('Email');
		expect(failure(() => customerLookup('mobile', undefined)).parameter).toBe('Mobile');
	});

	it('builds the "Get Many Customers" filters, leaving out empty ones', () => {
		expect(customerListQuery({ email: '', customerNumber: ' 100042 ', mobile: undefined })).toEqual(
			{ email: undefined, customernumber: '100042', mobile: undefined },
		);
		expect(failure(() => customerListQuery({ email: 'nope' })).parameter).toBe('Email');
	});
});
