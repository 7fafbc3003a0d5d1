/** The normalized order core: Sitoo order JSON → checked, classified `NormalizedOrder` (no n8n, no HTTP). */
export * from './types';
export { normalizeOrder } from './normalize';
export { classifyKind, classifySettlement, isReturnedLine } from './classify';
export {
	ORDER_STATUS,
	ORDER_TYPE,
	PAYMENT_STATUS,
	SITOO_ORDER_STATE,
	SITOO_ORDER_TYPE,
	SITOO_PAYMENT_STATE,
} from './sitoo-codes';
export type { KindInput, KindResult, Settlement, SettlementInput } from './classify';
export { linesOfPart } from './parts';
export {
	amountToCents,
	centsToAmount,
	formatCents,
	milliToQuantity,
	parseMoney,
	parseQuantity,
	sumCents,
} from './money';
export type { Cents, Milli, Parsed } from './money';
