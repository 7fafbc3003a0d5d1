/** The normalized order core: Sitoo order JSON → checked, classified `NormalizedOrder` (no n8n, no HTTP). */
export * from './types';
export { normalizeOrder } from './normalize';
export { classifyKind, classifySettlement, isReturnedLine, ORDER_STATUS, ORDER_TYPE, PAYMENT_STATUS } from './classify';
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
