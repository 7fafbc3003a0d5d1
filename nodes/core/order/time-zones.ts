/**
 * Time zones of tills (`pos-timezone`). Building an `Intl.DateTimeFormat` costs about a tenth of a
 * millisecond, more than mapping a whole order, so each zone's formatter is built once. The cache
 * holds only what the runtime's time zone data says (the same in every process), never sync state.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat | null>();

/** en-CA writes dates as YYYY-MM-DD; null for a zone the runtime does not know. */
function dayFormat(zone: string): Intl.DateTimeFormat | null {
	let format = dayFormats.get(zone);
	if (format === undefined) {
		try {
			format = new Intl.DateTimeFormat('en-CA', {
				timeZone: zone,
				year: 'numeric',
				month: '2-digit',
				day: '2-digit',
			});
		} catch {
			format = null;
		}
		dayFormats.set(zone, format);
	}
	return format;
}

/** A zone the runtime knows ("Europe/Stockholm"); anything else is left out rather than guessed. */
export function knownTimeZone(zone: string | undefined): string | undefined {
	const name = zone?.trim();
	return name && dayFormat(name) ? name : undefined;
}

/** The date (YYYY-MM-DD) of an ISO time in `zone`; in UTC when the zone is absent or unknown. */
export function dayIn(isoTime: string, zone: string | undefined): string {
	const format = zone ? dayFormat(zone) : null;
	return format ? format.format(new Date(isoTime)) : isoTime.slice(0, 10);
}
