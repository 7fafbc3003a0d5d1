/* eslint-disable
	@n8n/community-nodes/require-node-api-error
	-- test code: runs in Node, never inside n8n */
import type { KlaviyoContract, OperationContract } from './contract';
import {
	errorResponse,
	invalidParameter,
	klaviyoError,
	throttled,
	type KlaviyoError,
} from './errors';
import { FilterSyntaxError, matchesCondition, parseFilter, type FilterCondition } from './filters';
import type { SimEvent } from './events';
import type { SimProfile } from './profiles';
import type { RateLimiter } from './rate-limits';
import { accountResource, eventResource, metricResource, profileResource } from './resources';
import type { KlaviyoWorld } from './world';
import { parseJsonBody, type Router, type SimRequest, type SimResponse } from '../shared/http';

export interface KlaviyoAccess {
	apiKey: string;
	accountId: string;
}

interface Call {
	req: SimRequest;
	query: Record<string, unknown>;
	body: Record<string, unknown>;
	baseUrl: string;
	contract: OperationContract;
}

type EndpointHandler = (call: Call) => SimResponse | KlaviyoError[];

const JSON_API = 'application/vnd.api+json';
/** Klaviyo's payload limits (docs/reference/klaviyo-api.md §2.1–2.3): 5 MB for events, 100 KB for a profile write. */
const BODY_LIMITS: Record<string, number> = { create_or_update_profile: 100 * 1024 };
const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

export function addKlaviyoRoutes(
	router: Router,
	contract: KlaviyoContract,
	world: KlaviyoWorld,
	limiter: RateLimiter,
	access: KlaviyoAccess,
): void {
	const endpoint = (operationId: string, handler: EndpointHandler) => {
		const operation = contract.operation(operationId);
		router.add(operation.method, operation.path.replace(/\{(\w+)\}/g, ':$1'), (req) =>
			serve(req, operation, handler, contract.revision, world, limiter, access),
		);
	};

	endpoint('get_accounts', (call) => ({
		status: 200,
		body: {
			data: [
				accountResource(access.accountId, {
					baseUrl: call.baseUrl,
					fields: fieldsFor(call, 'account'),
				}),
			],
			links: { self: selfLink(call) },
		},
	}));

	endpoint('create_event', (call) =>
		accepted(world.createEvent(dataOf(call).attributes as Record<string, unknown>)),
	);
	endpoint('bulk_create_events', (call) =>
		accepted(world.createEventBulkJob(dataOf(call).attributes as Record<string, unknown>)),
	);
	endpoint('bulk_subscribe_profiles', (call) => accepted(world.subscribe(dataOf(call))));
	endpoint('bulk_unsubscribe_profiles', (call) => accepted(world.unsubscribe(dataOf(call))));
	endpoint('bulk_suppress_profiles', (call) => {
		const result = world.suppress(dataOf(call));
		if (Array.isArray(result)) return result;
		return {
			status: 202,
			body: {
				data: {
					type: 'profile-suppression-bulk-create-job',
					id: result.job.id,
					attributes: {
						status: 'queued',
						created: result.job.created,
						total_count: result.job.emails.length,
						completed_count: 0,
						completed_at: null,
					},
					relationships: {},
					links: {
						self: `${call.baseUrl}/api/profile-suppression-bulk-create-jobs/${result.job.id}/`,
					},
				},
				links: { self: selfLink(call) },
			},
		};
	});

	endpoint('create_or_update_profile', (call) => {
		const result = world.importProfile(dataOf(call));
		if (Array.isArray(result)) return result;
		return {
			status: result.status,
			body: {
				data: profileResource(result.profile, {
					baseUrl: call.baseUrl,
					withSubscriptions: wantsSubscriptions(call),
				}),
				links: { self: selfLink(call) },
			},
		};
	});

	endpoint('get_profile', (call) => {
		const profile = world.profiles.get(call.req.params.id);
		if (!profile)
			return [
				klaviyoError(404, 'not_found', `A profile with id ${call.req.params.id} does not exist.`),
			];
		return {
			status: 200,
			body: {
				data: profileResource(profile, profileOptions(call)),
				links: { self: selfLink(call) },
			},
		};
	});

	endpoint('get_profiles', (call) => {
		const conditions = filterOf(call);
		if (!Array.isArray(conditions)) return [conditions];
		const profiles = world.profiles
			.all()
			.filter((profile) =>
				conditions.every((c) => matchesCondition(profileField(profile, c.field), c)),
			);
		sortRecords(profiles, call.query.sort as string | undefined, profileField);
		return page(call, profiles, (profile) => profileResource(profile, profileOptions(call)));
	});

	endpoint('get_metrics', (call) => {
		const conditions = filterOf(call);
		if (!Array.isArray(conditions)) return [conditions];
		// Every metric here is created through the API, so its integration is "API" (category "API").
		const metrics = world.events
			.allMetrics()
			.filter(() => conditions.every((c) => matchesCondition('API', c)));
		return page(
			call,
			metrics,
			(metric) =>
				metricResource(metric, { baseUrl: call.baseUrl, fields: fieldsFor(call, 'metric') }),
			200,
		);
	});

	endpoint('get_events', (call) => {
		const conditions = filterOf(call);
		if (!Array.isArray(conditions)) return [conditions];
		const events = world.events
			.all()
			.filter((event) =>
				conditions.every((c) => matchesCondition(eventField(event, c.field), timestampAsDate(c))),
			);
		sortRecords(events, (call.query.sort as string | undefined) ?? 'datetime', eventField);
		const includes = (call.query.include as string[] | undefined) ?? [];
		return page(
			call,
			events,
			(event) => eventResource(event, { baseUrl: call.baseUrl, fields: fieldsFor(call, 'event') }),
			undefined,
			(pageEvents) => {
				const included: unknown[] = [];
				if (includes.includes('profile')) {
					for (const id of new Set(pageEvents.map((e) => e.profileId))) {
						const profile = world.profiles.get(id);
						if (profile)
							included.push(
								profileResource(profile, {
									baseUrl: call.baseUrl,
									fields: fieldsFor(call, 'profile'),
								}),
							);
					}
				}
				if (includes.includes('metric')) {
					for (const id of new Set(pageEvents.map((e) => e.metricId))) {
						const metric = world.events.metric(id);
						if (metric)
							included.push(
								metricResource(metric, {
									baseUrl: call.baseUrl,
									fields: fieldsFor(call, 'metric'),
								}),
							);
					}
				}
				return includes.length > 0 ? included : undefined;
			},
		);
	});
}

