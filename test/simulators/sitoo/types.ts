/**
 * Sitoo REST v2 object shapes as the simulator serves them (field names: docs/reference/sitoo-api.md §2.3, §4.1, §7).
 * Money is a 2-decimal string and dates are unix seconds (§2.3 "Conventions").
 */

export type Money = string;

export interface Site {
	eshopid: number;
	siteurl: string;
	protocol: string;
	server: string;
	abspath: string;
}

export interface SiteSettings {
	eshopid: number;
	eshopname: string;
	currencycode: string;
	timezone: string;
	pricesstoredwithvat: boolean;
	warehouseid: number;
}

export interface Store {
	storeid: number;
	eshopid: number;
	storetype: string;
	name: string;
	externalid: string;
	externalgroupid: string;
	phone: string;
	email: string;
	address: string;
	address2: string;
	zip: string;
	city: string;
	state: string;
	countryid: string;
	latitude: number;
	longitude: number;
	tags: string[];
}

export interface Warehouse {
	warehouseid: number;
	warehousetype: string;
	usetype: string;
	storeid: number;
	sellable: boolean;
	currencycode: string;
	name: string;
	externalid: string;
	address: string;
	address2: string;
	zip: string;
	city: string;
	state: string;
	countryid: string;
}

/** Not a REST resource: the simulator's own view of a till (orders carry `registerid`). */
export interface Register {
	registerid: string;
	number: number;
	storeid: number;
	name: string;
}

export interface Category {
	categoryid: number;
	categoryparentid: number;
	title: string;
	friendly: string;
	datecreated: number;
	datemodified: number;
}

export interface Manufacturer {
	externalcompanyid: number;
	name: string;
	url1: string;
}

export interface Product {
	productid: number;
	sku: string;
	title: string;
	descriptionshort: string;
	description: string;
	moneyprice: Money;
	moneypriceorg: Money;
	vatvalue: number;
	defaultcategoryid: number;
	categories: number[];
	manufacturerid: number;
	variantparentid: number;
	variant: { name: string; value: string }[];
	barcode: string;
	customattributes: unknown[];
	custom1: string;
	custom2: string;
	custom3: string;
	custom4: string;
	custom5: string;
	activepos: boolean;
	active: boolean;
	datecreated: number;
	datemodified: number;
}

export interface User {
	userid: string;
	email: string;
	namefirst: string;
	namelast: string;
	personalid: string;
	externalid: string | null;
	company: string;
	department: string;
	companyid: string;
	address: string;
	address2: string;
	zip: string;
	city: string;
	state: string;
	countryid: string;
	phone: string;
	mobile: string;
	notes: string;
	customernumber: string;
	datecreated: number;
	datemodified: number;
	pricelistid: number;
	voucherpasswords: string[];
	role: string | null;
	warehouses: number[];
	posrefundcard: boolean;
}

export interface OrderItem {
	orderitemid: number;
	orderitemtype: number;
	productid: number;
	productname: string;
	sku: string;
	productattributes: string;
	unitlabel: string;
	quantity: number;
	decimalunitquantity: string | null;
	decimalquantitytotal: string;
	moneynetpriceperunit: Money;
	moneynetpriceperquantity: Money;
	moneypriceorg: Money;
	vatvalue: number;
	moneyitemtotal_net: Money;
	moneyitemtotal_vat: Money;
	voucherid: number;
	vouchercode: string;
	vouchername: string;
	vouchercomment: string;
	vouchervalue: Money;
	moneyoriginalprice: Money;
	moneydiscountedprice: Money;
	moneydiscount: Money;
	salestaxes: unknown[];
	additionaldata: Record<string, string>;
}

export interface Payment {
	name: string;
	moneyamount: Money;
	externalid: string;
	reftype: string;
	refid: string;
	cardissuer: string;
	additionaldata: Record<string, string>;
	reservedpaymentid: number | null;
}

export interface OrderLogItem {
	datelog: number;
	orderlogtypeid: number;
	strvalue: string;
	fvalue: number;
}

export interface Order {
	orderid: number;
	eshopid: number;
	externalid: string | null;
	creditorderid: number | null;
	email: string;
	namefirst: string;
	namelast: string;
	personalid: string;
	company: string;
	phone: string;
	customerref: string;
	checkoutref: string;
	invoice_address: string;
	invoice_address2: string;
	invoice_zip: string;
	invoice_city: string;
	invoice_state: string;
	invoice_countryid: string;
	delivery_address: string;
	delivery_address2: string;
	delivery_zip: string;
	delivery_city: string;
	delivery_state: string;
	delivery_countryid: string;
	comment: string;
	commentinternal: string;
	moneytotal_net: Money;
	moneytotal_vat: Money;
	moneycheckout_net: Money;
	moneycheckout_vat: Money;
	moneytotal_gross_checkout: Money;
	moneydelivery_net: Money;
	moneydelivery_vat: Money;
	moneytotal_gross_delivery: Money;
	moneyfinal_net: Money;
	moneyfinal_vat: Money;
	moneyfinal_salestax: Money;
	moneytotal_gross_roundoff: Money;
	moneytotal_gross_all: Money;
	checkouttypeid: number;
	checkouttypename: string;
	checkoutmethodid: number;
	checkoutmethodsubid: number;
	deliverytypeid: number;
	deliverytypename: string;
	orderdate: number;
	orderstateid: number;
	paymentstateid: number;
	ordertypeid: number;
	userid_staff: string | null;
	registerid: string | null;
	warehouseid: number | null;
	datereserved: number | null;
	currencycode: string;
	additionaldata: Record<string, string>;
	orderitems: OrderItem[];
	payments: Payment[];
	reservedpayments: unknown[];
	orderlogitems: OrderLogItem[];
}

/** Enumerations, docs/reference/sitoo-api.md §2.2. */
export const OrderState = { Open: 0, Closed: 10, Cancelled: 20, Abandoned: -1 } as const;
export const PaymentState = {
	None: 0,
	Pending: 10,
	Reserved: 15,
	Successful: 20,
	Cancelled: 30,
	Failed: 40,
} as const;
export const OrderType = { Order: 10, Booking: 100, POSParked: 110 } as const;
/** The only documented item type value (§2.2: examples use 10 for a product line). */
export const ITEM_TYPE_PRODUCT = 10;

/** What the simulator made an order as; not part of the API, only in admin read-back. */
export type OrderKind =
	| 'sale'
	| 'refund'
	| 'manualReturn'
	| 'exchange'
	| 'exchangeRefund'
	| 'exchangePurchase'
	| 'parked'
	| 'booking'
	| 'offline'
	| 'parkedCompletion';

/** Events SPI event object (docs/reference/sitoo-spi.md §5.7). */
export interface SpiEvent {
	event_id: string;
	event_type: 'order' | 'booking';
	event_date: number;
	account_id: number;
	data: {
		eshop_id: number;
		order_id: number;
		warehouse_id?: number;
		order_event_type: 'add' | 'update' | 'email-receipt';
		order_state_changed?: 'open' | 'closed' | 'cancelled';
	};
}
