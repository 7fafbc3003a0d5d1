/**
 * The normalized order: what a Sitoo sale, refund or exchange looks like once it has been checked,
 * and what the Klaviyo node and template users see. Plain JSON (no Dates, no Maps, no undefined
 * values: absent facts are left out). Money is a number in the currency's major unit (599.5 =
 * 599.50), exact to the cent, and keeps Sitoo's sign: negative on refunds (docs/reference/sitoo-api.md §3).
 */

/**
 * - `sale`: only sold lines.
 * - `refund`: only returned lines (a validated return, or a manual one without a receipt).
 * - `exchange`: a return and a purchase together, either in one receipt (mixed lines) or split into
 *   two orders that name each other (docs/reference/sitoo-api.md §3). See `parts`.
 */
export type OrderKind = 'sale' | 'refund' | 'exchange';

export type OrderStatus = 'open' | 'closed' | 'cancelled' | 'abandoned';
export type PaymentStatus = 'none' | 'pending' | 'reserved' | 'successful' | 'cancelled' | 'failed';
/** Sitoo `ordertypeid`: 10 order (`sale`), 100 booking, 110 parked at the till (docs/reference/sitoo-api.md §2.2). */
export type OrderType = 'sale' | 'booking' | 'parked';

export interface NormalizedOrder {
	kind: OrderKind;
	ids: OrderIds;
	/** When the till rang it up: Sitoo `orderdate` in ISO 8601 UTC. Old for offline receipts (§2.3). */
	tillTime: string;
	state: OrderState;
	source: { system: 'sitoo'; channel: 'pos' | 'web' };
	store: StoreRef;
	/** POS register GUID; absent for webshop orders. */
	registerId?: string;
	staff?: Staff;
	/** ISO 4217, three upper-case letters. */
	currency: string;
	totals: OrderTotals;
	customer: Customer;
	/** Every line in receipt order; sold lines have a positive quantity, returned lines a negative one. */
	lines: OrderLine[];
	/**
	 * The order split by direction, so the Klaviyo side sends a Placed Order for `sale` and a
	 * Refunded Order for `refund`. A sale has only `sale`, a refund only `refund`, a one-receipt
	 * exchange both; each half of a split exchange has the one it carries.
	 */
	parts: OrderParts;
	/** Present when the order is (or holds) an exchange. */
	exchange?: ExchangeLink;
	/** Informational: Sitoo's own example refund has payments that do not sum to the total (§3). */
	payments: Payment[];
	/** Refund reason keyed at the till (`refundreasoncode-*`). */
	refundReason?: { code?: string; comment?: string };
}

export interface OrderIds {
	/** Sitoo account number, part of every Klaviyo unique id (docs/design.md invariant 1). */
	accountId: string;
	orderId: number;
	/** Site (`eshopid`). */
	siteId?: number;
	/** The human receipt number, `additionaldata['pos-receiptid']`. */
	receiptId?: string;
	externalId?: string;
	/** The sale this refund returns goods from: `creditorderid`, else `pos-originalsales-orderid`. */
	originalOrderId?: number;
	/**
	 * 1 for the first refund of `originalOrderId`, 2 for the next… Only a caller that listed the
	 * original's refunds (`creditorderid=`) knows it, so it comes from the mapping context.
	 */
	refundSequence?: number;
	/** The parked order or booking this sale completed (`pos-sourceorderid`). */
	sourceOrderId?: number;
}

export interface OrderState {
	order: OrderStatus;
	payment: PaymentStatus;
	orderType: OrderType;
	/** Nothing more will happen to it: the polling cursor may move past it (docs/design.md invariant 2). */
	isFinal: boolean;
	/** Closed and paid: the goods and money changed hands, so it is worth an order event. */
	isCompleted: boolean;
}

export interface StoreRef {
	/** Sitoo `storeid`, known only from the warehouse→store lookup. */
	id?: number;
	name?: string;
	externalId?: string;
	warehouseId?: number;
	/** ISO 3166 alpha-2 of the store, from the lookup; phones are read in this country (invariant 4). */
	country?: string;
	/** The store's own e-mail and phone (store record): typed for a customer, they identify nobody. */
	email?: string;
	phone?: string;
	/** IANA time zone of the till (`pos-timezone`): the store's own day in per-day figures. */
	timeZone?: string;
}

export interface Staff {
	userId?: string;
	externalId?: string;
	name?: string;
}

/** Signed like Sitoo's figures: negative for a refund. */
export interface OrderTotals {
	/** Grand total, what was paid or paid back (`moneytotal_gross_all`), incl. rounding and delivery. */
	gross: number;
	/** Net, excl. VAT (`moneyfinal_net`, else `moneytotal_net`, else the lines' sum). */
	net: number;
	vat: number;
	/** Sum of the lines' row totals (gross), computed to the cent. */
	itemsGross: number;
	/** Line discounts, excl. VAT: Sitoo states discounts net (§2.3). */
	discountNet: number;
	/** Cash rounding (`moneytotal_gross_roundoff`). */
	roundoff: number;
	/** Delivery (`moneytotal_gross_delivery`), webshop orders. */
	delivery: number;
}

