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
import { bindCredentials, loadTemplates, startsByItself } from './templates';

function setting(name: keyof typeof SIMULATOR_DEFAULTS | 'N8N_DEMO_PORT'): string {
	if (name === 'N8N_DEMO_PORT') return process.env.N8N_DEMO_PORT || '5678';
	return process.env[name] || SIMULATOR_DEFAULTS[name];
}

async function main(): Promise<void> {
	console.log('Preparing n8n and the package (the first run installs n8n; this takes a few minutes)…');
	buildAndPack();

	const sitoo = createSitooSimulator({ accountId: setting('SITOO_SIM_ACCOUNT'), apiId: setting('SITOO_SIM_API_ID'), password: setting('SITOO_SIM_PASSWORD'), seed: Number(setting('SIM_SEED')) });
	const klaviyo = createKlaviyoSimulator({ apiKey: setting('KLAVIYO_SIM_API_KEY') });
	const sitooServer = await sitoo.listen(Number(setting('SITOO_SIM_PORT')));
	const klaviyoServer = await klaviyo.listen(Number(setting('KLAVIYO_SIM_PORT')));

	const userFolder = join(CACHE_DIR, 'demo-n8n');
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	console.log('Starting n8n…');
	const n8n = await N8nInstance.launch({ userFolder, port: Number(setting('N8N_DEMO_PORT')) });

	const credentials = {
		sitooApi: { id: 'demoSitooCred01', name: 'Sitoo (simulator)' },
		klaviyoApi: { id: 'demoKlaviyoCred1', name: 'Klaviyo (simulator)' },
	};
	await n8n.importCredentials([
		{ ...credentials.sitooApi, type: 'sitooApi', data: { baseUrl: `${sitooServer.url}/v2`, accountId: setting('SITOO_SIM_ACCOUNT'), apiId: setting('SITOO_SIM_API_ID'), password: setting('SITOO_SIM_PASSWORD'), siteId: 1 } },
		{ ...credentials.klaviyoApi, type: 'klaviyoApi', data: { apiKey: setting('KLAVIYO_SIM_API_KEY'), revision: '2026-07-15', baseUrl: klaviyoServer.url } },
	]);
	const templates = loadTemplates();
	for (const template of templates) await n8n.importWorkflow(bindCredentials(template, credentials));
	for (const template of templates.filter(startsByItself)) await n8n.api('POST', `/workflows/${template.id}/activate`);

	const salesPerMinute = Number(setting('SIM_SALES_PER_MINUTE'));
	if (salesPerMinute > 0) sitoo.stream.start({ ratePerMinute: salesPerMinute });

	console.log(`
n8n editor         ${n8n.baseUrl}
  log in with      ${OWNER.email} / ${OWNER.password}
  workflows        ${templates.length} imported, ${templates.filter(startsByItself).length} running
Klaviyo (sim)      ${klaviyoServer.url}/__admin/   ← profiles and their events, newest first
Sitoo (sim)        ${sitooServer.url}/v2  (account ${setting('SITOO_SIM_ACCOUNT')}, ${salesPerMinute > 0 ? `${salesPerMinute} sales a minute` : 'no live sales'})

Press Ctrl-C to stop.`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping…');
		sitoo.stream.stop();
		await n8n.stop();
		await Promise.all([sitooServer.close(), klaviyoServer.close()]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
