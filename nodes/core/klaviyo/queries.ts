/**
 * Read requests of the Klaviyo node, with filters built by the transport's escaping functions
 * (docs/reference/klaviyo-api.md §1 "Filter syntax", §2.4, §2.6): a `+` or `"` in an email cannot break them.
 */
import {
	and,
	equals,
	greaterOrEqual,
	greaterThan,
	lessThan,
	type KlaviyoFilter,
} from '../transport/klaviyo';
import type { Query } from '../transport/http';

export type ProfileLookupField = 'email' | 'phone_number' | 'external_id';

/** `GET /api/profiles` for one identifier; the email is lower-cased as Klaviyo stores it. */
export function profileLookupQuery(
	field: ProfileLookupField,
	value: string,
	withSubscriptions: boolean,
): Query {
	const wanted = field === 'email' ? value.trim().toLowerCase() : value.trim();
	const query: Query = { filter: equals(field, wanted), 'page[size]': 1 };
	if (withSubscriptions) query['additional-fields[profile]'] = 'subscriptions';
	return query;
}

export interface ProfileListFilter {
	email?: string;
	phoneNumber?: string;
	externalId?: string;
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
}

export function profileListQuery(
	filter: ProfileListFilter,
	pageSize: number,
	withSubscriptions: boolean,
): Query {
	const conditions: KlaviyoFilter[] = [];
	if (filter.email?.trim()) conditions.push(equals('email', filter.email.trim().toLowerCase()));
	if (filter.phoneNumber?.trim())
		conditions.push(equals('phone_number', filter.phoneNumber.trim()));
	if (filter.externalId?.trim()) conditions.push(equals('external_id', filter.externalId.trim()));
	if (filter.createdAfter)
		conditions.push(greaterThan('created', date(filter.createdAfter, 'Created After')));
	if (filter.createdBefore)
		conditions.push(lessThan('created', date(filter.createdBefore, 'Created Before')));
	if (filter.updatedAfter)
		conditions.push(greaterThan('updated', date(filter.updatedAfter, 'Updated After')));
	const query: Query = { 'page[size]': Math.min(100, Math.max(1, pageSize)) };
	if (conditions.length > 0) query.filter = and(...conditions);
	if (withSubscriptions) query['additional-fields[profile]'] = 'subscriptions';
	return query;
}

export interface EventListFilter {
	metricId?: string;
	profileId?: string;
	/** ISO 8601, inclusive. */
	since?: string;
	/** ISO 8601, exclusive. */
	until?: string;
	newestFirst?: boolean;
}

/** `GET /api/events`: metric, profile and time window (§2.6); the metric comes with each event. */
export function eventListQuery(filter: EventListFilter, pageSize: number): Query {
	const conditions: KlaviyoFilter[] = [];
	if (filter.metricId) conditions.push(equals('metric_id', filter.metricId));
	if (filter.profileId) conditions.push(equals('profile_id', filter.profileId));
	if (filter.since) conditions.push(greaterOrEqual('datetime', date(filter.since, 'Since')));
	if (filter.until) conditions.push(lessThan('datetime', date(filter.until, 'Until')));
	const query: Query = {
		'page[size]': Math.min(1000, Math.max(1, pageSize)),
		sort: filter.newestFirst ? '-datetime' : 'datetime',
		include: 'metric',
	};
	if (conditions.length > 0) query.filter = and(...conditions);
	return query;
}

/** Metrics have no name filter (§2.6): they are read page by page and matched here. */
export function metricNamed(
	metrics: readonly unknown[],
	name: string,
): { id: string; name: string } | undefined {
	const wanted = name.trim();
	for (const metric of metrics) {
		const m = metric as { id?: unknown; attributes?: { name?: unknown } };
		if (typeof m.id === 'string' && m.attributes?.name === wanted)
			return { id: m.id, name: wanted };
	}
	return undefined;
}

/** A JSON:API resource as one flat item: id, attributes, and the ids of related resources. */
export function flattenResource(resource: unknown): Record<string, unknown> {
	const r = resource as {
		id?: unknown;
		type?: unknown;
		attributes?: Record<string, unknown>;
		relationships?: Record<string, { data?: { id?: unknown } | null }>;
	};
	const flat: Record<string, unknown> = { id: r.id, ...(r.attributes ?? {}) };
	for (const [name, relation] of Object.entries(r.relationships ?? {})) {
		const id = relation?.data && !Array.isArray(relation.data) ? relation.data.id : undefined;
		if (typeof id === 'string') flat[`${name}Id`] = id;
	}
	return flat;
}

export class QueryInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}

function date(value: string, field: string): Date {
	const parsed = new Date(value);
	if (Number.isNaN(parsed.getTime()))
		throw new QueryInputError(field, `"${value}" is not a date-time such as 2026-07-01T00:00:00Z`);
	return parsed;
}
