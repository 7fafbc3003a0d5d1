import type { IdentifyShoppersBy } from '../klaviyo/order-events';
/**
 * The sync monitor's plain data: its settings, what it carries from one run to the next (kept in the
 * history Data Table), and the report of one run. No n8n imports, no clock: `now` comes in.
 */
import type { IdentityOptions } from '../klaviyo/identity-options';
import type { SyncScope } from '../settings/sync-settings';

export interface MonitorSettings extends IdentityOptions {
	/** How far back (till time) each run looks. */
	windowHours: number;
	/** A missing event counts as an orphan only after this long in Sitoo; before that it is "on its way". */
	graceMinutes: number;
	/** Alert when a store's 95th-percentile sync lag is above this. */
	lagThresholdMinutes: number;
	/** Flag a store-day whose share of unattributed sales is this many percentage points above its peers' median. */
	attributionGapPoints: number;
	/** Store-days with fewer sales are not judged (too few to tell). */
	attributionMinSales: number;
	/** Alert when at least this many profile mismatches are open (0 = never alert on them). */
	mismatchAlertThreshold: number;
	placedOrderMetric: string;
	refundedOrderMetric: string;
	/** As the sync's Klaviyo nodes: whether a phone alone identifies a shopper (default yes). */
	identifyBy?: IdentifyShoppersBy;
	placeholderPhones?: readonly string[];
	/** What the sync settings leave out: never expected, never re-sent, not in the figures. */
	scope?: SyncScope;
}

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = {
	windowHours: 24,
	graceMinutes: 30,
	lagThresholdMinutes: 15,
	attributionGapPoints: 30,
	attributionMinSales: 5,
	mismatchAlertThreshold: 10,
	placedOrderMetric: 'Placed Order',
	refundedOrderMetric: 'Refunded Order',
};

/** An event that was missing at a run, carried to the next run so the next one knows how long. */
export interface MissingEvent {
	/** `<metric>|<orderId>`. */
	key: string;
	/** When the monitor reckons the order has been waiting since (ISO). */
	since: string;
	/** The monitor already re-sent it: when it shows up, it does not count as sync lag. */
	resent?: boolean;
}

/** What one run hands to the next (part of the history row's `details`). */
export interface CarriedState {
	runAt: string;
	/** The highest Sitoo order id the run saw: higher ids reached Sitoo after it. */
	maxOrderId: number;
	missing: MissingEvent[];
}

export interface StoreRef {
	/** Stable key: Sitoo store id, else the store name. */
	key: string;
	name: string;
}

export interface LagStats {
	store: StoreRef;
	count: number;
	p50Minutes: number;
	p95Minutes: number;
	maxMinutes: number;
}

export interface OrphanEntry {
	orderId: number;
	receiptId: string | null;
	metric: string;
	store: StoreRef;
	tillTime: string;
	missingSince: string;
	/** The email with its middle masked, for the status page. */
	customer: string;
	/** It was re-sent by an earlier run and is still missing. */
	resentBefore: boolean;
	action: string;
}

export type MismatchKind = 'name' | 'phone' | 'splitProfile' | 'consent';

export interface MismatchEntry {
	kind: MismatchKind;
	/** Masked email. */
	customer: string;
	/** The unmasked email, for the team in n8n (never on the page). */
	email: string;
	sitoo: string;
	klaviyo: string;
	detail: string;
	action: string;
}

export interface AttributionEntry {
	/** The till time's day in the store's time zone (UTC when unknown), YYYY-MM-DD. */
	day: string;
	store: StoreRef;
	sales: number;
	unattributed: number;
	/** 0..1. */
	unattributedShare: number;
	/** Median share of the other stores that day (undefined without peers). */
	peerMedianShare?: number;
	flagged: boolean;
}

export type AlertKind = 'orphans' | 'lag' | 'attribution' | 'profiles';

export interface MonitorAlert {
	kind: AlertKind;
	message: string;
	action: string;
}

export interface MonitorReport {
	runAt: string;
	windowFrom: string;
	windowTo: string;
	/** Orders read from Sitoo in the window (any state). */
	orders: number;
	/** Completed sales and refunds that should be in Klaviyo (attributed). */
	expectedEvents: number;
	/** Of those, found in Klaviyo. */
	presentEvents: number;
	/** Missing, still within the grace period. */
	pending: number;
	orphans: OrphanEntry[];
	/** Orphans that were re-sent by the previous run and arrived since. */
	recovered: number;
	lagByStore: LagStats[];
	lagOverall?: Omit<LagStats, 'store'>;
	mismatches: MismatchEntry[];
	attribution: AttributionEntry[];
	sales: number;
	unattributedSales: number;
	alerts: MonitorAlert[];
	carried: CarriedState;
	/** Orders that could not be read, with the reason (they are not judged). */
	unreadable: Array<{ orderId: number | null; reason: string }>;
}
