/* eslint-disable
	@n8n/community-nodes/require-node-api-error
	-- test code: runs in Node, never inside n8n */
import { SeededRandom } from '../shared/random';
import {
	BRANDS,
	CATEGORY_SEEDS,
	CHAIN_DOMAIN,
	CHAIN_NAME,
	COUNTRIES,
	PRODUCT_SEEDS,
	SIZES,
	type CountryProfile,
} from './fixtures';
import { formatMoney, netOfGross } from './money';
import { messyPhone } from './phones';
import { ReceiptError, ReceiptFactory } from './receipts';
import {
	OrderState,
	OrderType,
	type Category,
	type Manufacturer,
	type Order,
	type Product,
	type Register,
	type Site,
	type SiteSettings,
	type Store,
	type User,
	type Warehouse,
} from './types';
import { SitooWorld, type Catalogue, type WorldState } from './world';

export interface GeneratorConfig {
	accountId: string;
	seed: number;
	stores: number;
	customers: number;
	historyOrders: number;
	historyDays: number;
	/** The "now" (ms) the seeded history ends at; fixed per simulator so reset repeats it. */
	anchorMs: number;
}

const DAY = 86_400_000;
export const FIRST_ORDER_ID = 10001;

/** A whole account from the seed: catalogue, customers and order history. Same config, same world. */
export function generateWorld(config: GeneratorConfig): SitooWorld {
	const rng = new SeededRandom(config.seed);
	const world = new SitooWorld(
		config.accountId,
		emptyState(buildCatalogue(rng, config)),
		config.seed ^ 0x5eed5,
	);
	generateHistory(world, new ReceiptFactory(world, rng), rng, config);
	world.seeding = false;
	return world;
}

function emptyState(catalogue: Catalogue): WorldState {
	return {
		...catalogue,
		orders: [],
		meta: new Map(),
		events: [],
		nextOrderId: FIRST_ORDER_ID,
		receiptCounters: new Map(),
	};
}

function guid(rng: SeededRandom): string {
	const hex = (n: number) =>
		Array.from({ length: n }, () => rng.int(0, 15).toString(16))
			.join('')
			.toUpperCase();
	return `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`;
}

function ascii(text: string): string {
	return text
		.replace(/ß/g, 'ss')
		.replace(/æ/gi, 'ae')
		.replace(/ø/gi, 'o')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-');
}

