import { ApiError } from '../../../nodes/core/transport/errors';
import type { HttpRequest, HttpResponse, SendRequest } from '../../../nodes/core/transport/http';
import {
	and,
	any,
	equals,
	greaterOrEqual,
	klaviyoHeaders,
	klaviyoPages,
	klaviyoRequest,
	klaviyoResources,
	lessThan,
	type KlaviyoFilter,
} from '../../../nodes/core/transport/klaviyo';
import { parseFilter } from '../../simulators/klaviyo/filters';
import {
	API_KEY,
	startKlaviyo,
	type KlaviyoHarness,
} from '../../simulators/klaviyo/__tests__/harness';
import { json, klaviyoErrorBody, scriptedSend } from './fakes';

/** The filter as the server reads it: out of the encoded URL, then through the simulator's parser. */
function filterOnTheWire(filter: KlaviyoFilter) {
	const request = klaviyoRequest({
		method: 'GET',
		path: '/api/profiles',
		query: { filter, 'page[size]': 20 },
	});
	const received = new URL(request.url).searchParams.get('filter');
	expect(received).toBe(filter);
	return parseFilter(received!);
}

const awkwardEmails = [
	'o"brien+vip@example.com',
	'back\\slash+1@example.com',
	"d'arcy@example.com",
	'trailing\\@example.com',
	'comma,and)paren(@example.com',
	'"quoted"@example.com',
	'space and+plus@example.com',
	'\\"both\\"@example.com',
];

describe('filter builder', () => {
	it.each(awkwardEmails)('equals(email, %j) reaches the parser as exactly that value', (email) => {
		expect(filterOnTheWire(equals('email', email))).toEqual([
			{ operator: 'equals', field: 'email', value: email },
		]);
	});

	it('any(email, [...]) keeps every value apart', () => {
		expect(filterOnTheWire(any('email', awkwardEmails))).toEqual([
			{ operator: 'any', field: 'email', value: awkwardEmails },
		]);
	});

	it('writes datetimes unquoted and combines with and(...)', () => {
		const from = new Date('2026-03-01T00:00:00Z');
		const to = new Date('2026-03-14T09:30:00.250Z');
		const filter = and(
			equals('metric_id', 'AbC123'),
			greaterOrEqual('datetime', from),
			lessThan('datetime', to),
		);
		expect(filter).toBe(
			'and(equals(metric_id,"AbC123"),greater-or-equal(datetime,2026-03-01T00:00:00Z),less-than(datetime,2026-03-14T09:30:00.250Z))',
		);
		expect(filterOnTheWire(filter)).toEqual([
			{ operator: 'equals', field: 'metric_id', value: 'AbC123' },
			{ operator: 'greater-or-equal', field: 'datetime', value: from },
			{ operator: 'less-than', field: 'datetime', value: to },
		]);
	});

	it('keeps a + in the URL as %2B, so it is not read back as a space', () => {
		const request = klaviyoRequest({
			method: 'GET',
			path: '/api/profiles',
			query: { filter: equals('email', 'a+b@example.com') },
		});
		expect(request.url).toBe(
			'https://a.klaviyo.com/api/profiles?filter=equals(email%2C%22a%2Bb%40example.com%22)',
		);
	});

	it('refuses field names and values that cannot be written safely', () => {
		expect(() => equals('email) ,equals(id', 'x')).toThrow(RangeError);
		expect(() => greaterOrEqual('datetime', new Date(NaN))).toThrow(RangeError);
		expect(() => equals('value', Number.NaN)).toThrow(RangeError);
		expect(() => any('email', [])).toThrow(RangeError);
	});
});

describe('klaviyoRequest', () => {
	it('carries revision, accept and the JSON:API content type, but no Authorization (the credential adds it)', () => {
		const request = klaviyoRequest({
			method: 'POST',
			path: '/api/events',
			body: { data: {} },
			revision: '2026-10-15',
			baseUrl: 'https://sim.local/',
		});
		expect(request).toEqual({
			method: 'POST',
			url: 'https://sim.local/api/events',
			headers: {
				revision: '2026-10-15',
				accept: 'application/vnd.api+json',
				'content-type': 'application/vnd.api+json',
			},
			body: { data: {} },
		});
		expect(klaviyoHeaders()).toEqual({
			revision: '2026-07-15',
			accept: 'application/vnd.api+json',
			'content-type': 'application/vnd.api+json',
		});
	});
});