/** As keyed in at the till; validation (trim, lower-case, placeholders, E.164) happens later (invariant 4). */
export interface Customer {
	email?: string;
	phone?: string;
	firstName?: string;
	lastName?: string;
	company?: string;
	/** Member number in the account's CRM (`crm-membernumber` / `customcrm-` / `voyado-`). */
	customerNumber?: string;
	/** Customer id in the account's CRM (`crm-customerid` / `customcrm-contactid` / `voyado-contactid`). */
	crmCustomerId?: string;
	/** Sitoo user id; not in the documented order schema, kept only when an order carries `userid`. */
	userId?: string;
	/** ISO 3166 alpha-2 from the invoice (else delivery) address. */
	country?: string;
	/** City and postal code of the same address as `country`. */
	city?: string;
	zip?: string;
	// `personalid` (national id number) is deliberately not copied: it is not needed and is sensitive.
}

export interface OrderLine {
	/** `orderitemid`: the line's index in its order; Ordered Product ids use it (invariant 1). */
	lineId: number;
	sku?: string;
	productId?: number;
	name?: string;
	/** e.g. "Color: Blue, Size: M". */
	attributes?: string;
	/** Negative on returned lines. Decimal for weighed or measured goods. */
	quantity: number;
	/** Price of one unit incl. VAT after discounts; always positive. Absent for a zero quantity. */
	unitPrice?: number;
	/** Row total incl. VAT (`moneyitemtotal_net + moneyitemtotal_vat`, §2.3); negative when returned. */
	rowTotal: number;
	rowNet: number;
	rowVat: number;
	/** Row discount excl. VAT (per-unit `moneydiscount` × quantity). */
	discountNet: number;
	/** VAT in percent (`vatvalue`). */
	vatRate?: number;
	/** `product-group-name` (the VAT/product group of the line). */
	productGroup?: string;
	/** From enrichment (products → categories), when supplied. */
	categories?: string[];
	/** From enrichment (product `manufacturerid` → manufacturer name), when supplied. */
	brand?: string;
	imageUrl?: string;
	productUrl?: string;
	/** On a returned line: `pos-originalsales-orderitemid`, the sold line's id in the original order. */
	originalLineId?: number;
	/** On a returned line: `reasoncode-return`. */
	returnReason?: string;
}

export interface OrderParts {
	sale?: OrderPart;
	refund?: RefundPart;
}

export interface OrderPart {
	/** `lineId`s of `lines` that belong to this part. */
	lineIds: number[];
	/** Sum of the part's row totals. */
	itemsGross: number;
	/**
	 * What to report as the event value, signed. With one part this is the order's `totals.gross`;
	 * in a one-receipt exchange the refund part is its rows and the sale part the rest, so the two
	 * always add up to `totals.gross`.
	 */
	value: number;
}

export interface RefundPart extends OrderPart {
	/** A return without a receipt: there is no original sale to link to (§3, S14). */
	isManualReturn: boolean;
}

export interface ExchangeLink {
	/** `mixed`: one receipt with both directions; `split`: two orders that name each other. */
	layout: 'mixed' | 'split';
	/** The other half of a split exchange (`pos-refundsales-orderid` or `pos-refund-orderid`). */
	partnerOrderId?: number;
	partnerReceiptId?: string;
}

export interface Payment {
	method: string;
	amount: number;
	cardIssuer?: string;
}

/** Something the mapper noticed but that does not make the order unusable. */
export interface OrderWarning {
	code: OrderWarningCode;
	/** The Sitoo field (or context key) it concerns. */
	field: string;
	message: string;
	/** Sitoo's stated figure, when the warning compares money. */
	stated?: number;
	/** The figure computed from the lines. */
	computed?: number;
}

export type OrderWarningCode =
	| 'itemTotalMismatch'
	| 'totalDiffersFromLines'
	| 'originalOrderConflict'
	| 'unreadableReference'
	| 'refundSequenceIgnored'
	| 'tillTimeInFuture';

/** Facts the mapper cannot read from the order itself. */
export interface NormalizeContext {
	/** Sitoo account number (digits). */
	accountId: string | number;
	/** Stores by `warehouseid` (Sitoo warehouses → `storeid` → store, docs/reference/sitoo-api.md §7). */
	stores?: Record<string, StoreInfo>;
	/** This refund's position among the refunds of its original (1 = first); see `OrderIds.refundSequence`. */
	refundSequence?: number;
	enrichment?: OrderEnrichment;
	/** Site currency (settings `currencycode`) for orders fetched without `currencycode`. */
	defaultCurrency?: string;
	/** Current time in ms, only used to flag till times in the future (a till with a wrong clock). */
	now?: number;
}

export interface StoreInfo {
	id?: number;
	name?: string;
	externalId?: string;
	country?: string;
	email?: string;
	phone?: string;
}

/** Product facts fetched separately (products, categories, manufacturers: docs/reference/sitoo-api.md §7). */
export interface OrderEnrichment {
	/** By `productid`. */
	products?: Record<string, ProductEnrichment>;
	/** By SKU, for lines whose product no longer exists ("may no longer exist", §2.3). */
	productsBySku?: Record<string, ProductEnrichment>;
}

export interface ProductEnrichment {
	categories?: string[];
	brand?: string;
	imageUrl?: string;
	productUrl?: string;
}

export type NormalizeResult =
	| { ok: true; order: NormalizedOrder; warnings: OrderWarning[] }
	| { ok: false; reason: string; field: string };
