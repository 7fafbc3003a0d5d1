/** Static ingredients the generator draws from: countries, streets, names, products. */

export interface CountryProfile {
	countryid: string;
	currencycode: string;
	timezone: string;
	/** Standard, reduced and low VAT rates in percent. */
	vat: { standard: number; reduced: number; low: number };
	/** Cash is rounded to this many cents (whole kronor in SE/NO, none for EUR). */
	cashRoundingCents: number;
	/** Converts a SEK catalogue price to this currency's price points. */
	pricePoint(sekCents: number): number;
	phonePrefix: string;
	/** Trunk prefix written before a local number ("0" in SE/DE; Norway has none). */
	trunk: string;
	/** Local mobile number without the leading 0 (e.g. 701234567 for SE). */
	mobile(n: number): string;
	cities: { city: string; zip: string; street: string; lat: number; lng: number }[];
	firstNames: string[];
	lastNames: string[];
	emailDomain: string;
	mobilePayment: string | null;
}

export const COUNTRIES: CountryProfile[] = [
	{
		countryid: 'SE',
		currencycode: 'SEK',
		timezone: 'Europe/Stockholm',
		vat: { standard: 25, reduced: 12, low: 6 },
		cashRoundingCents: 100,
		pricePoint: (sek) => sek,
		phonePrefix: '46',
		trunk: '0',
		// Swedish mobiles start 70, 72, 73, 76 or 79 (libphonenumber's plan); others are refused, as by Klaviyo.
		mobile: (n) => `7${'02369'[n % 5]}${String(Math.floor(n / 5) % 10000000).padStart(7, '0')}`,
		cities: [
			{ city: 'Stockholm', zip: '11151', street: 'Drottninggatan', lat: 59.3326, lng: 18.0649 },
			{ city: 'Göteborg', zip: '41104', street: 'Kungsgatan', lat: 57.7065, lng: 11.9667 },
			{ city: 'Malmö', zip: '21122', street: 'Södergatan', lat: 55.6044, lng: 13.0038 },
			{ city: 'Uppsala', zip: '75321', street: 'Svartbäcksgatan', lat: 59.8586, lng: 17.6389 },
		],
		firstNames: [
			'Anna',
			'Erik',
			'Maja',
			'Lars',
			'Sofia',
			'Johan',
			'Elin',
			'Björn',
			'Ingrid',
			'Oskar',
		],
		lastNames: ['Berg', 'Lindqvist', 'Nyström', 'Andersson', 'Holm', 'Sjöberg', 'Ek', 'Åkesson'],
		emailDomain: 'example.com',
		mobilePayment: 'Swish',
	},
	{
		countryid: 'NO',
		currencycode: 'NOK',
		timezone: 'Europe/Oslo',
		// Books are zero-rated in Norway.
		vat: { standard: 25, reduced: 15, low: 0 },
		cashRoundingCents: 100,
		pricePoint: (sek) => Math.max(4900, Math.round(sek / 5000) * 5000 - 100),
		phonePrefix: '47',
		trunk: '',
		// Norwegian mobiles: 40, 41, 46, 47, 48 or 9, then six digits.
		mobile: (n) =>
			`${['40', '41', '46', '47', '48', '90', '92', '95'][n % 8]}${String(Math.floor(n / 8) % 1000000).padStart(6, '0')}`,
		cities: [
			{ city: 'Oslo', zip: '0154', street: 'Karl Johans gate', lat: 59.9127, lng: 10.7461 },
			{ city: 'Bergen', zip: '5014', street: 'Torgallmenningen', lat: 60.3929, lng: 5.3242 },
		],
		firstNames: ['Ingrid', 'Ola', 'Kari', 'Håkon', 'Nora', 'Sindre', 'Marte'],
		lastNames: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Bakke', 'Dahl', 'Sæther'],
		emailDomain: 'example.net',
		mobilePayment: 'Vipps',
	},
	{
		countryid: 'DE',
		currencycode: 'EUR',
		timezone: 'Europe/Berlin',
		vat: { standard: 19, reduced: 7, low: 7 },
		cashRoundingCents: 1,
		pricePoint: (sek) => Math.max(495, Math.round(sek / 1100 / 5) * 500 - 5),
		phonePrefix: '49',
		trunk: '0',
		// German mobiles: 1510-1512 and 1515-1519, then seven digits.
		mobile: (n) => `151${'0125789'[n % 7]}${String(Math.floor(n / 7) % 10000000).padStart(7, '0')}`,
		cities: [
			{ city: 'Berlin', zip: '10117', street: 'Friedrichstraße', lat: 52.52, lng: 13.3889 },
			{ city: 'Hamburg', zip: '20095', street: 'Mönckebergstraße', lat: 53.5511, lng: 9.9937 },
		],
		firstNames: ['Lena', 'Jonas', 'Miriam', 'Felix', 'Jürgen', 'Hannah', 'Lukas'],
		lastNames: ['Müller', 'Schmidt', 'Weiß', 'Fischer', 'Becker', 'Köhler'],
		emailDomain: 'example.org',
		mobilePayment: null,
	},
];

