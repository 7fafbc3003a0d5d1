/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KlaviyoContract } from '../contract';
import { loadSpec, SPEC_PATH, type OpenApiSpec } from '../spec';

const validEvent = () => ({
	data: {
		type: 'event',
		attributes: {
			metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
			profile: { data: { type: 'profile', attributes: { email: 'anna@example.com' } } },
			properties: { OrderId: '1' },
			unique_id: 'sitoo:acme:1',
			time: '2026-11-01T10:00:00Z',
			value: 10,
			backfill: null,
		},
	},
});

describe('Klaviyo contract', () => {
	const contract = new KlaviyoContract();

	it('is the unchanged official spec file, revision 2026-07-15', () => {
		const hash = createHash('sha256').update(readFileSync(SPEC_PATH)).digest('hex');
		expect(hash).toBe('deb88f1dfad82fd530433555d3180fdc29633143d21e7347a9726cbea3fae2a9');
		expect(contract.revision).toBe('2026-07-15');
	});

	it('accepts a valid event, including explicit nulls where the spec allows them', () => {
		expect(contract.operation('create_event').checkBody(validEvent())).toEqual([]);
	});

	it('rejects a numeric unique_id with a pointer to the member', () => {
		const body = validEvent();
		(body.data.attributes as Record<string, unknown>).unique_id = 1001;
		const errors = contract.operation('create_event').checkBody(body);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({
			status: 400,
			code: 'invalid',
			source: { pointer: '/data/attributes/unique_id' },
		});
	});

	it('rejects an attribute the spec does not declare, naming it', () => {
		const body = validEvent();
		(body.data.attributes as Record<string, unknown>).uniqueId = 'camelCase';
		const [error] = contract.operation('create_event').checkBody(body);
		expect(error.source).toEqual({ pointer: '/data/attributes/uniqueId' });
		expect(error.detail).toContain("'uniqueId' is not a valid field for the resource 'event'");
	});

	it('keeps free-form objects open: any event property is allowed', () => {
		const body = validEvent();
		body.data.attributes.properties = { OrderId: '1', Anything: { nested: [1, 2] } } as never;
		expect(contract.operation('create_event').checkBody(body)).toEqual([]);
	});

	it('rejects a missing required member and a wrong resource type', () => {
		const body = validEvent() as { data: Record<string, unknown> };
		body.data.type = 'events';
		delete (body.data.attributes as Record<string, unknown>).metric;
		const pointers = contract
			.operation('create_event')
			.checkBody(body)
			.map((e) => (e.source as { pointer: string }).pointer);
		expect(pointers).toEqual(expect.arrayContaining(['/data/type', '/data/attributes/metric']));
	});

	it('lets the spec decide: the same body flips when the spec changes', () => {
		const spec = JSON.parse(JSON.stringify(loadSpec())) as OpenApiSpec;
		const resource = spec.components.schemas.EventCreateQueryV2ResourceObject as {
			properties: { attributes: { properties: Record<string, unknown> } };
		};
		const attributes = resource.properties.attributes;
		attributes.properties.unique_id = { type: 'integer' };
		const altered = new KlaviyoContract(spec).operation('create_event');
		const numeric = validEvent();
		(numeric.data.attributes as Record<string, unknown>).unique_id = 1001;
		expect(altered.checkBody(numeric)).toEqual([]);
		expect(altered.checkBody(validEvent())[0].source).toEqual({
			pointer: '/data/attributes/unique_id',
		});
	});

	it('reads rate limits and allowed filters from the spec', () => {
		expect(contract.operation('create_event').rateLimit).toEqual({
			burstPerSecond: 350,
			steadyPerMinute: 3500,
		});
		expect(contract.operation('bulk_create_events').rateLimit).toEqual({
			burstPerSecond: 10,
			steadyPerMinute: 150,
		});
		expect(contract.operation('get_accounts').rateLimit).toEqual({
			burstPerSecond: 1,
			steadyPerMinute: 15,
		});
		const events = contract.operation('get_events').allowedFilters;
		expect([...(events.get('datetime') ?? [])]).toEqual([
			'greater-or-equal',
			'greater-than',
			'less-or-equal',
			'less-than',
		]);
		expect([...(contract.operation('get_profiles').allowedFilters.get('email') ?? [])]).toEqual([
			'any',
			'equals',
		]);
	});

	it('rejects undeclared query parameters and values outside an enum', () => {
		const op = contract.operation('get_events');
		expect(op.parseQuery(new URLSearchParams('sort=-datetime&page[size]=50')).errors).toEqual([]);
		const bad = op.parseQuery(new URLSearchParams('sort=value&pagesize=5&page[size]=5000'));
		expect(bad.errors.map((e) => e.source)).toEqual([
			{ parameter: 'sort' },
			{ parameter: 'pagesize' },
			{ parameter: 'page[size]' },
		]);
	});

	it('validates subscription jobs: consent can only be SUBSCRIBED', () => {
		const op = contract.operation('bulk_subscribe_profiles');
		const body = {
			data: {
				type: 'profile-subscription-bulk-create-job',
				attributes: {
					profiles: {
						data: [
							{
								type: 'profile',
								attributes: {
									email: 'a@b.se',
									subscriptions: { email: { marketing: { consent: 'UNSUBSCRIBED' } } },
								},
							},
						],
					},
				},
			},
		};
		const [error] = op.checkBody(body);
		expect(error.source).toEqual({
			pointer: '/data/attributes/profiles/data/0/attributes/subscriptions/email/marketing/consent',
		});
	});
});
