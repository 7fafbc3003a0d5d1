import {
	customerResponse,
	defaultResponse,
	errorResponse,
	parseCrmRequest,
	spiCustomer,
} from '../../../nodes/core/spi';

const erik = {
	email: ' erik.nystrom@example.com ',
	name_first: 'Erik',
	name_last: 'Nyström',
	mobile: '+46739876543',
	invoice_address: { address: 'Kungsgatan 3', city: 'Uppsala', zip: '75321', country_id: 'se' },
	gender: 'male',
	accepts_communication: ['email', 'mail'],
	consents: ['consent_personal_offers'],
	store_id_home: '200',
	loyalty_tier: 'gold',
};

const spiHeaders = {
	authorization: 'Basic x',
	'store-id': 'S%C3%B6dermalm%201',
	'staff-id': '1043',
	'register-id': '5F0C2B9E-3A61',
};

describe('CRM SPI v2 requests', () => {
	it('reads a look-up with its key and the decoded trace headers (§3.3, §3.4)', () => {
		const parsed = parseCrmRequest({
			operation: 'lookup',
			query: { key_type: 'email', key: ' anna.lindqvist@example.com ' },
			headers: spiHeaders,
		});
		expect(parsed).toEqual({
			ok: true,
			call: {
				operation: 'lookup',
				lookup: { keyType: 'email', key: 'anna.lindqvist@example.com' },
				origin: { storeId: 'Södermalm 1', staffId: '1043', registerId: '5F0C2B9E-3A61' },
				warnings: [],
			},
		});
	});

	it('refuses a look-up without key_type or key, naming it', () => {
		expect(parseCrmRequest({ operation: 'lookup', query: { key: '1' } })).toMatchObject({
			ok: false,
			status: 400,
			error: { error: 'missing_key_type' },
		});
		expect(
			parseCrmRequest({ operation: 'lookup', query: { key_type: 'mobile', key: '' } }),
		).toMatchObject({
			ok: false,
			error: { error: 'missing_key', message: expect.stringContaining('key') },
		});
	});

	it('normalizes a create body, ignoring unknown fields and recording which were sent', () => {
		const parsed = parseCrmRequest({
			operation: 'create',
			body: erik,
			headers: { 'Store-ID': '200' },
		});
		if (!parsed.ok) throw new Error(parsed.error.message);
		expect(parsed.call.customer).toEqual({
			email: 'erik.nystrom@example.com',
			firstName: 'Erik',
			lastName: 'Nyström',
			mobile: '+46739876543',
			address: { street: 'Kungsgatan 3', city: 'Uppsala', zip: '75321', country: 'SE' },
			gender: 'male',
			acceptsCommunication: { email: true, sms: false, mail: true },
			consents: ['consent_personal_offers'],
			homeStoreId: '200',
		});
		expect(parsed.call.fieldsSent).toEqual([
			'email',
			'name_first',
			'name_last',
			'mobile',
			'invoice_address',
			'gender',
			'accepts_communication',
			'consents',
			'store_id_home',
		]);
		expect(parsed.call.origin).toEqual({ storeId: '200' });
		expect(parsed.call.warnings).toEqual([]);
	});

	it('keeps "not sent" apart from "cleared" on update (§3.6: absent = unchanged, [] = opt out of all)', () => {
		const untouched = parseCrmRequest({
			operation: 'update',
			params: { customerId: 'c-1' },
			body: { name_first: 'Anna' },
		});
		const optedOut = parseCrmRequest({
			operation: 'update',
			params: { customerId: 'c-1' },
			body: { accepts_communication: [] },
		});
		if (!untouched.ok || !optedOut.ok) throw new Error('should parse');
		expect(untouched.call.customer?.acceptsCommunication).toBeUndefined();
		expect(untouched.call.customerId).toBe('c-1');
		expect(optedOut.call.customer?.acceptsCommunication).toEqual({
			email: false,
			sms: false,
			mail: false,
		});
		expect(optedOut.call.fieldsSent).toEqual(['accepts_communication']);
	});

	it('ignores badly typed fields with a warning that names them, and keeps the rest', () => {
		const parsed = parseCrmRequest({
			operation: 'create',
			body: JSON.stringify({
				email: 'a@b.se',
				name_first: 42,
				name_last: { x: 1 },
				accepts_communication: ['email', 'fax', 7],
				consents: 'all',
				invoice_address: 'Main St',
			}),
		});
		if (!parsed.ok) throw new Error(parsed.error.message);
		expect(parsed.call.customer).toEqual({
			email: 'a@b.se',
			firstName: '42',
			acceptsCommunication: { email: true, sms: false, mail: false },
		});
		expect(parsed.call.warnings.map((w) => w.field)).toEqual([
			'name_last',
			'invoice_address',
			'accepts_communication[2]',
			'accepts_communication',
			'consents',
		]);
	});

	it('refuses a create or update whose body is not a customer object, and an update without an id', () => {
		expect(parseCrmRequest({ operation: 'create', body: '[1]' })).toMatchObject({
			ok: false,
			error: { error: 'invalid_body' },
		});
		expect(parseCrmRequest({ operation: 'create', body: 'nope' })).toMatchObject({
			ok: false,
			error: { message: expect.stringContaining('not JSON') },
		});
		expect(parseCrmRequest({ operation: 'update', body: {} })).toMatchObject({
			ok: false,
			error: { error: 'missing_customer_id' },
		});
	});

	it('decodes the id in the path and warns when the body names another', () => {
		const parsed = parseCrmRequest({
			operation: 'update',
			params: { customerId: 'abc%20def' },
			body: { customer_id: 'zzz' },
		});
		expect(parsed.ok && parsed.call.customerId).toBe('abc def');
		expect(parsed.ok && parsed.call.warnings[0].field).toBe('customer_id');
		const broken = parseCrmRequest({
			operation: 'get',
			params: { customerId: '%E0%A4%A' },
			headers: { 'Store-ID': '%ZZ' },
		});
		expect(broken.ok && [broken.call.customerId, broken.call.origin.storeId]).toEqual([
			'%E0%A4%A',
			'%ZZ',
		]);
	});
});