export const CHAIN_NAME = 'Nordkust';
export const CHAIN_DOMAIN = 'nordkust.example';

export type VatClass = 'standard' | 'reduced' | 'low';

export interface CategorySeed {
	title: string;
	parent?: string;
	vat: VatClass;
	sized: boolean;
}

export const CATEGORY_SEEDS: CategorySeed[] = [
	{ title: 'Apparel', vat: 'standard', sized: false },
	{ title: 'Shirts', parent: 'Apparel', vat: 'standard', sized: true },
	{ title: 'Trousers', parent: 'Apparel', vat: 'standard', sized: true },
	{ title: 'Outerwear', parent: 'Apparel', vat: 'standard', sized: true },
	{ title: 'Shoes', vat: 'standard', sized: true },
	{ title: 'Accessories', vat: 'standard', sized: false },
	{ title: 'Books', vat: 'low', sized: false },
	{ title: 'Coffee', vat: 'reduced', sized: false },
];

export const BRANDS = ['Nordkust', 'Björk & Co', 'Fjordline', 'Alpenrot', 'Havsö', 'Kvist'];

/** Product stems per leaf category with a SEK gross price in cents. */
export const PRODUCT_SEEDS: Record<string, { title: string; sek: number }[]> = {
	Shirts: [
		{ title: 'Linen Shirt', sek: 59900 },
		{ title: 'Oxford Shirt', sek: 69900 },
		{ title: 'Merino Tee', sek: 44900 },
	],
	Trousers: [
		{ title: 'Chino', sek: 79900 },
		{ title: 'Wool Trousers', sek: 119900 },
	],
	Outerwear: [
		{ title: 'Rain Jacket', sek: 149900 },
		{ title: 'Down Vest', sek: 129900 },
	],
	Shoes: [
		{ title: 'Leather Sneaker', sek: 129900 },
		{ title: 'Trail Boot', sek: 189900 },
	],
	Accessories: [
		{ title: 'Wool Beanie', sek: 29900 },
		{ title: 'Canvas Tote', sek: 19900 },
		{ title: 'Leather Belt', sek: 49900 },
	],
	Books: [{ title: 'Coastal Walks Guide', sek: 24900 }],
	Coffee: [{ title: 'Roast Coffee 500 g', sek: 12900 }],
};

export const SIZES: Record<string, string[]> = {
	Shirts: ['S', 'M', 'L'],
	Trousers: ['30', '32', '34'],
	Outerwear: ['M', 'L'],
	Shoes: ['40', '42', '44'],
};

export const REFUND_REASONS = [
	{ code: 'RC01', comment: 'Wrong size' },
	{ code: 'RC02', comment: 'Defective' },
	{ code: 'RC03', comment: 'Changed mind' },
];

/** Placeholder addresses staff type when a guest has none (docs/design.md invariant 4). */
export const PLACEHOLDER_EMAILS = [
	'noemail@noemail.com',
	'noemail@nordkust.example',
	'ingen@mail.se',
	'kund@kund.se',
];

export const CARD_ISSUERS = ['Visa', 'Mastercard', 'American Express'];