async function serve(
	req: SimRequest,
	contract: OperationContract,
	handler: EndpointHandler,
	revision: string,
	world: KlaviyoWorld,
	limiter: RateLimiter,
	access: KlaviyoAccess,
): Promise<SimResponse> {
	const authorization = req.headers.authorization ?? '';
	if (!authorization.startsWith('Klaviyo-API-Key ')) {
		return errorResponse([
			klaviyoError(
				401,
				'not_authenticated',
				'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.',
			),
		]);
	}
	if (authorization.slice('Klaviyo-API-Key '.length).trim() !== access.apiKey) {
		return errorResponse([
			klaviyoError(401, 'authentication_failed', 'Incorrect authentication credentials.', {
				title: 'Incorrect authentication credentials.',
			}),
		]);
	}
	const requested = req.headers.revision;
	if (typeof requested !== 'string' || requested === '') {
		return errorResponse([
			invalidParameter(
				'revision',
				'Missing required header `revision`. Send the API revision as YYYY-MM-DD, e.g. 2026-07-15.',
			),
		]);
	}
	if (requested !== revision) {
		return errorResponse([
			invalidParameter(
				'revision',
				`'${requested}' is not a supported revision here; this API serves revision ${revision}.`,
			),
		]);
	}
	const decision = limiter.take(contract.operationId, contract.rateLimit);
	if (!decision.allowed) return throttled(decision.retryAfterSeconds);
	const rateHeaders = {
		'ratelimit-limit': String(decision.steadyLimit),
		'ratelimit-remaining': String(decision.steadyRemaining),
		'ratelimit-reset': String(decision.steadyResetSeconds),
	};
	world.settle();

	let body: Record<string, unknown> = {};
	if (contract.hasBody) {
		const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		if (contentType !== JSON_API && contentType !== 'application/json') {
			return errorResponse(
				[
					klaviyoError(
						415,
						'unsupported_media_type',
						`Unsupported media type "${contentType}" in request. Use ${JSON_API}.`,
					),
				],
				rateHeaders,
			);
		}
		const limit = BODY_LIMITS[contract.operationId] ?? DEFAULT_BODY_LIMIT;
		if (req.body.length > limit) {
			return errorResponse(
				[
					klaviyoError(
						413,
						'request_too_large',
						`The request body is ${req.body.length} bytes; the limit for this endpoint is ${limit} bytes.`,
					),
				],
				rateHeaders,
			);
		}
		const parsed = parseJsonBody(req.body);
		if (parsed instanceof Error)
			return errorResponse(
				[klaviyoError(400, 'parse_error', `JSON parse error - ${parsed.message}`)],
				rateHeaders,
			);
		const problems = contract.checkBody(parsed);
		if (problems.length > 0) return errorResponse(problems, rateHeaders);
		body = parsed as Record<string, unknown>;
	}
	const query = contract.parseQuery(req.query);
	if (query.errors.length > 0) return errorResponse(query.errors, rateHeaders);

	const host = req.headers.host ?? 'localhost';
	const result = handler({ req, query: query.values, body, baseUrl: `http://${host}`, contract });
	if (Array.isArray(result)) return errorResponse(result, rateHeaders);
	return { ...result, contentType: JSON_API, headers: { ...rateHeaders, ...result.headers } };
}

function accepted(errors: KlaviyoError[]): SimResponse | KlaviyoError[] {
	return errors.length > 0 ? errors : { status: 202 };
}

function dataOf(call: Call): Record<string, unknown> {
	return call.body.data as Record<string, unknown>;
}

