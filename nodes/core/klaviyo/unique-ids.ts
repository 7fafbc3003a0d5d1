/**
 * Klaviyo keeps the first event per (profile, metric, unique_id), so deterministic ids make retries,
 * re-polls and crashes harmless (docs/design.md invariant 1). This is the only place the scheme is written.
 */

export function placedOrderUniqueId(accountId: string, orderId: number): string {
	return `sitoo:${accountId}:${orderId}`;
}

/** One per line: without it, all Ordered Product events of an order but one would be dropped. */
export function orderedProductUniqueId(accountId: string, orderId: number, lineId: number): string {
	return `sitoo:${accountId}:${orderId}:${lineId}`;
}

export interface RefundIdentity {
	accountId: string;
	refundOrderId: number;
	/** The sale the refund returns goods from; absent for a manual return without a receipt. */
	originalOrderId?: number;
	/** 1 for the first refund of the original, 2 for the next, … */
	refundSequence?: number;
}

export class RefundIdError extends Error {}

/**
 * The first refund of an order reuses the Placed Order's id: Klaviyo links a Refunded Order to its
 * sale for CLV only when the ids match (docs/reference/klaviyo-api.md §3). Later refunds of the same order need ids
 * of their own, or Klaviyo would keep only the first.
 */
export function refundedOrderUniqueId(refund: RefundIdentity): string {
	const { accountId, refundOrderId, originalOrderId, refundSequence } = refund;
	if (originalOrderId === undefined) return `sitoo:${accountId}:refund:${refundOrderId}`;
	if (refundSequence === undefined || !Number.isInteger(refundSequence) || refundSequence < 1) {
		throw new RefundIdError(
			`Refund ${refundOrderId} of order ${originalOrderId} has no refund sequence (1 = first refund); it decides whether the refund links to the sale in Klaviyo. Read the order through the Sitoo nodes, which work it out.`,
		);
	}
	if (refundSequence === 1) return placedOrderUniqueId(accountId, originalOrderId);
	return `sitoo:${accountId}:${originalOrderId}:refund:${refundOrderId}`;
}
