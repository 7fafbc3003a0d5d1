/**
 * One monitor run from start to end as pure steps: settings checked, the diff, lag, profiles and
 * attribution put together into a report, the alerts a broken threshold raises, and the report as a
 * row of the history Data Table (and back).
 */
import { attributionByStoreDay } from './attribution';
import type { Expectations } from './expectations';
import { profileMismatches, type KlaviyoProfileView, type PosConsentRecord } from './profiles';
import { lagByStore, lagStats, reconcile, type ReconcileResult } from './reconcile';
import {
	DEFAULT_MONITOR_SETTINGS,
	type CarriedState,
	type MismatchEntry,
	type MonitorAlert,
	type MonitorReport,
	type MonitorSettings,
} from './types';

export class MonitorSettingsError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}

const LIMITS: Array<[keyof MonitorSettings, string, number, number]> = [
	['windowHours', 'Window (Hours)', 0.1, 24 * 31],
	['graceMinutes', 'Grace Period (Minutes)', 0, 7 * 24 * 60],
	['lagThresholdMinutes', 'Lag Alert Above (Minutes)', 0, 7 * 24 * 60],
	['attributionGapPoints', 'Unattributed Gap (Points)', 1, 100],
	['attributionMinSales', 'Minimum Sales per Store and Day', 1, 100_000],
	['mismatchAlertThreshold', 'Profile Mismatches to Alert', 0, 1_000_000],
];

/** Defaults filled in; a value out of range names the field and the allowed range. */
export function monitorSettings(partial: Partial<MonitorSettings>): MonitorSettings {
	const settings: MonitorSettings = { ...DEFAULT_MONITOR_SETTINGS };
	for (const [key, value] of Object.entries(partial) as Array<[keyof MonitorSettings, unknown]>) {
		if (value !== undefined && value !== null && value !== '')
			(settings as unknown as Record<string, unknown>)[key] = value;
	}
	for (const [key, label, min, max] of LIMITS) {
		const value = settings[key];
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
			throw new MonitorSettingsError(
				label,
				`${JSON.stringify(value)} is not a number from ${min} to ${max}`,
			);
		}
	}
	for (const [key, label] of [
		['placedOrderMetric', 'Placed Order Metric'],
		['refundedOrderMetric', 'Refunded Order Metric'],
	] as const) {
		if (typeof settings[key] !== 'string' || settings[key].trim() === '')
			throw new MonitorSettingsError(label, 'is empty; give the metric name the sync uses');
		settings[key] = settings[key].trim();
	}
	if (settings.placedOrderMetric === settings.refundedOrderMetric)
		throw new MonitorSettingsError(
			'Refunded Order Metric',
			'is the same as the Placed Order metric',
		);
	return settings;
}

export interface ReportInput {
	now: number;
	settings: MonitorSettings;
	windowFrom: number;
	/** Orders read from Sitoo in the window, readable or not. */
	orders: number;
	maxOrderId: number;
	expectations: Expectations;
	present: ReadonlyMap<string, ReadonlySet<string>>;
	previous?: CarriedState;
	byEmail: readonly KlaviyoProfileView[];
	byPhone: readonly KlaviyoProfileView[];
	posConsent?: readonly PosConsentRecord[];
	unreadable?: Array<{ orderId: number | null; reason: string }>;
}

export interface RunOutcome {
	report: MonitorReport;
	/** The orphans' events, to re-send (the order is `event.order`). */
	toResend: ReconcileResult['orphanEvents'];
}

export function buildReport(input: ReportInput): RunOutcome {
	const { settings, now } = input;
	const diff = reconcile({
		expected: input.expectations.expected,
		present: input.present,
		previous: input.previous,
		settings,
		now,
		maxOrderId: input.maxOrderId,
	});
	const perStore = lagByStore(diff.lagSamples);
	const attribution = attributionByStoreDay(input.expectations.sales, settings);
	const mismatches = profileMismatches({
		customers: input.expectations.customers,
		byEmail: input.byEmail,
		byPhone: input.byPhone,
		posConsent: input.posConsent,
	});
	const unattributedSales = input.expectations.sales.filter((s) => !s.attributed).length;
	const report: MonitorReport = {
		runAt: new Date(now).toISOString(),
		windowFrom: new Date(input.windowFrom).toISOString(),
		windowTo: new Date(now).toISOString(),
		orders: input.orders,
		expectedEvents: input.expectations.expected.length,
		presentEvents: diff.presentEvents,
		pending: diff.pending,
		orphans: diff.orphans,
		recovered: diff.recovered,
		lagByStore: perStore,
		mismatches,
		attribution,
		sales: input.expectations.sales.length,
		unattributedSales,
		alerts: [],
		carried: diff.carried,
		unreadable: input.unreadable ?? [],
	};
	if (diff.lagSamples.length > 0)
		report.lagOverall = lagStats(diff.lagSamples.map((s) => s.minutes));
	report.alerts = alertsOf(report, settings);
	return { report, toResend: diff.orphanEvents };
}

