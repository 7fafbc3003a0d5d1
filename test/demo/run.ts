/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/* eslint-disable
	no-console
	-- a command-line script: what it prints is its output */
/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * `npm start`: the whole product on one machine. The simulated Sitoo store chain sells, n8n (with this
 * package installed as users install it) carries the sales to the simulated Klaviyo, and the account
 * page shows them arrive. Ctrl-C stops everything it started.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { N8nInstance, OWNER } from '../e2e/harness/n8n-instance';
import { buildAndPack } from '../e2e/harness/package-tarball';
import { CACHE_DIR } from '../e2e/harness/paths';
import { SIMULATOR_DEFAULTS } from '../simulators/defaults';
import { createKlaviyoSimulator } from '../simulators/klaviyo';
import { createSitooSimulator } from '../simulators/sitoo';
import {
	bindCredentials,
	LEDGER_TABLE,
	loadTemplates,
	publishedInDemo,
	setPublished,
	type WorkflowTemplate,
} from './templates';

type Setting = keyof typeof SIMULATOR_DEFAULTS | 'N8N_DEMO_PORT' | 'N8N_DEMO_FOLDER';

function setting(name: Setting): string {
	if (name === 'N8N_DEMO_PORT') return process.env.N8N_DEMO_PORT || '5678';
	if (name === 'N8N_DEMO_FOLDER') return process.env.N8N_DEMO_FOLDER || join(CACHE_DIR, 'demo-n8n');
	return process.env[name] || SIMULATOR_DEFAULTS[name];
}

/** The demo's own login for Sitoo's calls into n8n (webhook triggers); not a secret anywhere else. */
const DEMO_SPI_LOGIN = { user: 'sitoo-demo', password: 'demo-webhook-login-0123456789' };
const DEMO_STATUS_LOGIN = { user: 'ops', password: 'demo-status-page' };

function webhookUrl(baseUrl: string, template: WorkflowTemplate | undefined): string | undefined {
	const trigger = template?.nodes.find((node) => typeof node.webhookId === 'string');
	return trigger ? `${baseUrl}/webhook/${trigger.webhookId as string}` : undefined;
}

async function main(): Promise<void> {
	console.log(
		'Preparing n8n and the package (the first run installs n8n; this takes a few minutes)…',
	);
	buildAndPack();

	const sitoo = createSitooSimulator({
		accountId: setting('SITOO_SIM_ACCOUNT'),
		apiId: setting('SITOO_SIM_API_ID'),
		password: setting('SITOO_SIM_PASSWORD'),
		seed: Number(setting('SIM_SEED')),
	});
	const klaviyo = createKlaviyoSimulator({ apiKey: setting('KLAVIYO_SIM_API_KEY') });
	const sitooServer = await sitoo.listen(Number(setting('SITOO_SIM_PORT')));
	const klaviyoServer = await klaviyo.listen(Number(setting('KLAVIYO_SIM_PORT')));
	let n8n: N8nInstance | undefined;

	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping…');
		sitoo.stream.stop();
		await n8n?.stop();
		await Promise.all([sitooServer.close(), klaviyoServer.close()]);
		process.exit(code);
	};
	// Ctrl-C during start-up stops what has started so far, too.
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	try {
		const userFolder = setting('N8N_DEMO_FOLDER');
		rmSync(userFolder, { recursive: true, force: true });
		mkdirSync(userFolder, { recursive: true });
		console.log('Starting n8n…');
		n8n = await N8nInstance.launch({ userFolder, port: Number(setting('N8N_DEMO_PORT')) });

		const credentials = {
			sitooApi: { id: 'demoSitooCred01', name: 'Sitoo (simulator)' },
			klaviyoApi: { id: 'demoKlaviyoCred1', name: 'Klaviyo (simulator)' },
			sitooSpiAuthApi: { id: 'demoSitooSpiLog1', name: 'Sitoo webhook login (simulator)' },
			httpBasicAuth: { id: 'demoStatusLogin1', name: 'Status page login (demo)' },
		};
		await n8n.importCredentials([
			{
				...credentials.sitooApi,
				type: 'sitooApi',
				data: {
					baseUrl: `${sitooServer.url}/v2`,
					accountId: setting('SITOO_SIM_ACCOUNT'),
					apiId: setting('SITOO_SIM_API_ID'),
					password: setting('SITOO_SIM_PASSWORD'),
					siteId: 1,
				},
			},
			{
				...credentials.klaviyoApi,
				type: 'klaviyoApi',
				data: {
					apiKey: setting('KLAVIYO_SIM_API_KEY'),
					revision: '2026-07-15',
					baseUrl: klaviyoServer.url,
				},
			},
			{ ...credentials.sitooSpiAuthApi, type: 'sitooSpiAuthApi', data: DEMO_SPI_LOGIN },
			{ ...credentials.httpBasicAuth, type: 'httpBasicAuth', data: DEMO_STATUS_LOGIN },
		]);
		const templates = loadTemplates();
		for (const template of templates)
			await n8n.importWorkflow(bindCredentials(template, credentials));
		const published = publishedInDemo(templates);
		for (const template of published) await setPublished(n8n, template.id, true);

		// The first poll of each polling template records where it starts ("now"). Only orders after
		// it are sent, so wait for it, then ring up one member sale at once: n8n polls again within a
		// minute, and the live stream is random (its first orders may be refunds or guests).
		const polling = published.filter((t) =>
			t.nodes.some((node) => /\.sitooTrigger$/.test(node.type)),
		);
		const deadline = Date.now() + 60_000;
		for (const template of polling) {
			while ((await n8n.executions(template.id)).length === 0 && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 250));
		}
		sitoo.factory.sale(sitoo.now(), { customer: 'member' });

		const salesPerMinute = Number(setting('SIM_SALES_PER_MINUTE'));
		if (salesPerMinute > 0) sitoo.stream.start({ ratePerMinute: salesPerMinute });

		const byId = (id: string) => templates.find((t) => t.id === id);
		console.log(`
n8n editor         ${n8n.baseUrl}
  log in with      ${OWNER.email} / ${OWNER.password}
  workflows        ${templates.length} imported, ${published.length} published: ${published.map((t) => t.name).join(', ')}
  exception ledger Overview → Data tables → "${LEDGER_TABLE}" (appears with the first problem)
Klaviyo (sim)      ${klaviyoServer.url}/__admin/   ← profiles and their events, newest first
Sitoo (sim)        ${sitooServer.url}/v2  (account ${setting('SITOO_SIM_ACCOUNT')}, ${salesPerMinute > 0 ? `${salesPerMinute} sales a minute` : 'no live sales'})
  CRM address      ${webhookUrl(n8n.baseUrl, byId('consentAtTheTill')) ?? '-'}  (login ${DEMO_SPI_LOGIN.user} / ${DEMO_SPI_LOGIN.password})
  Events webhook   ${webhookUrl(n8n.baseUrl, byId('storeSalesRealTime')) ?? '-'}  (publish "Store sales → Klaviyo, real time" first)
Status page        ${n8n.baseUrl}/webhook/sync-monitor  (login ${DEMO_STATUS_LOGIN.user} / ${DEMO_STATUS_LOGIN.password})

The first sale reaches Klaviyo within about a minute (n8n asks Sitoo once a minute).
Press Ctrl-C to stop.`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		await stop(1);
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
