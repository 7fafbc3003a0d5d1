/**
 * Where a refund stands among the refunds of its sale: 1 for the first, 2 for the next. The first
 * refund's Klaviyo event reuses the sale's Placed Order id and later ones get their own
 * (docs/design.md invariant 1), so the position must come from Sitoo's own list of refunds of that sale
 * (`GET /orders.json?creditorderid=`, docs/reference/sitoo-api.md §3), ordered by `orderid` (arrival order).
 */

/**
 * The position of `refundOrderId` among `refundOrderIdsOfOriginal` (any order, duplicates
 * allowed, as several pages may have listed them). Undefined when the refund is not in the list:
 * then it is not linked by `creditorderid` and a guessed position could misfile it.
 */
export function refundSequence(
	refundOrderId: number,
	refundOrderIdsOfOriginal: readonly number[],
): number | undefined {
	const ids = [...new Set(refundOrderIdsOfOriginal)].sort((a, b) => a - b);
	const index = ids.indexOf(refundOrderId);
	return index === -1 ? undefined : index + 1;
}
