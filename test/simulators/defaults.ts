/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/** Ports and credentials of the simulators in `npm start` and `npm run simulators`; each can be overridden by the environment variable of the same name. */
export const SIMULATOR_DEFAULTS = {
	KLAVIYO_SIM_PORT: '4010',
	KLAVIYO_SIM_API_KEY: 'pk_sim_0000000000000000000000000000',
	SITOO_SIM_PORT: '4020',
	SITOO_SIM_ACCOUNT: '90210',
	SITOO_SIM_API_ID: '90210-1',
	SITOO_SIM_PASSWORD: 'sim-password',
	SIM_SEED: '42',
	SIM_SALES_PER_MINUTE: '6',
} as const;
