import { isPlainObject } from '../shared/admin';
import { json, parseJsonBody, type Router } from '../shared/http';
import type { RateLimiter } from './rate-limits';
import { accountPage } from './page';
import { profileResource } from './resources';
import type { SimEvent } from './events';
import type { KlaviyoWorld } from './world';

/** An event as `GET /__admin/events` lists it: with its metric's name and its profile's e-mail and phone. */
export type AdminEvent = Omit<SimEvent, 'uuid' | 'metricId'> & {
	metric: string | undefined;
	email: string | null;
	phone_number: string | null;
};

/**
 * Read-back and control under `/__admin/`: what a marketer would see in Klaviyo (profiles, their consent,
 * events per metric), plus knobs for processing delay and rate limits. Not part of Klaviyo's API.
 */
export function addKlaviyoAdminRoutes(
	admin: Router,
	world: KlaviyoWorld,
	limiter: RateLimiter,
): void {
	admin.add('GET', '/__admin', () => ({
		status: 200,
		body: accountPage(world),
		contentType: 'text/html; charset=utf-8',
	}));
	admin.add('GET', '/__admin/', () => ({
		status: 200,
		body: accountPage(world),
		contentType: 'text/html; charset=utf-8',
	}));

	admin.add('GET', '/__admin/profiles', (req) => {
		world.settle();
		const email = req.query.get('email')?.toLowerCase();
		const profiles = world.profiles.all().filter((p) => email === undefined || p.email === email);
		return json(
			200,
			profiles.map((p) => ({
				...(profileResource(p, { baseUrl: '', withSubscriptions: true }).attributes as object),
				id: p.id,
				lists: [...p.lists],
			})),
		);
	});

	admin.add('GET', '/__admin/events', (req) => {
		world.settle();
		const metricName = req.query.get('metric');
		const email = req.query.get('email')?.toLowerCase();
		const metric = metricName === null ? undefined : world.events.metricByName(metricName);
		if (metricName !== null && !metric) return json(200, []);
		const events = world.events
			.all()
			.filter((e) => !metric || e.metricId === metric.id)
			.map((e): AdminEvent => {
				const profile = world.profiles.get(e.profileId);
				return {
					id: e.id,
					metric: world.events.metric(e.metricId)?.name,
					profileId: e.profileId,
					email: profile?.email ?? null,
					phone_number: profile?.phone_number ?? null,
					datetime: e.datetime,
					value: e.value,
					valueCurrency: e.valueCurrency,
					uniqueId: e.uniqueId,
					backfill: e.backfill,
					receivedAt: e.receivedAt,
					receivedAtMs: e.receivedAtMs,
					properties: e.properties,
				};
			})
			.filter((e) => email === undefined || e.email === email);
		return json(200, events);
	});

	admin.add('GET', '/__admin/summary', () => {
		world.settle();
		const byMetric: Record<string, number> = {};
		for (const event of world.events.all()) {
			const name = world.events.metric(event.metricId)?.name ?? event.metricId;
			byMetric[name] = (byMetric[name] ?? 0) + 1;
		}
		return json(200, {
			profiles: world.profiles.all().length,
			events: byMetric,
			duplicateEventsDropped: world.events.duplicatesDropped,
			pendingJobs: world.pendingCount,
			processingProblems: world.problems.length,
		});
	});

	admin.add('GET', '/__admin/problems', () => {
		world.settle();
		return json(200, world.problems);
	});

	const config = () => ({
		processingDelayMs: world.processingDelayMs,
		timeScale: limiter.timeScale,
		rateLimits: limiter.enabled,
		refusedPhoneNumbers: [...world.refusedPhoneNumbers],
	});
	admin.add('GET', '/__admin/config', () => json(200, config()));
	admin.add('PUT', '/__admin/config', (req) => {
		const update = parseJsonBody(req.body);
		if (!isPlainObject(update)) return json(400, { error: 'body must be a JSON object' });
		const { processingDelayMs, timeScale, rateLimits, refusedPhoneNumbers, ...unknown } = update;
		if (Object.keys(unknown).length > 0)
			return json(400, { error: `unknown setting(s): ${Object.keys(unknown).join(', ')}` });
		if (
			processingDelayMs !== undefined &&
			(typeof processingDelayMs !== 'number' || processingDelayMs < 0)
		)
			return json(400, { error: 'processingDelayMs must be a number ≥ 0' });
		if (timeScale !== undefined && (typeof timeScale !== 'number' || timeScale <= 0))
			return json(400, { error: 'timeScale must be a number > 0' });
		if (rateLimits !== undefined && typeof rateLimits !== 'boolean')
			return json(400, { error: 'rateLimits must be true or false' });
		if (
			refusedPhoneNumbers !== undefined &&
			!(
				Array.isArray(refusedPhoneNumbers) &&
				refusedPhoneNumbers.every((p) => typeof p === 'string')
			)
		)
			return json(400, { error: 'refusedPhoneNumbers must be a list of E.164 numbers' });
		if (Array.isArray(refusedPhoneNumbers)) {
			world.refusedPhoneNumbers.clear();
			for (const phone of refusedPhoneNumbers as string[]) world.refusedPhoneNumbers.add(phone);
		}
		if (processingDelayMs !== undefined) world.processingDelayMs = processingDelayMs;
		if (timeScale !== undefined) limiter.timeScale = timeScale;
		if (rateLimits !== undefined) limiter.enabled = rateLimits;
		limiter.reset();
		return json(200, config());
	});

	/** Seeds consent as it would stand after activity in Klaviyo itself (e.g. an unsubscribe from an email link). */
	admin.add('POST', '/__admin/consent', (req) => {
		const body = parseJsonBody(req.body);
		if (!isPlainObject(body) || typeof body.email !== 'string')
			return json(400, {
				error:
					'body needs "email" and "consent" (SUBSCRIBED|UNSUBSCRIBED) with optional "timestamp"',
			});
		const consent = body.consent;
		if (consent !== 'SUBSCRIBED' && consent !== 'UNSUBSCRIBED')
			return json(400, { error: 'consent must be SUBSCRIBED or UNSUBSCRIBED' });
		const timestamp =
			typeof body.timestamp === 'string'
				? new Date(body.timestamp).toISOString().replace('.000Z', '+00:00')
				: world.nowIso();
		world.settle();
		const profile =
			world.profiles.findBy('email', body.email) ?? world.profiles.create(world.nowIso());
		world.profiles.applyAttributes(profile, { email: body.email }, world.nowIso());
		const marketing = profile.subscriptions.email.marketing;
		Object.assign(marketing, {
			consent,
			consent_timestamp: timestamp,
			last_updated: timestamp,
			method: consent === 'UNSUBSCRIBED' ? 'EMAIL_UNSUBSCRIBE' : 'FORM',
			method_detail: '',
		});
		marketing.suppression =
			consent === 'UNSUBSCRIBED' ? [{ reason: 'UNSUBSCRIBE', timestamp }] : [];
		return json(200, { id: profile.id });
	});
}
