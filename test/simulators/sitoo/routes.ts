/* eslint-disable
	@n8n/community-nodes/require-node-api-error
	-- test code: runs in Node, never inside n8n */
import { json, Router, type SimRequest, type SimResponse } from '../shared/http';
import { listOrders, listUsers, normaliseGuid } from './orders';
import { envelope, intListParam, intParam, QueryError, single, stringListParam } from './query';
import type { SitooWorld } from './world';

export interface ApiConfig {
	accountId: string;
	apiId: string;
	password: string;
	/** Largest page `num` honours (§5: not documented; see query.ts). */
	maxPageSize: number;
	/** Requests per second before 429; the real limits are not documented (§5 "Rate limits"). */
	rateLimitPerSecond: number | null;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request. Invalid syntax, missing required argument or invalid request',
	401: 'Authorization failed',
	404: 'Resource not found. The url is invalid',
	405: 'Method not allowed',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

/**
 * Error body. The core API's format is not confirmed; `{statuscode, errortext}` is the only error
 * schema in the transcribed docs (docs/reference/sitoo-api.md §5 "Error body"), so the simulator uses it.
 */
export function sitooError(
	status: number,
	detail?: string,
	headers?: Record<string, string>,
): SimResponse {
	const text = STATUS_TEXT[status] ?? 'Error';
	return json(
		status,
		{ statuscode: status, errortext: detail ? `${text}: ${detail}` : text },
		headers,
	);
}

class NotFound extends Error {}

type Handler = (req: SimRequest, world: SitooWorld) => SimResponse;

/** `{id}.json` as the last path segment. */
function idOf(segment: string | undefined, what: string): number {
	const match = /^(\d+)\.json$/.exec(segment ?? '');
	if (!match) throw new NotFound(`${what} not found`);
	return Number(match[1]);
}

function siteOf(req: SimRequest, world: SitooWorld, param = 'site'): number {
	const raw = req.params[param];
	const eshopid = /^\d+$/.test(raw ?? '') ? Number(raw) : NaN;
	if (!world.site(eshopid)) throw new NotFound(`site ${raw} not found`);
	return eshopid;
}

export function buildApiRouter(getWorld: () => SitooWorld, config: () => ApiConfig): Router {
	const router = new Router();
	let window = { second: 0, count: 0 };

	const guard =
		(handler: Handler) =>
		(req: SimRequest): SimResponse => {
			const cfg = config();
			if (cfg.rateLimitPerSecond !== null) {
				const second = Math.floor(Date.now() / 1000);
				if (window.second !== second) window = { second, count: 0 };
				if (++window.count > cfg.rateLimitPerSecond) {
					// Header names are not documented; Retry-After is what clients (R2, R6) honour.
					return sitooError(429, undefined, { 'retry-after': '1' });
				}
			}
			if (!authorised(req, cfg))
				return sitooError(401, undefined, { 'www-authenticate': 'Basic realm="Sitoo API"' });
			// Credentials belong to one account (API id `{accountid}-{n}`, §1); another account id is not found.
			if (req.params.account !== cfg.accountId)
				return sitooError(404, `account ${req.params.account} not found`);
			try {
				return handler(req, getWorld());
			} catch (error) {
				if (error instanceof QueryError) return sitooError(400, error.message);
				if (error instanceof NotFound) return sitooError(404, error.message);
				throw error;
			}
		};
	const get = (path: string, handler: Handler) =>
		router.add('GET', `/v2/accounts/:account${path}`, guard(handler));
	const max = () => config().maxPageSize;

	get('/sites.json', (req, w) => json(200, envelope(w.state.sites, req.query, max())));
	get('/sites/:siteFile', (req, w) => {
		const site = w.site(idOf(req.params.siteFile, 'site'));
		if (!site) throw new NotFound('site not found');
		return json(200, single(site, req.query));
	});
	get('/sites/:site/settings.json', (req, w) => {
		const eshopid = siteOf(req, w);
		const settings = w.state.settings.find((s) => s.eshopid === eshopid);
		if (!settings) throw new NotFound('settings not found');
		const { eshopid: _omit, ...body } = settings;
		void _omit;
		return json(200, single(body, req.query));
	});

	get('/orders.json', (req, w) => json(200, listOrders(w.state.orders, req.query, max())));
	get('/sites/:site/orders.json', (req, w) =>
		json(200, listOrders(w.state.orders, req.query, max(), siteOf(req, w))),
	);
	const orderOf = (req: SimRequest, w: SitooWorld, param: string, suffix: boolean) => {
		const eshopid = siteOf(req, w);
		const id = suffix
			? idOf(req.params[param], 'order')
			: /^\d+$/.test(req.params[param])
				? Number(req.params[param])
				: NaN;
		const order = w.order(id);
		// An order is reached through its own site only.
		if (!order || order.eshopid !== eshopid)
			throw new NotFound(`order ${req.params[param]} not found`);
		return order;
	};
	get('/sites/:site/orders/:orderFile', (req, w) =>
		json(200, single(orderOf(req, w, 'orderFile', true), req.query)),
	);
	get('/sites/:site/orders/:orderid/orderlogitems.json', (req, w) =>
		json(200, envelope(orderOf(req, w, 'orderid', false).orderlogitems, req.query, max())),
	);

	// "Users are common to all sites in a system" (§4.1): every site lists the same users.
	get('/sites/:site/users.json', (req, w) => {
		siteOf(req, w);
		return json(200, listUsers(w.state.users, req.query, max()));
	});
	get('/sites/:site/users/:userFile', (req, w) => {
		siteOf(req, w);
		const raw = /^(.+)\.json$/.exec(req.params.userFile)?.[1];
		const user = raw ? w.user(normaliseGuid(raw)) : undefined;
		if (!user) throw new NotFound(`user ${req.params.userFile} not found`);
		return json(200, single(user, req.query));
	});

	// Stores and warehouses are account-wide (each carries its own eshopid); every site lists them all.
	get('/sites/:site/stores.json', (req, w) => {
		siteOf(req, w);
		return json(200, envelope(w.state.stores, req.query, max()));
	});
	get('/sites/:site/stores/:storeFile', (req, w) => {
		siteOf(req, w);
		const store = w.store(idOf(req.params.storeFile, 'store'));
		if (!store) throw new NotFound('store not found');
		return json(200, single(store, req.query));
	});
	get('/sites/:site/warehouses.json', (req, w) => {
		siteOf(req, w);
		return json(200, envelope(w.state.warehouses, req.query, max()));
	});
	get('/sites/:site/warehouses/:warehouseFile', (req, w) => {
		siteOf(req, w);
		const id = idOf(req.params.warehouseFile, 'warehouse');
		const warehouse = w.state.warehouses.find((x) => x.warehouseid === id);
		if (!warehouse) throw new NotFound('warehouse not found');
		return json(200, single(warehouse, req.query));
	});

	// Catalogue resources belong to a site (productid is unique across sites, §7).
	get('/sites/:site/products.json', (req, w) => {
		const products = w.products(siteOf(req, w));
		const skus = stringListParam(req.query, 'sku');
		const ids = intListParam(req.query, 'productid');
		const modifiedAfter = intParam(req.query, 'datelastmodified');
		// Sitoo wants the strings "true"/"false" here (R1 commit 3d0373a).
		const inactive = req.query.get('includeinactive');
		if (inactive !== null && inactive !== 'true' && inactive !== 'false') {
			throw new QueryError(`Invalid value for parameter includeinactive: "${inactive}"`);
		}
		const matching = products.filter(
			(p) =>
				(inactive === 'true' || p.active) &&
				(!skus || skus.includes(p.sku)) &&
				(!ids || ids.includes(p.productid)) &&
				(modifiedAfter === undefined || p.datemodified > modifiedAfter),
		);
		return json(200, envelope(matching, req.query, max()));
	});
	get('/sites/:site/products/:productFile', (req, w) => {
		const id = idOf(req.params.productFile, 'product');
		const product = w.products(siteOf(req, w)).find((p) => p.productid === id);
		if (!product) throw new NotFound('product not found');
		return json(200, single(product, req.query));
	});
	get('/sites/:site/manufacturers.json', (req, w) =>
		json(200, envelope(w.state.manufacturers.get(siteOf(req, w)) ?? [], req.query, max())),
	);
	get('/sites/:site/manufacturers/:manufacturerFile', (req, w) => {
		const id = idOf(req.params.manufacturerFile, 'manufacturer');
		const found = (w.state.manufacturers.get(siteOf(req, w)) ?? []).find(
			(m) => m.externalcompanyid === id,
		);
		if (!found) throw new NotFound('manufacturer not found');
		return json(200, single(found, req.query));
	});
	get('/sites/:site/categories.json', (req, w) =>
		json(200, envelope(w.state.categories.get(siteOf(req, w)) ?? [], req.query, max())),
	);
	get('/sites/:site/categories/:categoryFile', (req, w) => {
		const id = idOf(req.params.categoryFile, 'category');
		const found = (w.state.categories.get(siteOf(req, w)) ?? []).find((c) => c.categoryid === id);
		if (!found) throw new NotFound('category not found');
		return json(200, single(found, req.query));
	});
	return router;
}

function authorised(req: SimRequest, cfg: ApiConfig): boolean {
	const header = req.headers.authorization;
	if (typeof header !== 'string' || !/^basic /i.test(header)) return false;
	const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return false;
	return decoded.slice(0, colon) === cfg.apiId && decoded.slice(colon + 1) === cfg.password;
}
