/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/* eslint-disable
	no-console
	-- a command-line script: what it prints is its output */
/**
 * `npm run simulators`: a seeded Sitoo store chain with a live sale stream, and an empty Klaviyo
 * account, on fixed local ports. Prints where they are and how to sign in; Ctrl-C stops both.
 */
import { createKlaviyoSimulator } from './klaviyo';
import { createSitooSimulator } from './sitoo';
import { SIMULATOR_DEFAULTS } from './defaults';

function setting(name: keyof typeof SIMULATOR_DEFAULTS): string {
	return process.env[name] || SIMULATOR_DEFAULTS[name];
}

function numberSetting(name: keyof typeof SIMULATOR_DEFAULTS): number {
	const value = Number(setting(name));
	if (!Number.isFinite(value) || value < 0)
		throw new Error(`${name} must be a non-negative number, got "${setting(name)}"`);
	return value;
}

async function main(): Promise<void> {
	const klaviyo = createKlaviyoSimulator({ apiKey: setting('KLAVIYO_SIM_API_KEY') });
	const sitoo = createSitooSimulator({
		accountId: setting('SITOO_SIM_ACCOUNT'),
		apiId: setting('SITOO_SIM_API_ID'),
		password: setting('SITOO_SIM_PASSWORD'),
		seed: numberSetting('SIM_SEED'),
	});
	const klaviyoServer = await klaviyo.listen(numberSetting('KLAVIYO_SIM_PORT'));
	const sitooServer = await sitoo.listen(numberSetting('SITOO_SIM_PORT'));
	const salesPerMinute = numberSetting('SIM_SALES_PER_MINUTE');
	if (salesPerMinute > 0) sitoo.stream.start({ ratePerMinute: salesPerMinute });

	console.log(`
Klaviyo simulator  ${klaviyoServer.url}
  private API key  ${setting('KLAVIYO_SIM_API_KEY')}   (header: Authorization: Klaviyo-API-Key <key>, revision: ${'2026-07-15'})
  what it holds    ${klaviyoServer.url}/__admin/summary  ·  /__admin/profiles  ·  /__admin/events

Sitoo simulator    ${sitooServer.url}/v2
  account id       ${setting('SITOO_SIM_ACCOUNT')}
  API id/password  ${setting('SITOO_SIM_API_ID')} / ${setting('SITOO_SIM_PASSWORD')}   (Basic auth)
  what it holds    ${sitooServer.url}/__admin/world  ·  /__admin/orders
  live sales       ${salesPerMinute > 0 ? `${salesPerMinute} per minute` : 'off'}

Press Ctrl-C to stop.`);

	const stop = async () => {
		sitoo.stream.stop();
		await Promise.all([klaviyoServer.close(), sitooServer.close()]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
