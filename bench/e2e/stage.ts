/* eslint-disable
	@n8n/community-nodes/require-node-api-error
	-- benchmark code: runs in Node, never inside n8n */
/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * The stage every end-to-end benchmark plays on: one Sitoo simulator for the whole run (its orders
 * are the chain's), a fresh Klaviyo simulator per measurement (its own quota, its own events), and a
 * fresh real n8n per measurement with the package installed as users install it.
 *
 * The Klaviyo simulator enforces Klaviyo's published limits in real time (no time-scaling): our
 * transport paces itself to those limits in real time, so scaling the windows would measure a
 * different product.
 */
import { N8nInstance } from '../../test/e2e/harness/n8n-instance';
import { ensureN8nInstalled } from '../../test/e2e/harness/install';
import { buildAndPack } from '../../test/e2e/harness/package-tarball';
import { KLAVIYO_KEY, SITOO, type CredentialRecord } from '../../test/e2e/harness/simulators';
import { createKlaviyoSimulator, type KlaviyoSimulator } from '../../test/simulators/klaviyo';
import type { RunningServer, TrafficCounters } from '../../test/simulators/shared/http';
import { createSitooSimulator, type SitooSimulator } from '../../test/simulators/sitoo';
import { SIZES } from '../sizes';
import {
	bindCredentials,
	ERROR_HANDLER_ID,
	loadTemplates,
	setPublished,
	type WorkflowTemplate,
} from '../../test/demo/templates';

export const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
export const SPI_LOGIN = { user: 'sitoo-bench', password: 'bench-Events-login-0123456789' };
const SPI_CREDENTIAL: CredentialRecord = {
	id: 'spiLoginBench01',
	name: 'Sitoo webhook login (bench)',
	type: 'sitooSpiAuthApi',
	data: SPI_LOGIN,
};
export const TEMPLATE = {
	polling: 'storeSalesToKlaviyo',
	realTime: 'storeSalesRealTime',
	backfill: 'backfillHistory',
} as const;

export interface Sitoo {
	sim: SitooSimulator;
	server: RunningServer;
	credential: CredentialRecord;
}

export interface Klaviyo {
	sim: KlaviyoSimulator;
	server: RunningServer;
	credential: CredentialRecord;
	close(): Promise<void>;
}

/** Builds and packs the package and makes sure n8n is installed; once per process, before any launch. */
export function prepare(): void {
	ensureN8nInstalled();
	buildAndPack();
}

/** Member customers enough that Klaviyo holds thousands of profiles, as a chain's CRM would. */
export async function startSitoo(customers = 2000): Promise<Sitoo> {
	const sim = createSitooSimulator({ ...SITOO, seed: 8, historyOrders: 0, customers });
	const server = await sim.listen(0);
	return {
		sim,
		server,
		credential: {
			id: 'sitooBenchCred1',
			name: 'Sitoo (simulator)',
			type: 'sitooApi',
			data: {
				baseUrl: `${server.url}/v2`,
				accountId: SITOO.accountId,
				apiId: SITOO.apiId,
				password: SITOO.password,
				siteId: 1,
			},
		},
	};
}

export async function startKlaviyo(): Promise<Klaviyo> {
	const sim = createKlaviyoSimulator({ apiKey: KLAVIYO_KEY, rateLimits: true, timeScale: 1 });
	const server = await sim.listen(0);
	if (SIZES.klaviyoLatencyMs > 0) sim.faults.configure({ latencyMs: SIZES.klaviyoLatencyMs });
	return {
		sim,
		server,
		credential: {
			id: 'klaviyoBench001',
			name: 'Klaviyo (simulator)',
			type: 'klaviyoApi',
			data: { apiKey: KLAVIYO_KEY, revision: '2026-07-15', baseUrl: server.url },
		},
		close: () => server.close(),
	};
}

/** Requests and 429 answers the Klaviyo simulator saw, per route (`POST /api/events`…). */
export function klaviyoRequests(
	klaviyo: Klaviyo,
): Record<string, { requests: number; throttled: number }> {
	const counters: TrafficCounters = klaviyo.sim.http.counters;
	const out: Record<string, { requests: number; throttled: number }> = {};
	for (const [route, statuses] of Object.entries(counters.byRouteStatus)) {
		const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
		out[route] = { requests, throttled: statuses['429'] ?? 0 };
	}
	return out;
}

export function template(id: string): WorkflowTemplate {
	const found = loadTemplates().find((t) => t.id === id);
	if (!found) throw new Error(`no template with id ${id} in workflows/`);
	return found;
}

/**
 * A real n8n with the credentials and the given templates imported, the error handler published
 * first (the templates call it), then each template in `publish`.
 */
export async function launchN8n(
	sitoo: Sitoo,
	klaviyo: Klaviyo,
	workflows: WorkflowTemplate[],
	publish: string[] = [],
	/** Extra environment for n8n (queue mode: test/e2e/harness/queue-stage.ts). */
	env?: Record<string, string>,
): Promise<N8nInstance> {
	const n8n = await N8nInstance.launch({ env });
	try {
		await n8n.importCredentials([sitoo.credential, klaviyo.credential, SPI_CREDENTIAL]);
		const credentials = {
			sitooApi: sitoo.credential,
			klaviyoApi: klaviyo.credential,
			sitooSpiAuthApi: SPI_CREDENTIAL,
		};
		await n8n.importWorkflow(bindCredentials(template(ERROR_HANDLER_ID), credentials));
		for (const workflow of workflows)
			await n8n.importWorkflow(bindCredentials(workflow, credentials));
		await setPublished(n8n, ERROR_HANDLER_ID, true);
		for (const id of publish) await setPublished(n8n, id, true);
		return n8n;
	} catch (error) {
		await n8n.dispose();
		throw error;
	}
}

/** Executions of a workflow by status, through every page of n8n's public API (without their data). */
export async function executionStatuses(
	n8n: N8nInstance,
	workflowId: string,
): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	let cursor: string | undefined;
	do {
		const page = await n8n.api<{ data: Array<{ status: string }>; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		for (const e of page.data) counts[e.status] = (counts[e.status] ?? 0) + 1;
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return counts;
}

export const stillRunning = (counts: Record<string, number>) =>
	(counts.running ?? 0) + (counts.new ?? 0) + (counts.waiting ?? 0);
