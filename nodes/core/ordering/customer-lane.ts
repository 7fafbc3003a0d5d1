/**
 * Which lane an order's events take (see fifo-lanes.ts): one per customer, so one customer's events
 * reach Klaviyo in till order across runs while different customers are sent side by side. Keyed on
 * the identifier the events are attributed to (docs/design.md invariant 4).
 */
export function customerLaneKey(order: unknown): string | undefined {
	if (typeof order !== 'object' || order === null) return undefined;
	const customer = (order as { customer?: unknown }).customer;
	if (typeof customer !== 'object' || customer === null) return undefined;
	const { email, phone } = customer as { email?: unknown; phone?: unknown };
	if (typeof email === 'string' && email.trim() !== '')
		return `email:${email.trim().toLowerCase()}`;
	if (typeof phone === 'string' && phone.replace(/\D/g, '') !== '')
		return `phone:${phone.replace(/\D/g, '')}`;
	return undefined;
}