describe('klaviyoPages', () => {
	const first = klaviyoRequest({
		method: 'GET',
		path: '/api/profiles',
		query: { 'page[size]': 2 },
	});
	const page = (ids: string[], next?: string | null) =>
		json(200, { data: ids.map((id) => ({ type: 'profile', id })), links: { self: 'x', next } });

	it('follows links.next across pages with the same headers and stops when there is none', async () => {
		const next2 = 'https://a.klaviyo.com/api/profiles/?page%5Bcursor%5D=c2&page%5Bsize%5D=2';
		const next3 = 'https://a.klaviyo.com/api/profiles/?page%5Bcursor%5D=c3&page%5Bsize%5D=2';
		const send = scriptedSend([
			page(['p1', 'p2'], next2),
			page(['p3', 'p4'], next3),
			page(['p5'], null),
		]);
		const ids: string[] = [];
		for await (const resource of klaviyoResources(send, first))
			ids.push((resource as { id: string }).id);
		expect(ids).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
		expect(send.requests.map((r) => r.url)).toEqual([first.url, next2, next3]);
		expect(send.requests.every((r) => r.method === 'GET' && r.headers === first.headers)).toBe(
			true,
		);
	});

	it('reads one page at a time', async () => {
		const send = scriptedSend([
			page(['p1'], 'https://a.klaviyo.com/api/profiles/?page%5Bcursor%5D=c2'),
			page(['p2']),
		]);
		const pages = klaviyoPages(send, first);
		await pages.next();
		expect(send.requests).toHaveLength(1);
		await pages.return(undefined);
		expect(send.requests).toHaveLength(1);
	});

	it('stops at the page cap and hands back where to resume', async () => {
		const nexts = [
			'https://a.klaviyo.com/api/profiles/?page%5Bcursor%5D=c2',
			'https://a.klaviyo.com/api/profiles/?page%5Bcursor%5D=c3',
		];
		const send = scriptedSend([
			page(['p1', 'p2'], nexts[0]),
			page(['p3', 'p4'], nexts[1]),
			page(['p5']),
		]);
		const seen = [];
		for await (const p of klaviyoPages(send, first, { maxPages: 2 })) seen.push(p);
		expect(seen.map((p) => p.pageNumber)).toEqual([1, 2]);
		expect(seen[1]!.nextUrl).toBe(nexts[1]);
		expect(send.requests).toHaveLength(2);
	});

	it('does not follow a next link to another host, nor loop on a link it has read', async () => {
		const elsewhere = scriptedSend([
			page(['p1'], 'https://evil.example/api/profiles/?page%5Bcursor%5D=c2'),
		]);
		await expect(klaviyoPages(elsewhere, first).next()).rejects.toThrow(
			/another host \(https:\/\/evil\.example\)/,
		);

		const looping = scriptedSend([page(['p1'], first.url)]);
		const ids = [];
		for await (const resource of klaviyoResources(looping, first)) ids.push(resource);
		expect(ids).toHaveLength(1);
		expect(looping.requests).toHaveLength(1);
	});

	it('throws the API error of a failed page', async () => {
		const send = scriptedSend([
			json(
				400,
				klaviyoErrorBody(400, 'invalid', "'page_size' is not a valid parameter.", {
					parameter: 'page_size',
				}),
			),
		]);
		const error = await klaviyoPages(send, first)
			.next()
			.then(
				() => undefined,
				(e: unknown) => e,
			);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).message).toMatch(
			/^Klaviyo rejected parameter page_size: 'page_size' is not a valid parameter\./,
		);
	});
});

/** Against the Klaviyo simulator over local HTTP: filters and paging as a spec-validating server reads them. */
describe('against the Klaviyo simulator', () => {
	let klaviyo: KlaviyoHarness;
	let send: SendRequest;

	beforeAll(async () => {
		klaviyo = await startKlaviyo();
		send = async (request: HttpRequest): Promise<HttpResponse> => {
			const response = await fetch(request.url, {
				method: request.method,
				// What n8n's credential adds.
				headers: { ...request.headers, authorization: `Klaviyo-API-Key ${API_KEY}` },
				body: request.body === undefined ? undefined : JSON.stringify(request.body),
			});
			const text = await response.text();
			return {
				status: response.status,
				headers: Object.fromEntries(response.headers),
				body: text === '' ? undefined : JSON.parse(text),
			};
		};
	});
	afterAll(() => klaviyo.close());

	const emails = [
		"o'brien+vip@example.com",
		'plain@example.com',
		'other+tag@example.com',
		'fourth@example.com',
		'fifth@example.com',
	];

	it('finds a profile by an email with + and a quote, and pages through the rest', async () => {
		for (const email of emails) {
			const response = await send(
				klaviyoRequest({
					baseUrl: klaviyo.server.url,
					method: 'POST',
					path: '/api/profile-import',
					body: { data: { type: 'profile', attributes: { email } } },
				}),
			);
			expect(response.status).toBeLessThan(300);
		}
		const found = [];
		const byEmail = klaviyoRequest({
			baseUrl: klaviyo.server.url,
			method: 'GET',
			path: '/api/profiles',
			query: { filter: equals('email', emails[0]!) },
		});
		for await (const profile of klaviyoResources(send, byEmail))
			found.push(profile as { attributes: { email: string } });
		expect(found.map((p) => p.attributes.email)).toEqual([emails[0]]);

		const pagesSeen: number[] = [];
		const all: string[] = [];
		const everyone = klaviyoRequest({
			baseUrl: klaviyo.server.url,
			method: 'GET',
			path: '/api/profiles',
			query: { 'page[size]': 2 },
		});
		for await (const p of klaviyoPages(send, everyone)) {
			pagesSeen.push(p.data.length);
			for (const profile of p.data)
				all.push((profile as { attributes: { email: string } }).attributes.email);
		}
		expect(pagesSeen).toEqual([2, 2, 1]);
		expect([...all].sort()).toEqual([...emails].sort());
	});
});
