/**
 * The monitor's status page: one self-contained HTML document (no scripts, no external files) built
 * from the history rows, for the people running stores and campaigns. Every value from Sitoo or
 * Klaviyo is escaped; customer e-mails, names and phone numbers are shown masked.
 */
import { maskName, maskPhone } from './expectations';
import type { HistoryEntry } from './report';

export interface StatusPageOptions {
	now: number;
	title?: string;
	/** How many runs the lag chart shows at most (newest). */
	chartRuns?: number;
	/** Used when the newest run did not record its threshold. */
	lagThresholdMinutes?: number;
}

export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(
		/[&<>"']/g,
		(ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
	);
}

function num(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function when(iso: string | undefined, now: number): string {
	if (!iso) return '';
	const ms = Date.parse(iso);
	if (Number.isNaN(ms)) return escapeHtml(iso);
	const minutes = Math.round((now - ms) / 60_000);
	const ago =
		minutes < 1
			? 'just now'
			: minutes < 120
				? `${minutes} min ago`
				: `${Math.round(minutes / 60)} h ago`;
	return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').slice(0, 16))} UTC</time> <span class="muted">(${ago})</span>`;
}

export function renderStatusPage(
	history: readonly HistoryEntry[],
	options: StatusPageOptions,
): string {
	const title = options.title ?? 'Sitoo → Klaviyo sync monitor';
	const latest = history[0];
	const body = latest
		? pageBody(history, latest, options)
		: '<section class="card"><h2>No check has run yet</h2><p>The monitor has not recorded a run. Activate the Sync monitor workflow (or run it once by hand) and reload this page.</p></section>';
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c9cfdb}
main{padding:16px 24px;max-width:1200px}
.status{display:inline-block;padding:4px 10px;border-radius:12px;font-weight:600;margin-top:8px}
.ok{background:#d7f5e1;color:#11692f}.bad{background:#fde2e1;color:#9b1c1c}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px;margin:16px 0}
.tile{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}.tile b{display:block;font-size:26px}.tile span{color:#5b6475;font-size:13px}
.tile.warn b{color:#b42318}
.card{background:#fff;border-radius:8px;padding:12px 16px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card h2{font-size:17px;margin:4px 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e8ee;vertical-align:top}th{color:#5b6475;font-weight:600}
.muted{color:#7a8394}.todo{color:#1d2330;max-width:420px}
.alert{border-left:4px solid #b42318;padding:6px 10px;margin:8px 0;background:#fff6f5}
</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>What reached Klaviyo from the tills, and what needs someone's attention.</p></header>
<main>
${body}
</main>
</body>
</html>
`;
}

function pageBody(
	history: readonly HistoryEntry[],
	latest: HistoryEntry,
	options: StatusPageOptions,
): string {
	const row = latest.row;
	const details = latest.details;
	const alerts = details.alerts ?? [];
	const orphans = details.orphans ?? [];
	const mismatches = details.mismatches ?? [];
	const flagged = (details.attribution ?? []).filter((a) => a.flagged);
	const threshold = details.thresholds?.lagThresholdMinutes ?? options.lagThresholdMinutes ?? 15;
	const sales = num(row.sales) ?? 0;
	const unattributed = num(row.unattributedSales) ?? 0;
	const lagP95 = num(row.lagP95Minutes);
	const tiles: Array<[string, string, boolean]> = [
		[String(num(row.expectedEvents) ?? 0), 'sales and refunds to check', false],
		[String(num(row.presentEvents) ?? 0), 'found in Klaviyo', false],
		[String(num(row.pending) ?? 0), 'on their way (within the grace period)', false],
		[
			String(num(row.orphans) ?? orphans.length),
			'missing in Klaviyo (re-sent)',
			(num(row.orphans) ?? orphans.length) > 0,
		],
		[
			lagP95 === undefined ? '–' : `${lagP95} min`,
			'sync lag, 95 % within',
			lagP95 !== undefined && lagP95 > threshold,
		],
		[
			String(num(row.mismatches) ?? mismatches.length),
			'profile mismatches',
			(num(row.mismatches) ?? 0) > 0,
		],
		[
			sales === 0 ? '–' : `${Math.round((unattributed / sales) * 100)} %`,
			`of ${sales} sales without a customer email or phone`,
			flagged.length > 0,
		],
	];
	const status =
		alerts.length === 0
			? '<span class="status ok">All clear</span>'
			: `<span class="status bad">${alerts.length} ${alerts.length === 1 ? 'thing needs' : 'things need'} attention</span>`;
	return `<section>
<p>Last check ${when(latest.runAt, options.now)} over till times since ${when(typeof row.windowFrom === 'string' ? row.windowFrom : undefined, options.now)}. ${status}</p>
<div class="tiles">${tiles.map(([value, label, warn]) => `<div class="tile${warn ? ' warn' : ''}"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`).join('')}</div>
</section>
${alertsCard(alerts)}
<section class="card"><h2>Sync lag over time</h2>${lagChart(history, threshold, options)}${lagTable(details.lagByStore ?? [])}</section>
${orphansCard(orphans, options.now)}
${mismatchesCard(mismatches)}
${attributionCard(details.attribution ?? [])}
<section class="card"><h2>How to read this page</h2><p class="muted">A sale or refund is "missing" when it is in Sitoo but Klaviyo has no event with its order number. Missing ones wait a grace period (${escapeHtml(details.thresholds?.graceMinutes ?? 30)} min) before they count as orphans; orphans are re-sent automatically, which is safe because Klaviyo keeps one event per order. Sync lag is the time from the till to the first check that found the purchase in Klaviyo, so it is measured to the nearest check (the monitor runs every few minutes). The full history is in the "Sync monitor history" Data Table in n8n.</p></section>`;
}

function alertsCard(alerts: NonNullable<HistoryEntry['details']['alerts']>): string {
	if (alerts.length === 0) return '';
	return `<section class="card"><h2>Needs attention</h2>${alerts.map((a) => `<div class="alert"><b>${escapeHtml(a.message)}</b><br><span class="todo">What to do: ${escapeHtml(a.action)}</span></div>`).join('')}</section>`;
}

/** p95 and p50 per run as two lines, with the alert threshold dashed; inline SVG, no script. */
function lagChart(
	history: readonly HistoryEntry[],
	threshold: number,
	options: StatusPageOptions,
): string {
	const runs = history
		.slice(0, options.chartRuns ?? 96)
		.filter((h) => num(h.row.lagP95Minutes) !== undefined)
		.reverse();
	if (runs.length === 0)
		return '<p class="muted">No lag measured yet: the first run sets the baseline, later runs measure the sales that arrived since.</p>';
	const width = 760;
	const height = 220;
	const left = 48;
	const bottom = 28;
	const top = 12;
	const right = 12;
	const p95 = runs.map((r) => num(r.row.lagP95Minutes) ?? 0);
	const p50 = runs.map((r) => num(r.row.lagP50Minutes) ?? 0);
	const maxY = Math.max(threshold * 1.25, ...p95, 1);
	const t0 = runs[0]!.runMs;
	const t1 = runs[runs.length - 1]!.runMs;
	const x = (ms: number) =>
		t1 === t0
			? left + (width - left - right) / 2
			: left + ((ms - t0) / (t1 - t0)) * (width - left - right);
	const y = (minutes: number) => top + (1 - minutes / maxY) * (height - top - bottom);
	const line = (values: number[]) =>
		values.map((v, i) => `${x(runs[i]!.runMs).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
	const dots = (values: number[], css: string) =>
		values
			.map(
				(v, i) =>
					`<circle cx="${x(runs[i]!.runMs).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" class="${css}"><title>${escapeHtml(runs[i]!.runAt)}: ${v} min</title></circle>`,
			)
			.join('');
	const ticks = [0, maxY / 2, maxY]
		.map(
			(v) =>
				`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text><line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`,
		)
		.join('');
	const label = (ms: number) =>
		escapeHtml(new Date(ms).toISOString().slice(5, 16).replace('T', ' '));
	return `<svg role="img" aria-label="Sync lag per check, minutes" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">
<style>text{font:11px system-ui,sans-serif;fill:#5b6475}.grid{stroke:#e5e8ee}.p95{stroke:#b42318;fill:#b42318}.p50{stroke:#2563eb;fill:#2563eb}.thr{stroke:#9b1c1c;stroke-dasharray:6 4}</style>
${ticks}
<line x1="${left}" x2="${width - right}" y1="${y(threshold)}" y2="${y(threshold)}" class="thr"/><text x="${width - right}" y="${y(threshold) - 4}" text-anchor="end">alert above ${escapeHtml(threshold)} min</text>
<polyline points="${line(p95)}" fill="none" class="p95" stroke-width="2"/>${dots(p95, 'p95')}
<polyline points="${line(p50)}" fill="none" class="p50" stroke-width="2"/>${dots(p50, 'p50')}
<text x="${left}" y="${height - 8}">${label(t0)}</text><text x="${width - right}" y="${height - 8}" text-anchor="end">${label(t1)}</text>
<text x="${left + 4}" y="${top + 10}" style="fill:#b42318">● 95 % within</text><text x="${left + 100}" y="${top + 10}" style="fill:#2563eb">● median</text>
</svg>`;
}

function lagTable(rows: NonNullable<HistoryEntry['details']['lagByStore']>): string {
	if (rows.length === 0) return '';
	return `<table><thead><tr><th>Store</th><th>Transactions measured</th><th>Median</th><th>95 % within</th><th>Slowest</th></tr></thead><tbody>${rows
		.map(
			(r) =>
				`<tr><td>${escapeHtml(r.store.name)}</td><td>${escapeHtml(r.count)}</td><td>${escapeHtml(r.p50Minutes)} min</td><td>${escapeHtml(r.p95Minutes)} min</td><td>${escapeHtml(r.maxMinutes)} min</td></tr>`,
		)
		.join('')}</tbody></table>`;
}

function orphansCard(
	orphans: NonNullable<HistoryEntry['details']['orphans']>,
	now: number,
): string {
	if (orphans.length === 0)
		return '<section class="card"><h2>Missing in Klaviyo</h2><p>None: every completed sale and refund with a customer email or phone is in Klaviyo.</p></section>';
	return `<section class="card"><h2>Missing in Klaviyo (${orphans.length})</h2><table><thead><tr><th>Order</th><th>Receipt</th><th>Store</th><th>Event</th><th>At the till</th><th>Customer</th><th>What to do</th></tr></thead><tbody>${orphans
		.map(
			(o) =>
				`<tr><td>${escapeHtml(o.orderId)}${o.resentBefore ? ' <b>still missing</b>' : ''}</td><td>${escapeHtml(o.receiptId ?? '')}</td><td>${escapeHtml(o.store.name)}</td><td>${escapeHtml(o.metric)}</td><td>${when(o.tillTime, now)}</td><td>${escapeHtml(o.customer)}</td><td class="todo">${escapeHtml(o.action)}</td></tr>`,
		)
		.join('')}</tbody></table></section>`;
}

const MISMATCH_LABELS: Record<string, string> = {
	name: 'Name',
	phone: 'Phone',
	splitProfile: 'Split profile',
	consent: 'Consent',
};

/** Names and phones are masked on the page like e-mails (the n8n items keep them whole for the team). */
function shownValue(kind: string, value: string): string {
	if (kind === 'name') return maskName(value);
	if (kind === 'phone') return maskPhone(value);
	if (kind === 'splitProfile') return '';
	return value;
}

function mismatchesCard(mismatches: NonNullable<HistoryEntry['details']['mismatches']>): string {
	if (mismatches.length === 0)
		return '<section class="card"><h2>Profile mismatches</h2><p>None: the customers seen in this window look the same in Sitoo and Klaviyo.</p></section>';
	return `<section class="card"><h2>Profile mismatches (${mismatches.length})</h2><table><thead><tr><th>Kind</th><th>Customer</th><th>In Sitoo</th><th>In Klaviyo</th><th>Detail</th><th>What to do</th></tr></thead><tbody>${mismatches
		.map(
			(m) =>
				`<tr><td>${escapeHtml(MISMATCH_LABELS[m.kind] ?? m.kind)}</td><td>${escapeHtml(m.customer)}</td><td>${escapeHtml(shownValue(m.kind, m.sitoo))}</td><td>${escapeHtml(m.kind === 'splitProfile' ? m.klaviyo : shownValue(m.kind, m.klaviyo))}</td><td>${escapeHtml(m.detail)}</td><td class="todo">${escapeHtml(m.action)}</td></tr>`,
		)
		.join('')}</tbody></table></section>`;
}

function attributionCard(entries: NonNullable<HistoryEntry['details']['attribution']>): string {
	if (entries.length === 0) return '';
	const days = [...new Set(entries.map((e) => e.day))].sort().reverse().slice(0, 2);
	const shown = entries.filter((e) => days.includes(e.day));
	return `<section class="card"><h2>Sales without a customer email or phone, per store</h2><table><thead><tr><th>Day</th><th>Store</th><th>Sales</th><th>Without email or phone</th><th>Other stores (median)</th><th>What to do</th></tr></thead><tbody>${shown
		.map(
			(e) =>
				`<tr><td>${escapeHtml(e.day)}</td><td>${escapeHtml(e.store.name)}</td><td>${escapeHtml(e.sales)}</td><td>${e.flagged ? '<b>' : ''}${Math.round(e.unattributedShare * 100)} %${e.flagged ? '</b>' : ''}</td><td>${e.peerMedianShare === undefined ? '–' : `${Math.round(e.peerMedianShare * 100)} %`}</td><td class="todo">${
					e.flagged
						? 'Far above the other stores: coach staff to ask for the email at checkout and check the till does not fill in a placeholder address.'
						: ''
				}</td></tr>`,
		)
		.join('')}</tbody></table></section>`;
}
