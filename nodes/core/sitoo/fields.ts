/**
 * `fields=` lists. The order list leaves out `creditorderid`, `phone`, `externalid` and the
 * addresses unless asked (docs/reference/sitoo-api.md §2.1), and the user list returns only seven fields by
 * default (§4.1); a normalized order and a useful customer need more.
 */

/** Everything `normalizeOrder` reads, so list rows normalize like single orders. */
export const ORDER_LIST_FIELDS: readonly string[] = [
	'orderid',
	'eshopid',
	'externalid',
	'creditorderid',
	'email',
	'namefirst',
	'namelast',
	'company',
	'phone',
	'invoice_countryid',
	'delivery_countryid',
	'moneytotal_net',
	'moneytotal_vat',
	'moneyfinal_net',
	'moneyfinal_vat',
	'moneytotal_gross_checkout',
	'moneytotal_gross_delivery',
	'moneytotal_gross_roundoff',
	'moneytotal_gross_all',
	'checkouttypename',
	'deliverytypename',
	'orderdate',
	'orderstateid',
	'paymentstateid',
	'ordertypeid',
	'userid_staff',
	'registerid',
	'warehouseid',
	'datereserved',
	'currencycode',
	'additionaldata',
	'orderitems',
	'payments',
];

/** The documented user fields (§4.1) except the write-only `pin`. */
export const CUSTOMER_FIELDS: readonly string[] = [
	'userid',
	'email',
	'namefirst',
	'namelast',
	'personalid',
	'externalid',
	'company',
	'department',
	'companyid',
	'address',
	'address2',
	'zip',
	'city',
	'state',
	'countryid',
	'phone',
	'mobile',
	'notes',
	'customernumber',
	'datecreated',
	'datemodified',
	'pricelistid',
	'role',
];
