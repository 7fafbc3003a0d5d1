import { KlaviyoContract } from '../contract';
import { startKlaviyo, type KlaviyoHarness } from './harness';

const contract = new KlaviyoContract();

/** The parts of Klaviyo's profile resource these tests read. */
type ProfileResource = { attributes: { email: string; first_name: string } };
const importBody = (attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	data: { type: 'profile', attributes, ...extra },
});

describe('Klaviyo simulator: profiles', () => {
	let k: KlaviyoHarness;
	beforeEach(async () => {
		k = await startKlaviyo();
	});
	afterEach(() => k.close());

	it('profile import creates (201), then updates (200); null clears, absent keeps, properties merge', async () => {
		const created = await k.call(
			'POST',
			'/api/profile-import',
			importBody({
				email: 'Anna@Example.com',
				first_name: 'Anna',
				title: 'Dr',
				properties: { pos_customer_id: '17' },
			}),
		);
		expect(created.status).toBe(201);
		expect(contract.operation('create_or_update_profile').checkResponse(201, created.body)).toEqual(
			[],
		);
		expect(created.body.data.attributes).toMatchObject({
			email: 'anna@example.com',
			first_name: 'Anna',
		});

		const updated = await k.call(
			'POST',
			'/api/profile-import',
			importBody({ email: 'anna@example.com', title: null, properties: { pos_home_store: 'S1' } }),
		);
		expect(updated.status).toBe(200);
		expect(updated.body.data.id).toBe(created.body.data.id);
		expect(updated.body.data.attributes).toMatchObject({
			first_name: 'Anna',
			title: null,
			properties: { pos_customer_id: '17', pos_home_store: 'S1' },
		});
	});

	it('applies patch_properties append, unappend and unset', async () => {
		await k.call(
			'POST',
			'/api/profile-import',
			importBody({ email: 'a@example.com', properties: { stores: ['S1'], old: 1 } }),
		);
		const reply = await k.call(
			'POST',
			'/api/profile-import',
			importBody(
				{ email: 'a@example.com' },
				{
					meta: {
						patch_properties: {
							append: { stores: 'S2' },
							unappend: { stores: 'S1' },
							unset: 'old',
						},
					},
				},
			),
		);
		expect(reply.body.data.attributes.properties).toEqual({ stores: ['S2'] });
	});

	it('answers 409 duplicate_profile with the other profile id when email and phone belong to two profiles', async () => {
		await k.call('POST', '/api/profile-import', importBody({ email: 'anna@example.com' }));
		const bo = await k.call(
			'POST',
			'/api/profile-import',
			importBody({ email: 'bo@example.com', phone_number: '+46701234567' }),
		);
		const conflict = await k.call(
			'POST',
			'/api/profile-import',
			importBody({ email: 'anna@example.com', phone_number: '+46701234567' }),
		);
		expect(conflict.status).toBe(409);
		expect(conflict.body.errors[0]).toMatchObject({
			code: 'duplicate_profile',
			meta: { duplicate_profile_id: bo.body.data.id },
			source: { pointer: '/data/attributes' },
		});
	});

	it('answers 400 with a pointer for an invalid phone number, 404 for an unknown id', async () => {
		const phone = await k.call(
			'POST',
			'/api/profile-import',
			importBody({ email: 'a@example.com', phone_number: '0701234567' }),
		);
		expect(phone.status).toBe(400);
		expect(phone.body.errors[0].source.pointer).toBe('/data/attributes/phone_number');
		const unknown = await k.call('POST', '/api/profile-import', {
			data: { type: 'profile', id: '01KNOPE', attributes: { first_name: 'X' } },
		});
		expect(unknown.status).toBe(404);
		expect((await k.call('GET', '/api/profiles/01KNOPE')).status).toBe(404);
	});

	it('finds profiles by email even when the address holds apostrophes and plus signs', async () => {
		await k.call(
			'POST',
			'/api/profile-import',
			importBody({ email: "o'brien+vip@example.com", first_name: 'Quote' }),
		);
		await k.call(
			'POST',
			'/api/profile-import',
			importBody({ email: 'obrien+vip@example.com', first_name: 'Plain' }),
		);
		for (const filter of [
			`equals(email,"o'brien+vip@example.com")`,
			"equals(email,'o\\'brien+vip@example.com')",
		]) {
			const reply = await k.call('GET', `/api/profiles?filter=${encodeURIComponent(filter)}`);
			expect(reply.status).toBe(200);
			expect(reply.body.data.map((p: ProfileResource) => p.attributes.first_name)).toEqual([
				'Quote',
			]);
		}
		// Unencoded, '+' arrives as a space and no longer matches: why clients must encode filters.
		const raw = await k.call('GET', `/api/profiles?filter=equals(email,"obrien+vip@example.com")`);
		expect(raw.body.data).toEqual([]);
	});

	it('filters with any() and by phone and external id, pages with page[size] and returns subscriptions on request', async () => {
		for (const [i, email] of ['a@x.se', 'b@x.se', 'c@x.se'].entries()) {
			await k.call(
				'POST',
				'/api/profile-import',
				importBody({ email, phone_number: `+4670000000${i}`, external_id: `POS-${i}` }),
			);
		}
		const any = await k.call(
			'GET',
			`/api/profiles?filter=${encodeURIComponent('any(email,["a@x.se","c@x.se"])')}&page[size]=1&additional-fields[profile]=subscriptions`,
		);
		expect(contract.operation('get_profiles').checkResponse(200, any.body)).toEqual([]);
		expect(any.body.data.map((p: ProfileResource) => p.attributes.email)).toEqual(['a@x.se']);
		expect(any.body.data[0].attributes.subscriptions.email.marketing).toMatchObject({
			consent: 'NEVER_SUBSCRIBED',
			can_receive_email_marketing: false,
		});
		const next = new URL(any.body.links.next);
		expect(
			(await k.call('GET', next.pathname + next.search)).body.data.map(
				(p: ProfileResource) => p.attributes.email,
			),
		).toEqual(['c@x.se']);
		const phone = await k.call(
			'GET',
			`/api/profiles?filter=${encodeURIComponent('equals(phone_number,"+46700000001")')}`,
		);
		expect(phone.body.data.map((p: ProfileResource) => p.attributes.email)).toEqual(['b@x.se']);
		const external = await k.call(
			'GET',
			`/api/profiles?filter=${encodeURIComponent('equals(external_id,"POS-2")')}`,
		);
		expect(external.body.data.map((p: ProfileResource) => p.attributes.email)).toEqual(['c@x.se']);
		const byId = await k.call(
			'GET',
			`/api/profiles/${external.body.data[0].id}?additional-fields[profile]=subscriptions`,
		);
		expect(contract.operation('get_profile').checkResponse(200, byId.body)).toEqual([]);
	});

	it('refuses filters the spec does not allow for profiles', async () => {
		const reply = await k.call(
			'GET',
			`/api/profiles?filter=${encodeURIComponent('equals(first_name,"Anna")')}`,
		);
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].detail).toContain("'first_name' is not a valid field");
		const operator = await k.call(
			'GET',
			`/api/profiles?filter=${encodeURIComponent('greater-than(email,"a")')}`,
		);
		expect(operator.body.errors[0].detail).toContain("'greater-than' is not a valid operator");
	});
});