export function alertsOf(report: MonitorReport, settings: MonitorSettings): MonitorAlert[] {
	const alerts: MonitorAlert[] = [];
	if (report.orphans.length > 0) {
		const stuck = report.orphans.filter((o) => o.resentBefore).length;
		alerts.push({
			kind: 'orphans',
			message: `${report.orphans.length} store ${plural(report.orphans.length, 'transaction')} from the till ${report.orphans.length === 1 ? 'was' : 'were'} missing in Klaviyo after ${settings.graceMinutes} minutes${stuck > 0 ? ` (${stuck} still missing after an earlier re-send)` : ''}. They were re-sent; until they arrive, flows and segments miss those purchases or refunds.`,
			action:
				stuck > 0
					? 'Open the status page, look at the orders marked "still missing" and follow their steps.'
					: 'Check that the next run no longer lists them. If orphans appear on every run, the sync workflows are not running: check that they are active.',
		});
	}
	for (const lag of report.lagByStore) {
		if (lag.p95Minutes > settings.lagThresholdMinutes) {
			alerts.push({
				kind: 'lag',
				message: `${lag.store.name}: 95 % of its transactions reached Klaviyo within ${lag.p95Minutes} minutes (slowest ${lag.maxMinutes}), above the ${settings.lagThresholdMinutes}-minute limit. Post-purchase flows start late for these customers.`,
				action:
					"Ask the store whether a till was offline (receipts sync late with the old time). If no till was offline, check the sync workflows' schedule and recent executions for errors or retries.",
			});
		}
	}
	for (const entry of report.attribution.filter((a) => a.flagged)) {
		alerts.push({
			kind: 'attribution',
			message: `${entry.store.name} on ${entry.day}: ${pct(entry.unattributedShare)} of ${entry.sales} sales had no customer email or phone, against ${pct(entry.peerMedianShare ?? 0)} at the other stores. These purchases cannot reach anyone's profile.`,
			action:
				'Talk to the store manager: staff should ask for the email (or look the customer up) at checkout. Check that the till is not filling in a placeholder address.',
		});
	}
	if (
		settings.mismatchAlertThreshold > 0 &&
		report.mismatches.length >= settings.mismatchAlertThreshold
	) {
		alerts.push({
			kind: 'profiles',
			message: `${report.mismatches.length} customer ${plural(report.mismatches.length, 'profile')} differ between Sitoo and Klaviyo.`,
			action:
				'Marketing: work through the mismatch list on the status page (merges, names, consent).',
		});
	}
	return alerts;
}

// ---- History rows -------------------------------------------------------------------------------

/** The history Data Table's columns, in the template's order. */
export const HISTORY_COLUMNS: ReadonlyArray<[string, 'string' | 'number']> = [
	['runAt', 'string'],
	['windowFrom', 'string'],
	['orders', 'number'],
	['expectedEvents', 'number'],
	['presentEvents', 'number'],
	['pending', 'number'],
	['orphans', 'number'],
	['recovered', 'number'],
	['lagP50Minutes', 'number'],
	['lagP95Minutes', 'number'],
	['lagMaxMinutes', 'number'],
	['mismatches', 'number'],
	['sales', 'number'],
	['unattributedSales', 'number'],
	['alertCount', 'number'],
	['alerts', 'string'],
	['details', 'string'],
];

/** Lists kept on the row are capped so one bad day cannot make the history table unwieldy. */
const MAX_LISTED = 200;
const MAX_MISSING = 5000;

export type HistoryRow = Record<string, string | number | null>;

