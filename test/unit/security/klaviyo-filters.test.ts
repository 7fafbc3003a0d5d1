/**
 * Filter injection: a customer email, phone or id with quotes, backslashes,
 * parentheses, commas or `+` must stay one value in a Klaviyo filter (docs/reference/klaviyo-api.md §1 "Filter
 * syntax"). Each filter goes the whole way a request goes: the transport's builders, the URL that
 * `klaviyoRequest` writes, the query string read back the way a server reads it, and the simulator's
 * own filter parser (an independent implementation): the conditions that come out must be exactly the
 * ones asked for, no more, no other operator, no other value. Seeded, so failures replay.
 */
import fc from 'fast-check';
import { and, any, contains, equals, klaviyoRequest } from '../../../nodes/core/transport/klaviyo';
import {
	eventListQuery,
	profileListQuery,
	profileLookupQuery,
} from '../../../nodes/core/klaviyo/queries';
import type { Query } from '../../../nodes/core/transport/http';
import { parseFilter, type FilterCondition } from '../../simulators/klaviyo/filters';

const SEED = 8008;
const RUNS = 1500;

const HOSTILE_PIECES = [
	'"',
	"'",
	'\\',
	'(',
	')',
	',',
	'+',
	'[',
	']',
	'&',
	'=',
	'%',
	'#',
	'?',
	' ',
	'%2B',
	'%22',
	'\\"',
	'"),',
	'equals(',
	'and(',
	'or(',
	'email',
	'null',
	'true',
	'@',
	'ü',
	'😀',
	'\n',
	'\t',
];
/** Strings made of the pieces an attacker would use, plus plain random text. */
const hostile = fc.oneof(
	fc
		.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 12 })
		.map((parts) => parts.join('')),
	fc.string({ minLength: 1, maxLength: 40 }),
	fc.constantFrom(
		'anna"),equals(email,"eve@example.com',
		'x"),any(id,["1","2"]),equals(email,"y',
		'o"brien+vip@example.com',
		'\\"),has(email',
		"it's\\",
		'a+b@example.com',
		'") ,and(equals(email,"',
	),
);
/** With something left after trimming, as the builders trim. */
const hostileValue = hostile.filter((text) => text.trim().length > 0);

/** The filter as a server gets it: URL written by the transport, query parsed back, then the filter language. */
function serverSees(query: Query): FilterCondition[] {
	const url = klaviyoRequest({ method: 'GET', path: '/api/profiles', query }).url;
	const search = url.slice(url.indexOf('?') + 1);
	// A literal `+` in a query string means a space to most servers; the transport must encode it.
	if (search.includes('+')) throw new Error(`unencoded + in ${url}`);
	const filter = new URLSearchParams(search).get('filter');
	if (filter === null) throw new Error(`no filter in ${url}`);
	return parseFilter(filter);
}

function one(filter: string): FilterCondition[] {
	return parseFilter(filter);
}

describe('Klaviyo filters keep hostile values as data', () => {
	it('equals() and contains(): one condition, the same field, the exact value', () => {
		fc.assert(
			fc.property(hostile, (value) => {
				expect(one(equals('email', value))).toEqual([
					{ operator: 'equals', field: 'email', value },
				]);
				expect(one(contains('external_id', value))).toEqual([
					{ operator: 'contains', field: 'external_id', value },
				]);
			}),
			{ seed: SEED, numRuns: RUNS },
		);
	});

	it('any(): the list comes back with exactly the values given', () => {
		fc.assert(
			fc.property(fc.array(hostile, { minLength: 1, maxLength: 6 }), (values) => {
				expect(one(any('id', values))).toEqual([{ operator: 'any', field: 'id', value: values }]);
			}),
			{ seed: SEED + 1, numRuns: RUNS },
		);
	});

	it('and() of hostile conditions: no condition is added, lost or changed, even through the URL', () => {
		fc.assert(
			fc.property(fc.array(hostile, { minLength: 1, maxLength: 5 }), (values) => {
				const conditions = values.map((value, index) => equals(`field_${index}`, value));
				const expected = values.map((value, index) => ({
					operator: 'equals',
					field: `field_${index}`,
					value,
				}));
				expect(serverSees({ filter: and(...conditions) })).toEqual(expected);
			}),
			{ seed: SEED + 2, numRuns: RUNS },
		);
	});

	it("the Klaviyo node's profile lookups send the typed email, phone and id as values only", () => {
		fc.assert(
			fc.property(hostileValue, hostileValue, hostileValue, (email, phoneNumber, externalId) => {
				const expected = [
					{ operator: 'equals', field: 'email', value: email.trim().toLowerCase() },
					{ operator: 'equals', field: 'phone_number', value: phoneNumber.trim() },
					{ operator: 'equals', field: 'external_id', value: externalId.trim() },
				];
				expect(serverSees(profileListQuery({ email, phoneNumber, externalId }, 50, false))).toEqual(
					expected,
				);
				expect(serverSees(profileLookupQuery('external_id', externalId, true))).toEqual([
					expected[2],
				]);
				expect(serverSees(profileLookupQuery('email', email, false))).toEqual([expected[0]]);
			}),
			{ seed: SEED + 3, numRuns: RUNS },
		);
	});

	it('event listing keeps a hostile metric or profile id inside its condition', () => {
		fc.assert(
			fc.property(hostileValue, hostileValue, (metricId, profileId) => {
				const conditions = serverSees(
					eventListQuery({ metricId, profileId, since: '2025-06-01T00:00:00Z' }, 100),
				);
				expect(conditions.map((c) => [c.operator, c.field])).toEqual([
					['equals', 'metric_id'],
					['equals', 'profile_id'],
					['greater-or-equal', 'datetime'],
				]);
				expect(conditions[0]!.value).toBe(metricId);
				expect(conditions[1]!.value).toBe(profileId);
			}),
			{ seed: SEED + 4, numRuns: RUNS },
		);
	});

	it('refuses a field name that is not a plain name, so a field cannot smuggle a condition either', () => {
		for (const field of ['email,"x"),equals(id', 'email)', 'a b', '"email"', '', 'email\n']) {
			expect(() => equals(field, 'x')).toThrow(RangeError);
		}
		fc.assert(
			fc.property(hostile, (field) => {
				let built: string | undefined;
				try {
					built = equals(field, 'v');
				} catch (error) {
					expect(error).toBeInstanceOf(RangeError);
					return;
				}
				// Accepted names are plain words: the filter still has one condition on that name.
				expect(one(built)).toEqual([{ operator: 'equals', field, value: 'v' }]);
			}),
			{ seed: SEED + 5, numRuns: RUNS },
		);
	});

	it('a plus sign reaches the server as a plus, not a space', () => {
		expect(serverSees({ filter: equals('email', 'anna+vip@example.com') })).toEqual([
			{ operator: 'equals', field: 'email', value: 'anna+vip@example.com' },
		]);
	});
});
