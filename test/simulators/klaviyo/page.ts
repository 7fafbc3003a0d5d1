import type { KlaviyoWorld } from './world';

/**
 * A small page of what the account holds, for people watching the demo: profiles with their consent
 * and their events, newest first. It refreshes itself every few seconds.
 */
export function accountPage(world: KlaviyoWorld): string {
	world.settle();
	const events = [...world.events.all()].sort(
		(a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id),
	);
	const latestByProfile = new Map<string, string>();
	for (const event of events)
		if (!latestByProfile.has(event.profileId))
			latestByProfile.set(event.profileId, event.receivedAt);
	const profiles = world.profiles
		.all()
		.sort((a, b) =>
			(latestByProfile.get(b.id) ?? b.updated).localeCompare(
				latestByProfile.get(a.id) ?? a.updated,
			),
		);
	const rows = profiles.map((profile) => {
		const own = events.filter((e) => e.profileId === profile.id);
		const consent = profile.subscriptions.email.marketing;
		const list = own
			.map((e) => {
				const metric = world.events.metric(e.metricId)?.name ?? e.metricId;
				const value = e.value === null ? '' : ` · ${e.value.toFixed(2)} ${e.valueCurrency ?? ''}`;
				const orderId =
					typeof e.properties.OrderId === 'string' ? ` · order ${e.properties.OrderId}` : '';
				const store =
					typeof e.properties['Store Name'] === 'string' ? ` · ${e.properties['Store Name']}` : '';
				return `<li><b>${escape(metric)}</b>${escape(value)}${escape(orderId)}${escape(store)} · ${escape(e.datetime)}${e.backfill ? ' · <i>backfill</i>' : ''}</li>`;
			})
			.join('');
		return `<section><h2>${escape(profile.email ?? profile.phone_number ?? profile.id)}</h2>
<p>${escape([profile.first_name, profile.last_name].filter(Boolean).join(' '))} · email consent: ${escape(consent.consent)}${consent.consent_timestamp ? ` (${escape(consent.consent_timestamp)})` : ''} · ${own.length} event(s)</p>
<ul>${list}</ul></section>`;
	});
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Klaviyo simulator: profiles and events</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}section{border-top:1px solid #ddd;padding:.5rem 0}h2{font-size:1.05rem;margin:.3rem 0}p{color:#555;margin:.2rem 0}li{margin:.15rem 0}</style>
</head><body>
<h1>Klaviyo simulator</h1>
<p>${profiles.length} profile(s), ${events.length} event(s). Newest first; this page refreshes every 5 seconds.</p>
${rows.join('\n') || '<p>No profiles yet.</p>'}
</body></html>`;
}

function escape(text: string): string {
	return text.replace(
		/[&<>"']/g,
		(ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
	);
}