export function buildCatalogue(rng: SeededRandom, config: GeneratorConfig): Catalogue {
	if (!Number.isInteger(config.stores) || config.stores < 1)
		throw new Error('stores must be a positive integer');
	const since = config.anchorMs - 400 * DAY;
	const stamp = (from: number, to: number) => Math.floor(rng.int(from, to) / 1000);
	// Stores take turns between SE, NO and DE; each country is one site with its own currency.
	const countries: CountryProfile[] = [];
	const sites: Site[] = [];
	const stores: Store[] = [];
	const warehouses: Warehouse[] = [];
	const registers: Register[] = [];
	const users: User[] = [];
	let registerNumber = 0;
	for (let i = 0; i < config.stores; i++) {
		const country = COUNTRIES[i % COUNTRIES.length];
		if (!countries.includes(country)) {
			countries.push(country);
			sites.push({
				eshopid: countries.length,
				siteurl: `https://${ascii(CHAIN_NAME)}-${country.countryid.toLowerCase()}.mysitoo.com/`,
				protocol: 'https',
				server: `${ascii(CHAIN_NAME)}-${country.countryid.toLowerCase()}.mysitoo.com`,
				abspath: '/',
			});
		}
		const eshopid = countries.indexOf(country) + 1;
		const place = country.cities[Math.floor(i / COUNTRIES.length) % country.cities.length];
		const storeid = i + 1;
		const number = rng.int(1, 99);
		const store: Store = {
			storeid,
			eshopid,
			// Store and warehouse type enumerations are not in the reference; descriptive strings here.
			storetype: 'physical',
			name: `${CHAIN_NAME} ${place.city} ${place.street}`,
			externalid: `STO-${String(storeid).padStart(2, '0')}`,
			externalgroupid: country.countryid,
			phone: `+${country.phonePrefix} ${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
			email: `${ascii(place.city)}${storeid}@${CHAIN_DOMAIN}`,
			address: `${place.street} ${number}`,
			address2: '',
			zip: place.zip,
			city: place.city,
			state: '',
			countryid: country.countryid,
			latitude: place.lat,
			longitude: place.lng,
			tags: [country.countryid.toLowerCase()],
		};
		stores.push(store);
		const warehouseid = storeid + 10;
		warehouses.push({
			warehouseid,
			warehousetype: 'store',
			usetype: 'sales',
			storeid,
			sellable: true,
			currencycode: country.currencycode,
			name: store.name,
			externalid: `WH-${String(storeid).padStart(2, '0')}`,
			address: store.address,
			address2: '',
			zip: store.zip,
			city: store.city,
			state: '',
			countryid: store.countryid,
		});
		const tills = rng.int(1, 2);
		for (let t = 1; t <= tills; t++) {
			registerNumber++;
			registers.push({
				registerid: guid(rng),
				number: registerNumber,
				storeid,
				name: `Register ${t}`,
			});
		}
		for (let s = 0; s < 2; s++) {
			const first = rng.pick(country.firstNames);
			const last = rng.pick(country.lastNames);
			const created = stamp(since, config.anchorMs - 60 * DAY);
			users.push(
				user(
					guid(rng),
					`${ascii(first)}.${ascii(last)}.${storeid}${s}@${CHAIN_DOMAIN}`,
					first,
					last,
					country,
					{
						externalid: `S-${storeid}${s}`,
						role: 'staff',
						warehouses: [warehouseid],
						datecreated: created,
						datemodified: created,
					},
				),
			);
		}
	}
	const settings: SiteSettings[] = sites.map((site, i) => ({
		eshopid: site.eshopid,
		eshopname: `${CHAIN_NAME} ${countries[i].countryid}`,
		currencycode: countries[i].currencycode,
		timezone: countries[i].timezone,
		pricesstoredwithvat: true,
		warehouseid:
			warehouses.find((w) => stores.find((s) => s.storeid === w.storeid)?.eshopid === site.eshopid)
				?.warehouseid ?? 0,
	}));

	for (let n = 0; n < config.customers; n++) {
		const country = countries[n % countries.length];
		const first = rng.pick(country.firstNames);
		const last = rng.pick(country.lastNames);
		const place = rng.pick(country.cities);
		const created = stamp(since, config.anchorMs - DAY);
		const hasMobile = rng.chance(0.8);
		users.push(
			user(
				guid(rng),
				`${ascii(first)}.${ascii(last)}${n + 1}@${country.emailDomain}`,
				first,
				last,
				country,
				{
					customernumber: String(100001 + n),
					mobile: hasMobile ? messyPhone(country, country.mobile(rng.int(0, 99999999)), rng) : '',
					address: `${place.street} ${rng.int(1, 120)}`,
					zip: place.zip,
					city: place.city,
					datecreated: created,
					datemodified: rng.chance(0.3) ? stamp(created * 1000, config.anchorMs) : created,
				},
			),
		);
	}

	const { categories, manufacturers, products, grossPrices, groupNames } = buildProducts(
		rng,
		sites,
		countries,
		since,
		config.anchorMs,
	);
	return {
		sites,
		settings,
		stores,
		warehouses,
		registers,
		categories,
		manufacturers,
		products,
		grossPrices,
		groupNames,
		users,
	};
}

function user(
	userid: string,
	email: string,
	first: string,
	last: string,
	country: CountryProfile,
	extra: Partial<User>,
): User {
	return {
		userid,
		email,
		namefirst: first,
		namelast: last,
		personalid: '',
		externalid: null,
		company: '',
		department: '',
		companyid: '',
		address: '',
		address2: '',
		zip: '',
		city: '',
		state: '',
		// Lower-case alpha-2 as in the documented user example (docs/reference/sitoo-api.md §4.1).
		countryid: country.countryid.toLowerCase(),
		phone: '',
		mobile: '',
		notes: '',
		customernumber: '',
		datecreated: 0,
		datemodified: 0,
		pricelistid: 1,
		voucherpasswords: [],
		role: null,
		warehouses: [],
		posrefundcard: false,
		...extra,
	};
}

/** Per-site catalogues: the same SKUs on every site, with site-unique ids and local prices and VAT. */
function buildProducts(
	rng: SeededRandom,
	sites: Site[],
	countries: CountryProfile[],
	since: number,
	anchor: number,
) {
	const categories = new Map<number, Category[]>();
	const manufacturers = new Map<number, Manufacturer[]>();
	const products = new Map<number, Product[]>();
	const grossPrices = new Map<number, number>();
	const groupNames = new Map<number, string>();
	// Stable per-SKU facts drawn once, so every site sells the same article.
	const articles = Object.entries(PRODUCT_SEEDS).flatMap(([category, stems]) =>
		stems.map((stem, i) => ({
			category,
			...stem,
			brand: rng.pick(BRANDS),
			code: `${stem.title
				.split(' ')
				.map((w) => w[0])
				.join('')
				.toUpperCase()}-${100 + i}`,
			ean: `73${String(rng.int(0, 99999999999)).padStart(11, '0')}`,
			created: Math.floor(rng.int(since, anchor - 90 * DAY) / 1000),
			modified: Math.floor(rng.int(anchor - 60 * DAY, anchor - DAY) / 1000),
		})),
	);
	let categoryId = 1;
	let manufacturerId = 1;
	let productId = 1001;
	sites.forEach((site, siteIndex) => {
		const country = countries[siteIndex];
		const siteCategories: Category[] = [];
		for (const seed of CATEGORY_SEEDS) {
			const parent = siteCategories.find((c) => c.title === seed.parent);
			siteCategories.push({
				categoryid: categoryId++,
				categoryparentid: parent?.categoryid ?? 0,
				title: seed.title,
				friendly: seed.title.toLowerCase(),
				datecreated: Math.floor(since / 1000),
				datemodified: Math.floor(since / 1000),
			});
		}
		categories.set(site.eshopid, siteCategories);
		const siteBrands = BRANDS.map((name) => ({
			externalcompanyid: manufacturerId++,
			name,
			url1: `https://${ascii(name)}.example`,
		}));
		manufacturers.set(site.eshopid, siteBrands);
		const siteProducts: Product[] = [];
		articles.forEach((article, articleIndex) => {
			const seed = CATEGORY_SEEDS.find((c) => c.title === article.category);
			const category = siteCategories.find((c) => c.title === article.category);
			if (!seed || !category) throw new Error(`unknown category ${article.category}`);
			const vat = country.vat[seed.vat];
			const gross = country.pricePoint(article.sek);
			const sizes = SIZES[article.category] ?? [''];
			let parentId = 0;
			for (const size of sizes) {
				const productid = productId++;
				if (parentId === 0) parentId = productid;
				grossPrices.set(productid, gross);
				groupNames.set(productid, article.category);
				siteProducts.push({
					productid,
					sku: size ? `${article.code}-${size}` : article.code,
					title: article.title,
					descriptionshort: `${article.title} by ${article.brand}`,
					description: '',
					moneyprice: formatMoney(netOfGross(gross, vat)),
					moneypriceorg: formatMoney(netOfGross(gross, vat)),
					vatvalue: vat,
					defaultcategoryid: category.categoryid,
					categories: [
						category.categoryid,
						...(category.categoryparentid ? [category.categoryparentid] : []),
					],
					manufacturerid: siteBrands.find((b) => b.name === article.brand)?.externalcompanyid ?? 0,
					variantparentid: parentId,
					variant: size ? [{ name: 'Size', value: size }] : [],
					barcode: `${article.ean.slice(0, 11)}${String(sizes.indexOf(size)).padStart(2, '0')}`,
					customattributes: [],
					custom1: '',
					custom2: '',
					custom3: '',
					custom4: '',
					custom5: '',
					activepos: true,
					// One discontinued article, so `includeinactive` has something to show.
					active: articleIndex !== articles.length - 2,
					datecreated: article.created,
					datemodified: article.modified,
				});
			}
		});
		products.set(site.eshopid, siteProducts);
	});
	return { categories, manufacturers, products, grossPrices, groupNames };
}