describe('CRM SPI v2 requests as staff type them', () => {
	it('finds a mobile typed in local format by its international form, read in the configured country', () => {
		const parsed = parseCrmRequest({
			operation: 'lookup',
			phoneCountry: 'SE',
			query: { key_type: 'mobile', key: '073-987 65 43' },
		});
		expect(parsed.ok && parsed.call.lookup).toEqual({ keyType: 'mobile', key: '+46739876543' });
		// A number that cannot be one is searched as typed, with the reason.
		const wrong = parseCrmRequest({
			operation: 'lookup',
			phoneCountry: 'SE',
			query: { key_type: 'mobile', key: '073-987 65' },
		});
		expect(wrong.ok && wrong.call.lookup?.key).toBe('073-987 65');
		expect(wrong.ok && wrong.call.warnings).toEqual([
			{ field: 'key', reason: expect.stringContaining('searched as typed') },
		]);
	});

	it('saves a sign-up mobile in international form, read in the address country first; leaves out one that cannot be real', () => {
		const norwegian = parseCrmRequest({
			operation: 'create',
			phoneCountry: 'SE',
			body: {
				email: 'ola@example.no',
				mobile: '412 34 567',
				invoice_address: { country_id: 'NO' },
			},
		});
		expect(norwegian.ok && norwegian.call.customer?.mobile).toBe('+4741234567');
		const short = parseCrmRequest({
			operation: 'create',
			phoneCountry: 'SE',
			body: { email: 'anna@example.com', mobile: '070-123 45 6' },
		});
		expect(short.ok && short.call.customer?.mobile).toBeUndefined();
		expect(short.ok && short.call.warnings).toEqual([
			{ field: 'mobile', reason: expect.stringContaining('left out') },
		]);
	});

	it('takes control characters out of the trace headers and caps overlong texts, naming the field', () => {
		const parsed = parseCrmRequest({
			operation: 'create',
			headers: { 'store-id': 'Store%0D%0AX-Injected: yes' },
			body: { email: 'anna@example.com', name_first: 'A'.repeat(100_000) },
		});
		expect(parsed.ok && parsed.call.origin.storeId).toBe('Store X-Injected: yes');
		expect(parsed.ok && parsed.call.customer?.firstName).toHaveLength(255);
		expect(parsed.ok && parsed.call.warnings).toEqual([
			{ field: 'name_first', reason: expect.stringContaining('100000 characters') },
		]);
	});
});

describe('CRM SPI v2 responses', () => {
	const documentedKeys = [
		'customer_id',
		'member_number',
		'email',
		'name_first',
		'name_last',
		'mobile',
		'invoice_address',
		'gender',
		'accepts_communication',
		'consents',
		'additional_options',
		'status',
		'promotions',
		'bonus_checks',
		'voucher_passwords',
		'store_id_home',
		'sections',
	].sort();

	it('builds the customer object with every documented key, "" and [] for what is unknown (§3.5)', () => {
		const body = customerResponse({
			customerId: '01JD8M',
			email: 'erik@example.com',
			acceptsCommunication: { email: true, sms: false, mail: true },
		});
		expect(Object.keys(body).sort()).toEqual(documentedKeys);
		expect(body).toMatchObject({
			customer_id: '01JD8M',
			email: 'erik@example.com',
			name_first: '',
			invoice_address: { address: '', city: '', zip: '', country_id: '' },
			accepts_communication: ['email', 'mail'],
			consents: [],
			status: { color: '', text: '' },
			sections: [],
		});
	});

	it('round-trips a parsed create into the same SPI fields', () => {
		const parsed = parseCrmRequest({ operation: 'create', body: erik });
		if (!parsed.ok) throw new Error('should parse');
		const body = spiCustomer({
			...parsed.call.customer,
			customerId: 'new-1',
			status: { color: 'green', text: 'Member' },
			sections: [
				{ title: 'Klaviyo', values: [{ title: 'Email', text: 'Subscribed', type: 'text' }] },
			],
		});
		const { loyalty_tier: _unknown, ...documented } = erik;
		void _unknown;
		expect(body).toMatchObject({
			...documented,
			email: 'erik.nystrom@example.com',
			invoice_address: { ...erik.invoice_address, country_id: 'SE' },
			customer_id: 'new-1',
			status: { color: 'green', text: 'Member' },
		});
		expect(body).not.toHaveProperty('loyalty_tier');
	});

	it('gives each call a ready default answer and errors a short readable body', () => {
		const lookup = parseCrmRequest({
			operation: 'lookup',
			query: { key_type: 'email', key: 'x@y.se' },
		});
		const update = parseCrmRequest({
			operation: 'update',
			params: { customerId: 'c-9' },
			body: { name_first: 'Ada' },
		});
		if (!lookup.ok || !update.ok) throw new Error('should parse');
		expect(defaultResponse(lookup.call)).toEqual([]);
		expect(defaultResponse(update.call)).toMatchObject({ customer_id: 'c-9', name_first: 'Ada' });
		expect(errorResponse('invalid_key_type', "key_type 'personal_id' is not supported")).toEqual({
			error: 'invalid_key_type',
			message: "key_type 'personal_id' is not supported",
		});
	});
});
