import { invalid, klaviyoError, type KlaviyoError } from './errors';
import { EventStore, type SimEvent } from './events';
import { IdFactory, isValidEmail, isValidPhoneNumber } from './identity';
import {
	IDENTIFIER_FIELDS,
	ProfileStore,
	type ProfileIdentifiers,
	type SimProfile,
} from './profiles';
import { systemClock, type Clock } from './rate-limits';

type Attributes = Record<string, unknown>;

const YEAR_MS = 365 * 24 * 3600 * 1000;
const EARLIEST_EVENT_TIME = Date.UTC(1990, 0, 1);
const MAX_EVENT_PROPERTIES = 400;
const MAX_STRING_BYTES = 100 * 1024;
const UNSUBSCRIBE_LIKE = new Set([
	'UNSUBSCRIBE',
	'SPAM_REPORT',
	'SPAM_COMPLAINT',
	'USER_SUPPRESSED',
]);

/** Klaviyo prints times with an explicit UTC offset and whole seconds. */
export function klaviyoTime(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

export interface ProcessingProblem {
	at: string;
	job: string;
	detail: string;
}

export interface SuppressionJob {
	id: string;
	created: string;
	emails: string[];
}

interface PendingWork {
	due: number;
	job: string;
	apply: () => void;
}

/**
 * The state of one Klaviyo account and the rules that change it. Accepted (202) work is queued and applied
 * once its processing delay has passed, in the order it was accepted, so "202 now, visible later" holds.
 */
export class KlaviyoWorld {
	readonly ids = new IdFactory();
	readonly profiles = new ProfileStore(this.ids);
	readonly events = new EventStore(this.ids);
	readonly problems: ProcessingProblem[] = [];
	readonly suppressionJobs = new Map<string, SuppressionJob>();
	/**
	 * Numbers Klaviyo's own phone validation refuses although they look like E.164 (its numbering
	 * data can differ from ours): requests carrying one get the 400 at `…/phone_number`.
	 */
	readonly refusedPhoneNumbers = new Set<string>();
	private pending: PendingWork[] = [];

	constructor(
		private readonly clock: Clock = systemClock,
		public processingDelayMs = 0,
	) {}

	reset(): void {
		this.ids.reset();
		this.profiles.clear();
		this.events.clear();
		this.problems.length = 0;
		this.suppressionJobs.clear();
		this.pending = [];
	}

	get pendingCount(): number {
		return this.pending.length;
	}

	/** Applies accepted work whose delay has passed; every read calls this first. */
	settle(): void {
		const now = this.clock.now();
		while (this.pending.length > 0 && this.pending[0].due <= now) {
			const work = this.pending.shift() as PendingWork;
			try {
				work.apply();
			} catch (error) {
				this.problems.push({ at: this.nowIso(), job: work.job, detail: (error as Error).message });
			}
		}
	}

	nowIso(): string {
		return klaviyoTime(this.clock.now());
	}

	private enqueue(job: string, apply: () => void): void {
		this.pending.push({ due: this.clock.now() + this.processingDelayMs, job, apply });
		this.settle();
	}

	// ---- events -------------------------------------------------------------------------------

	/** `POST /api/events`: checks what the schema cannot express, then queues the event. */
	createEvent(attributes: Attributes): KlaviyoError[] {
		const profileAttributes = ((attributes.profile as Attributes).data as Attributes).attributes as
			Attributes | undefined;
		const profileId = ((attributes.profile as Attributes).data as Attributes).id as
			string | undefined;
		const errors = [
			...checkEventAttributes(attributes, '/data/attributes', this.clock.now()),
			...checkProfileIdentity(
				{ ...profileAttributes, id: profileId },
				'/data/attributes/profile/data',
				this.refusedPhoneNumbers,
			),
		];
		if (errors.length > 0) return errors;
		const received = this.nowIso();
		const receivedMs = this.clock.now();
		this.enqueue('create event', () =>
			this.recordEvent({ ...profileAttributes, id: profileId }, attributes, received, receivedMs),
		);
		return [];
	}

	/** `POST /api/event-bulk-create-jobs`: up to 1,000 events; a repeated unique_id fails the whole job. */
	createEventBulkJob(attributes: Attributes): KlaviyoError[] {
		const entries = ((attributes['events-bulk-create'] as Attributes).data as Attributes[]).map(
			(entry) => entry.attributes as Attributes,
		);
		const errors: KlaviyoError[] = [];
		const seen = new Set<string>();
		let total = 0;
		entries.forEach((entry, i) => {
			const base = `/data/attributes/events-bulk-create/data/${i}/attributes`;
			const profileData = (entry.profile as Attributes).data as Attributes;
			const identity = {
				...(profileData.attributes as Attributes | undefined),
				id: profileData.id as string | undefined,
			};
			errors.push(
				...checkProfileIdentity(identity, `${base}/profile/data`, this.refusedPhoneNumbers),
			);
			const events = (entry.events as Attributes).data as Attributes[];
			events.forEach((event, j) => {
				total++;
				const eventAttributes = event.attributes as Attributes;
				errors.push(
					...checkEventAttributes(
						eventAttributes,
						`${base}/events/data/${j}/attributes`,
						this.clock.now(),
					),
				);
				const uniqueId = eventAttributes.unique_id;
				if (typeof uniqueId !== 'string') return;
				const metricName = ((eventAttributes.metric as Attributes).data as Attributes)
					.attributes as Attributes;
				const key = JSON.stringify([identityKey(identity), metricName.name, uniqueId]);
				if (seen.has(key)) {
					errors.push(
						invalid(
							`The unique_id '${uniqueId}' is repeated for the same profile and metric; no events were processed.`,
							`${base}/events/data/${j}/attributes/unique_id`,
						),
					);
				}
				seen.add(key);
			});
		});
		if (total > 1000)
			errors.unshift(
				invalid(
					`A job accepts up to 1000 events; this one has ${total}.`,
					'/data/attributes/events-bulk-create/data',
				),
			);
		if (errors.length > 0) return errors;
		const received = this.nowIso();
		const receivedMs = this.clock.now();
		this.enqueue('bulk create events', () => {
			for (const entry of entries) {
				const profileData = (entry.profile as Attributes).data as Attributes;
				const identity = {
					...(profileData.attributes as Attributes | undefined),
					id: profileData.id as string | undefined,
				};
				for (const event of (entry.events as Attributes).data as Attributes[]) {
					const eventAttributes = event.attributes as Attributes;
					const backfill = eventAttributes.backfill ?? entry.backfill;
					this.recordEvent(identity, { ...eventAttributes, backfill }, received, receivedMs);
				}
			}
		});
		return [];
	}

	private recordEvent(
		identity: Attributes,
		attributes: Attributes,
		received: string,
		receivedMs: number,
	): SimEvent | undefined {
		const profile = this.profileForEvent(identity);
		if (!profile) return undefined;
		const metricName = (
			((attributes.metric as Attributes).data as Attributes).attributes as Attributes
		).name as string;
		const time =
			typeof attributes.time === 'string' ? Date.parse(attributes.time) : Date.parse(received);
		const datetime = klaviyoTime(time);
		const event = this.events.record(
			{
				metricName,
				profileId: profile.id,
				datetime,
				properties: attributes.properties as Attributes,
				value: (attributes.value as number | null | undefined) ?? null,
				valueCurrency: (attributes.value_currency as string | null | undefined) ?? null,
				uniqueId: (attributes.unique_id as string | null | undefined) ?? null,
				backfill: attributes.backfill === true,
				receivedAt: received,
				receivedAtMs: receivedMs,
			},
			received,
		);
		if (event && (profile.last_event_date === null || Date.parse(profile.last_event_date) < time))
			profile.last_event_date = datetime;
		return event;
	}

	/** Events are asynchronous: an identity conflict is resolved in processing, never answered with a 409. */
	private profileForEvent(identity: Attributes): SimProfile | undefined {
		const resolution = this.profiles.resolve(identity as ProfileIdentifiers);
		const now = this.nowIso();
		switch (resolution.kind) {
			case 'unknown-id':
				this.problems.push({
					at: now,
					job: 'create event',
					detail: `event dropped: no profile with id ${resolution.id}`,
				});
				return undefined;
			case 'conflict':
				this.problems.push({
					at: now,
					job: 'create event',
					detail: `${resolution.field} belongs to profile ${resolution.duplicate.id}; event recorded on ${resolution.primary.id}`,
				});
				this.profiles.applyAttributes(resolution.primary, withoutIdentifiers(identity), now);
				return resolution.primary;
			case 'one':
				this.profiles.applyAttributes(resolution.profile, withoutId(identity), now);
				return resolution.profile;
			case 'none': {
				const profile = this.profiles.create(now);
				this.profiles.applyAttributes(profile, withoutId(identity), now);
				return profile;
			}
		}
	}

	// ---- profiles -----------------------------------------------------------------------------

	/** `POST /api/profile-import`: synchronous upsert; 201 when created, 200 when updated. */
	importProfile(data: Attributes): { status: 200 | 201; profile: SimProfile } | KlaviyoError[] {
		const attributes = (data.attributes as Attributes | undefined) ?? {};
		const id = data.id as string | undefined;
		const errors = checkProfileIdentity({ ...attributes, id }, '/data', this.refusedPhoneNumbers);
		if (errors.length > 0) return errors;
		const resolution = this.profiles.resolve({ ...(attributes as ProfileIdentifiers), id });
		const now = this.nowIso();
		if (resolution.kind === 'unknown-id')
			return [
				klaviyoError(404, 'not_found', `A profile with id ${resolution.id} does not exist.`, {
					pointer: '/data/id',
				}),
			];
		if (resolution.kind === 'conflict') {
			return [
				klaviyoError(
					409,
					'duplicate_profile',
					'A profile already exists with one of these identifiers.',
					{
						pointer: '/data/attributes',
						meta: { duplicate_profile_id: resolution.duplicate.id },
					},
				),
			];
		}
		const created = resolution.kind === 'none';
		const profile = resolution.kind === 'one' ? resolution.profile : this.profiles.create(now);
		this.profiles.applyAttributes(profile, attributes, now);
		const patch = (data.meta as Attributes | undefined)?.patch_properties as
			Parameters<ProfileStore['applyPatchProperties']>[1] | undefined;
		if (patch) this.profiles.applyPatchProperties(profile, patch);
		return { status: created ? 201 : 200, profile };
	}

	// ---- consent ------------------------------------------------------------------------------

	/** `POST /api/profile-subscription-bulk-create-jobs` (docs/reference/klaviyo-api.md §2.5 "Subscribe"). */
	subscribe(data: Attributes): KlaviyoError[] {
		const attributes = data.attributes as Attributes;
		const historical = attributes.historical_import === true;
		const entries = (attributes.profiles as Attributes).data as Attributes[];
		const listId = (
			((data.relationships as Attributes | undefined)?.list as Attributes | undefined)?.data as
				Attributes | undefined
		)?.id as string | undefined;
		const errors: KlaviyoError[] = [];
		if (entries.length > 1000)
			errors.push(
				invalid(
					`At most 1000 profiles can be subscribed per call; got ${entries.length}.`,
					'/data/attributes/profiles/data',
				),
			);
		entries.forEach((entry, i) => {
			const base = `/data/attributes/profiles/data/${i}`;
			const profile = entry.attributes as Attributes;
			errors.push(
				...checkConsentIdentity(
					profile,
					entry.id as string | undefined,
					base,
					this.refusedPhoneNumbers,
				),
			);
			for (const [channel, kinds] of channelsOf(profile.subscriptions as Attributes)) {
				for (const [kind, params] of kinds) {
					const pointer = `${base}/attributes/subscriptions/${channel}/${kind}/consented_at`;
					const consentedAt = params.consented_at as string | null | undefined;
					if (!historical && consentedAt != null)
						errors.push(
							invalid('consented_at can only be provided when historical_import is true.', pointer),
						);
					if (historical && consentedAt == null)
						errors.push(
							invalid('consented_at is required when historical_import is true.', pointer),
						);
					if (historical && consentedAt != null && Date.parse(consentedAt) > this.clock.now())
						errors.push(invalid('consented_at must be in the past.', pointer));
				}
			}
		});
		if (errors.length > 0) return errors;
		const customSource = (attributes.custom_source as string | null | undefined) ?? null;
		this.enqueue('subscribe profiles', () => {
			const now = this.nowIso();
			for (const entry of entries) {
				const profileAttributes = entry.attributes as Attributes;
				const profile = this.profileForConsent(profileAttributes, entry.id as string | undefined);
				if (!profile) continue;
				if (listId) profile.lists.add(listId);
				for (const [channel, kinds] of channelsOf(profileAttributes.subscriptions as Attributes)) {
					for (const [kind, params] of kinds) {
						const record = consentRecord(profile, channel, kind);
						if (!record) continue;
						const consentedAt = params.consented_at as string | null | undefined;
						Object.assign(record, {
							consent: 'SUBSCRIBED',
							consent_timestamp: consentedAt ? klaviyoTime(Date.parse(consentedAt)) : now,
							last_updated: now,
							method: 'API',
							method_detail: historical ? 'historical_import' : '',
							custom_method_detail: customSource,
						});
					}
				}
				// Subscribing lifts suppressions the person caused themselves (spec: "will remove any UNSUBSCRIBE,
				// SPAM_REPORT or USER_SUPPRESSED suppressions"); bounces and invalid addresses stay.
				const email = profile.subscriptions.email.marketing;
				if (
					profileAttributes.subscriptions &&
					(profileAttributes.subscriptions as Attributes).email
				) {
					email.suppression = email.suppression.filter((s) => !UNSUBSCRIBE_LIKE.has(s.reason));
				}
			}
		});
		return [];
	}

	/** `POST /api/profile-subscription-bulk-delete-jobs` (docs/reference/klaviyo-api.md §2.5 "Unsubscribe"). */
	unsubscribe(data: Attributes): KlaviyoError[] {
		const entries = ((data.attributes as Attributes).profiles as Attributes).data as Attributes[];
		const errors: KlaviyoError[] = [];
		if (entries.length > 100)
			errors.push(
				invalid(
					`At most 100 profiles can be unsubscribed per call; got ${entries.length}.`,
					'/data/attributes/profiles/data',
				),
			);
		entries.forEach((entry, i) =>
			errors.push(
				...checkConsentIdentity(
					entry.attributes as Attributes,
					undefined,
					`/data/attributes/profiles/data/${i}`,
					this.refusedPhoneNumbers,
				),
			),
		);
		if (errors.length > 0) return errors;
		this.enqueue('unsubscribe profiles', () => {
			const now = this.nowIso();
			for (const entry of entries) {
				const attributes = entry.attributes as Attributes;
				const profile = this.profileForConsent(attributes, undefined);
				if (!profile) continue;
				for (const [channel, kinds] of channelsOf(attributes.subscriptions as Attributes)) {
					for (const [kind] of kinds) {
						const record = consentRecord(profile, channel, kind);
						if (record)
							Object.assign(record, {
								consent: 'UNSUBSCRIBED',
								consent_timestamp: now,
								last_updated: now,
								method: 'API',
								method_detail: '',
							});
						if (channel === 'email' && kind === 'marketing') {
							profile.subscriptions.email.marketing.suppression.push({
								reason: 'UNSUBSCRIBE',
								timestamp: now,
							});
						}
					}
				}
			}
		});
		return [];
	}

	/** `POST /api/profile-suppression-bulk-create-jobs`: unknown emails get a new, suppressed profile. */
	suppress(data: Attributes): { job: SuppressionJob } | KlaviyoError[] {
		const entries =
			(((data.attributes as Attributes).profiles as Attributes | null | undefined)?.data as
				Attributes[] | undefined) ?? [];
		const errors: KlaviyoError[] = [];
		if (entries.length > 100)
			errors.push(
				invalid(
					`At most 100 emails can be suppressed per call; got ${entries.length}.`,
					'/data/attributes/profiles/data',
				),
			);
		if (entries.length === 0 && !data.relationships)
			errors.push(
				invalid('Provide profiles or a list or segment to suppress.', '/data/attributes/profiles'),
			);
		const emails = entries.map((entry) =>
			((entry.attributes as Attributes).email as string).trim(),
		);
		emails.forEach((email, i) => {
			if (!isValidEmail(email))
				errors.push(
					invalid(
						`'${email}' is not a valid email address.`,
						`/data/attributes/profiles/data/${i}/attributes/email`,
					),
				);
		});
		if (errors.length > 0) return errors;
		const job: SuppressionJob = { id: this.ids.next('job', 24), created: this.nowIso(), emails };
		this.suppressionJobs.set(job.id, job);
		this.enqueue('suppress profiles', () => {
			const now = this.nowIso();
			for (const email of emails) {
				const profile = this.profileForConsent({ email }, undefined) as SimProfile;
				const marketing = profile.subscriptions.email.marketing;
				if (!marketing.suppression.some((s) => s.reason === 'USER_SUPPRESSED'))
					marketing.suppression.push({ reason: 'USER_SUPPRESSED', timestamp: now });
			}
		});
		return { job };
	}

	/** "If a profile cannot be found matching the given identifier(s), a new profile will be created." */
	private profileForConsent(
		attributes: Attributes,
		id: string | undefined,
	): SimProfile | undefined {
		const identity = {
			email: attributes.email,
			phone_number: attributes.phone_number,
			id,
		} as ProfileIdentifiers;
		const resolution = this.profiles.resolve(identity);
		const now = this.nowIso();
		if (resolution.kind === 'one') return resolution.profile;
		if (resolution.kind === 'conflict') {
			this.problems.push({
				at: now,
				job: 'consent',
				detail: `${resolution.field} belongs to profile ${resolution.duplicate.id}; consent applied to ${resolution.primary.id}`,
			});
			return resolution.primary;
		}
		if (resolution.kind === 'unknown-id') {
			this.problems.push({
				at: now,
				job: 'consent',
				detail: `no profile with id ${resolution.id}`,
			});
			return undefined;
		}
		const profile = this.profiles.create(now);
		this.profiles.applyAttributes(
			profile,
			{ email: identity.email, phone_number: identity.phone_number },
			now,
		);
		return profile;
	}
}

function checkEventAttributes(attributes: Attributes, base: string, now: number): KlaviyoError[] {
	const errors: KlaviyoError[] = [];
	if (typeof attributes.time === 'string') {
		const time = Date.parse(attributes.time);
		if (time < EARLIEST_EVENT_TIME || time > now + YEAR_MS) {
			errors.push(
				invalid(
					'The time must be after the year 1990 and can only be up to 1 year in the future.',
					`${base}/time`,
				),
			);
		}
	}
	const metric = (((attributes.metric as Attributes).data as Attributes).attributes as Attributes)
		.name as string;
	if (metric.length >= 128)
		errors.push(
			invalid(
				'The metric name must be less than 128 characters.',
				`${base}/metric/data/attributes/name`,
			),
		);
	const properties = attributes.properties as Attributes;
	if (Object.keys(properties).length > MAX_EVENT_PROPERTIES)
		errors.push(
			invalid(
				`An event can have at most ${MAX_EVENT_PROPERTIES} properties.`,
				`${base}/properties`,
			),
		);
	const long = findLongString(properties, `${base}/properties`);
	if (long) errors.push(invalid('A string in the event properties is larger than 100 KB.', long));
	return errors;
}

function findLongString(value: unknown, pointer: string): string | undefined {
	if (typeof value === 'string')
		return Buffer.byteLength(value) > MAX_STRING_BYTES ? pointer : undefined;
	if (typeof value !== 'object' || value === null) return undefined;
	for (const [key, item] of Object.entries(value)) {
		const found = findLongString(item, `${pointer}/${key}`);
		if (found) return found;
	}
	return undefined;
}

function checkProfileIdentity(
	identity: Attributes,
	base: string,
	refusedPhones: ReadonlySet<string>,
): KlaviyoError[] {
	const errors: KlaviyoError[] = [];
	const hasIdentifier =
		identity.id ||
		IDENTIFIER_FIELDS.some(
			(field) => typeof identity[field] === 'string' && identity[field] !== '',
		) ||
		identity._kx;
	if (!hasIdentifier)
		errors.push(
			invalid(
				'The profile must include at least one identifier: id, email, phone_number, external_id or anonymous_id.',
				`${base}/attributes`,
			),
		);
	if (typeof identity.email === 'string' && !isValidEmail(identity.email.trim())) {
		errors.push(
			invalid(`'${identity.email}' is not a valid email address.`, `${base}/attributes/email`),
		);
	}
	if (
		typeof identity.phone_number === 'string' &&
		(!isValidPhoneNumber(identity.phone_number) || refusedPhones.has(identity.phone_number))
	) {
		errors.push(
			invalid(
				`Invalid phone number format (Example of a valid format: +12345678901).`,
				`${base}/attributes/phone_number`,
			),
		);
	}
	return errors;
}

/** Consent needs the identifier of its channel (email consent needs an email, SMS a phone number; rev. 2026-04-15+). */
function checkConsentIdentity(
	profile: Attributes,
	id: string | undefined,
	base: string,
	refusedPhones: ReadonlySet<string>,
): KlaviyoError[] {
	const errors = checkProfileIdentity(
		{ email: profile.email, phone_number: profile.phone_number, id },
		base,
		refusedPhones,
	);
	if (!profile.email && !profile.phone_number)
		return [invalid('Either email or phone_number is required.', `${base}/attributes`)];
	const subscriptions = (profile.subscriptions as Attributes | undefined) ?? {};
	if (subscriptions.email && !profile.email)
		errors.push(
			invalid('Email consent requires an email address.', `${base}/attributes/subscriptions/email`),
		);
	if (subscriptions.sms && !profile.phone_number)
		errors.push(
			invalid('SMS consent requires a phone number.', `${base}/attributes/subscriptions/sms`),
		);
	return errors;
}

function channelsOf(
	subscriptions: Attributes | undefined,
): Array<[string, Array<[string, Attributes]>]> {
	return Object.entries(subscriptions ?? {})
		.filter(([, kinds]) => kinds !== null && typeof kinds === 'object')
		.map(([channel, kinds]) => [
			channel,
			Object.entries(kinds as Attributes).filter(
				([, params]) => params !== null && typeof params === 'object',
			) as Array<[string, Attributes]>,
		]);
}

function consentRecord(profile: SimProfile, channel: string, kind: string): Attributes | undefined {
	if (channel === 'email' && kind === 'marketing')
		return profile.subscriptions.email.marketing as unknown as Attributes;
	if (channel === 'sms' && (kind === 'marketing' || kind === 'transactional'))
		return profile.subscriptions.sms[kind] as unknown as Attributes;
	return undefined; // Other channels (WhatsApp, push, open tracking) are accepted but not modelled.
}

function identityKey(identity: Attributes): string {
	return JSON.stringify([
		identity.id,
		identity.email,
		identity.phone_number,
		identity.external_id,
		identity.anonymous_id,
	]);
}

function withoutId(identity: Attributes): Attributes {
	return Object.fromEntries(
		Object.entries(identity).filter(
			([key, value]) => key !== 'id' && key !== '_kx' && value !== undefined,
		),
	);
}

function withoutIdentifiers(identity: Attributes): Attributes {
	const rest = withoutId(identity);
	for (const field of IDENTIFIER_FIELDS) delete rest[field];
	return rest;
}