export function historyRow(
	report: MonitorReport,
	settings: Pick<MonitorSettings, 'lagThresholdMinutes' | 'graceMinutes' | 'windowHours'>,
): HistoryRow {
	const details = {
		version: 1,
		thresholds: {
			lagThresholdMinutes: settings.lagThresholdMinutes,
			graceMinutes: settings.graceMinutes,
			windowHours: settings.windowHours,
		},
		carried: { ...report.carried, missing: report.carried.missing.slice(0, MAX_MISSING) },
		lagByStore: report.lagByStore,
		orphans: report.orphans.slice(0, MAX_LISTED),
		mismatches: report.mismatches.slice(0, MAX_LISTED).map(withoutEmail),
		attribution: report.attribution.slice(0, MAX_LISTED),
		alerts: report.alerts,
		unreadable: report.unreadable.slice(0, MAX_LISTED),
	};
	return {
		runAt: report.runAt,
		windowFrom: report.windowFrom,
		orders: report.orders,
		expectedEvents: report.expectedEvents,
		presentEvents: report.presentEvents,
		pending: report.pending,
		orphans: report.orphans.length,
		recovered: report.recovered,
		lagP50Minutes: report.lagOverall?.p50Minutes ?? null,
		lagP95Minutes: report.lagOverall?.p95Minutes ?? null,
		lagMaxMinutes: report.lagOverall?.maxMinutes ?? null,
		mismatches: report.mismatches.length,
		sales: report.sales,
		unattributedSales: report.unattributedSales,
		alertCount: report.alerts.length,
		alerts: report.alerts.map((a) => a.message).join('\n'),
		details: JSON.stringify(details),
	};
}

/** The row keeps the masked customer only: the unmasked email stays with the team in n8n. */
function withoutEmail(entry: MismatchEntry): Omit<MismatchEntry, 'email'> {
	const kept: Omit<MismatchEntry, 'email'> & { email?: string } = { ...entry };
	delete kept.email;
	return kept;
}

/** A history row read back, with its details parsed. */
export interface HistoryEntry {
	runAt: string;
	runMs: number;
	row: Record<string, unknown>;
	details: {
		thresholds?: { lagThresholdMinutes?: number; graceMinutes?: number; windowHours?: number };
		carried?: CarriedState;
		lagByStore?: MonitorReport['lagByStore'];
		orphans?: MonitorReport['orphans'];
		mismatches?: Array<Omit<MonitorReport['mismatches'][number], 'email'>>;
		attribution?: MonitorReport['attribution'];
		alerts?: MonitorReport['alerts'];
	};
}

/**
 * Rows of the history table (any order, with n8n's own `id`/`createdAt` columns and the empty item a
 * first read returns), newest first. Rows that are not monitor runs are skipped.
 */
export function readHistory(rows: readonly unknown[]): HistoryEntry[] {
	const entries: HistoryEntry[] = [];
	for (const row of rows) {
		if (typeof row !== 'object' || row === null) continue;
		const r = row as Record<string, unknown>;
		const runAt =
			typeof r.runAt === 'string'
				? r.runAt
				: r.runAt instanceof Date
					? r.runAt.toISOString()
					: undefined;
		const runMs = runAt ? Date.parse(runAt) : NaN;
		if (!runAt || Number.isNaN(runMs)) continue;
		let details: HistoryEntry['details'] = {};
		if (typeof r.details === 'string' && r.details !== '') {
			try {
				const parsed = JSON.parse(r.details) as unknown;
				if (typeof parsed === 'object' && parsed !== null)
					details = parsed as HistoryEntry['details'];
			} catch {
				// A row edited by hand: its counts still chart, its state is not carried.
			}
		}
		entries.push({ runAt, runMs, row: r, details });
	}
	return entries.sort((a, b) => b.runMs - a.runMs);
}

/** The state the newest run carried, if any run left a readable one before `now`. */
export function previousState(
	history: readonly HistoryEntry[],
	now: number,
): CarriedState | undefined {
	for (const entry of history) {
		const carried = entry.details.carried;
		if (
			entry.runMs > now ||
			!carried ||
			typeof carried.maxOrderId !== 'number' ||
			!Array.isArray(carried.missing)
		)
			continue;
		return {
			runAt: entry.runAt,
			maxOrderId: carried.maxOrderId,
			missing: carried.missing.filter(
				(m) => typeof m?.key === 'string' && typeof m.since === 'string',
			),
		};
	}
	return undefined;
}

function plural(n: number, word: string): string {
	return n === 1 ? word : `${word}s`;
}

function pct(share: number): string {
	return `${Math.round(share * 100)} %`;
}