/** Spreads the seeded orders over the last `historyDays`, ending just before the anchor. */
function generateHistory(
	world: SitooWorld,
	factory: ReceiptFactory,
	rng: SeededRandom,
	config: GeneratorConfig,
): void {
	const start = config.anchorMs - config.historyDays * DAY;
	const step = (config.anchorMs - 60_000 - start) / Math.max(1, config.historyOrders);
	let last = start;
	while (world.state.orders.length < config.historyOrders) {
		const created = world.state.orders.length;
		// Jitter stays inside the order's own slot, so the last one still lands before the anchor.
		const at = Math.max(
			last + 1000,
			Math.round(start + (created + 0.5 + (rng.next() - 0.5) * 0.8) * step),
		);
		last = at;
		randomActivity(world, factory, rng, at);
	}
}

/**
 * One thing happening in the chain: mostly sales, some refunds, returns and exchanges, parked
 * orders and bookings that settle later, and offline tills catching up. Used by history and stream.
 */
export function randomActivity(
	world: SitooWorld,
	factory: ReceiptFactory,
	rng: SeededRandom,
	at: number,
): Order[] {
	const open = openOrders(world, at);
	if (open.length > 0 && rng.chance(0.25)) {
		const order = rng.pick(open);
		return rng.chance(0.85)
			? factory.close(order.orderid, at)
			: [factory.cancel(order.orderid, at)];
	}
	const r = rng.next();
	try {
		if (r < 0.09) return [factory.refund(at)];
		if (r < 0.12) return [factory.manualReturn(at)];
		if (r < 0.16) return factory.exchange(at, { split: rng.chance(0.3) });
	} catch (error) {
		if (!(error instanceof ReceiptError)) throw error;
		// Nothing to refund yet: the till sells instead.
		return [factory.sale(at)];
	}
	if (r < 0.2) return [factory.parked(at)];
	if (r < 0.22) return [factory.booking(at)];
	if (r < 0.28) return [factory.offline(at)];
	return [factory.sale(at)];
}

/** Open orders due to settle: parked ones after 20 minutes, bookings (pick-ups) after a day. */
function openOrders(world: SitooWorld, at: number): Order[] {
	const found: Order[] = [];
	const orders = world.state.orders;
	for (let i = orders.length - 1; i >= 0 && i >= orders.length - 300; i--) {
		const order = orders[i];
		const meta = world.meta(order.orderid);
		const wait = order.ordertypeid === OrderType.Booking ? DAY : 20 * 60_000;
		if (order.orderstateid === OrderState.Open && meta && meta.arrivedAt <= at - wait)
			found.push(order);
	}
	return found;
}
