import { IdFactory } from './identity';

export interface SimMetric {
	id: string;
	name: string;
	created: string;
	updated: string;
}

export interface SimEvent {
	id: string;
	uuid: string;
	metricId: string;
	profileId: string;
	/** ISO time of the event, truncated to the second like Klaviyo does. */
	datetime: string;
	properties: Record<string, unknown>;
	value: number | null;
	valueCurrency: string | null;
	uniqueId: string;
	backfill: boolean;
	receivedAt: string;
	/** The same moment to the millisecond (Klaviyo shows whole seconds), for measuring lag. */
	receivedAtMs: number;
}

export type NewEvent = Omit<SimEvent, 'id' | 'uuid' | 'metricId' | 'uniqueId'> & {
	metricName: string;
	uniqueId: string | null;
};

/** Metrics (created on first use) and events, deduplicated per (profile, metric, unique_id). */
export class EventStore {
	private metrics = new Map<string, SimMetric>();
	private events: SimEvent[] = [];
	private dedupeKeys = new Set<string>();
	/** How many events were dropped as duplicates: the read-back shows that deduplication happened. */
	duplicatesDropped = 0;

	constructor(private readonly ids: IdFactory) {}

	clear(): void {
		this.metrics.clear();
		this.events = [];
		this.dedupeKeys.clear();
		this.duplicatesDropped = 0;
	}

	allMetrics(): SimMetric[] {
		return [...this.metrics.values()];
	}

	metric(id: string): SimMetric | undefined {
		for (const metric of this.metrics.values()) if (metric.id === id) return metric;
		return undefined;
	}

	metricByName(name: string): SimMetric | undefined {
		return this.metrics.get(name);
	}

	all(): SimEvent[] {
		return this.events;
	}

	record({ metricName, ...event }: NewEvent, now: string): SimEvent | undefined {
		let metric = this.metrics.get(metricName);
		if (!metric) {
			metric = {
				id: this.ids.next('metric', 6),
				name: metricName,
				created: now,
				updated: now,
			};
			this.metrics.set(metricName, metric);
		}
		// Without a unique_id Klaviyo falls back to the time to the second (one event per profile per second).
		const uniqueId = event.uniqueId ?? event.datetime;
		const key = JSON.stringify([event.profileId, metric.id, uniqueId]);
		if (this.dedupeKeys.has(key)) {
			this.duplicatesDropped++;
			return undefined;
		}
		this.dedupeKeys.add(key);
		const id = this.ids.next('event', 12);
		const stored: SimEvent = { ...event, id, uuid: uuidFor(id), metricId: metric.id, uniqueId };
		this.events.push(stored);
		return stored;
	}
}

function uuidFor(id: string): string {
	const hex = Buffer.from(id).toString('hex').padEnd(32, '0').slice(0, 32);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