/** Links are absolute and percent-encoded (`page%5Bcursor%5D=…`), as Klaviyo writes them. */
function selfLink(call: Call, cursor?: string): string {
	const params = new URLSearchParams(call.req.query);
	if (cursor !== undefined) params.set('page[cursor]', cursor);
	const search = params.toString();
	return `${call.baseUrl}${call.req.url.pathname}${search ? `?${search}` : ''}`;
}

function fieldsFor(call: Call, type: string): string[] | undefined {
	return call.query[`fields[${type}]`] as string[] | undefined;
}

function wantsSubscriptions(call: Call): boolean {
	return ((call.query['additional-fields[profile]'] as string[] | undefined) ?? []).includes(
		'subscriptions',
	);
}

function profileOptions(call: Call) {
	return {
		baseUrl: call.baseUrl,
		withSubscriptions: wantsSubscriptions(call),
		fields: fieldsFor(call, 'profile'),
	};
}

/** Parses `filter` and checks each field/operator against what the spec allows for this endpoint. */
function filterOf(call: Call): FilterCondition[] | KlaviyoError {
	const text = call.query.filter as string | undefined;
	if (text === undefined) return [];
	let conditions: FilterCondition[];
	try {
		conditions = parseFilter(text);
	} catch (error) {
		if (error instanceof FilterSyntaxError)
			return invalidParameter('filter', `Invalid filter provided: ${error.message}`);
		throw error;
	}
	for (const condition of conditions) {
		const operators = call.contract.allowedFilters.get(condition.field);
		if (!operators)
			return invalidParameter(
				'filter',
				`'${condition.field}' is not a valid field for filtering. Allowed: ${[...call.contract.allowedFilters.keys()].join(', ')}.`,
			);
		if (!operators.has(condition.operator)) {
			return invalidParameter(
				'filter',
				`'${condition.operator}' is not a valid operator for '${condition.field}'. Allowed: ${[...operators].join(', ')}.`,
			);
		}
	}
	return conditions;
}

function profileField(profile: SimProfile, field: string): unknown {
	switch (field) {
		case 'created':
		case 'updated':
			return new Date(profile[field]);
		case 'subscriptions.email.marketing.suppression.reason':
			return profile.subscriptions.email.marketing.suppression[0]?.reason;
		case 'subscriptions.email.marketing.suppression.timestamp': {
			const timestamp = profile.subscriptions.email.marketing.suppression[0]?.timestamp;
			return timestamp ? new Date(timestamp) : undefined;
		}
		default:
			return (profile as unknown as Record<string, unknown>)[field.replace(/^-/, '')];
	}
}

function eventField(event: SimEvent, field: string): unknown {
	switch (field.replace(/^-/, '')) {
		case 'metric_id':
			return event.metricId;
		case 'profile_id':
			return event.profileId;
		case 'profile':
		case 'metric':
			return true;
		default:
			return new Date(event.datetime);
	}
}

/** `timestamp` may be compared with epoch seconds; everything else compares as dates. */
function timestampAsDate(condition: FilterCondition): FilterCondition {
	if (condition.field === 'timestamp' && typeof condition.value === 'number')
		return { ...condition, value: new Date(condition.value * 1000) };
	return condition;
}

function sortRecords<T>(
	records: T[],
	sort: string | undefined,
	field: (record: T, name: string) => unknown,
): void {
	if (!sort) return;
	const descending = sort.startsWith('-');
	const name = sort.replace(/^-/, '');
	const key = (record: T) => {
		const value = field(record, name);
		return value instanceof Date ? value.getTime() : (value as string | number | null | undefined);
	};
	records.sort((a, b) => {
		const x = key(a) ?? '';
		const y = key(b) ?? '';
		const order = x < y ? -1 : x > y ? 1 : 0;
		return descending ? -order : order;
	});
}

/** Cursor paging: the cursor is an opaque token for an offset, and `links.next` is a complete URL. */
function page<T>(
	call: Call,
	records: T[],
	toResource: (record: T) => unknown,
	fixedSize?: number,
	included?: (records: T[]) => unknown[] | undefined,
): SimResponse | KlaviyoError[] {
	const size = fixedSize ?? (call.query['page[size]'] as number);
	const cursor = call.query['page[cursor]'] as string | undefined;
	const offset = cursor === undefined ? 0 : decodeCursor(cursor);
	if (offset === undefined)
		return [invalidParameter('page[cursor]', `'${cursor}' is not a valid cursor.`)];
	const slice = records.slice(offset, offset + size);
	// The spec types next/prev as strings: they are left out, not null, when there is no such page.
	const links: Record<string, string> = { self: selfLink(call) };
	if (offset + size < records.length) links.next = selfLink(call, encodeCursor(offset + size));
	if (offset > 0) links.prev = selfLink(call, encodeCursor(Math.max(0, offset - size)));
	const body: Record<string, unknown> = { data: slice.map(toResource), links };
	const extra = included?.(slice);
	if (extra) body.included = extra;
	return { status: 200, body };
}

function encodeCursor(offset: number): string {
	return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
	const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}
