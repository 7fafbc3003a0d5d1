import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** Klaviyo private API key (docs/reference/klaviyo-api.md §1). Public 6-character site keys cannot call /api endpoints. */
export class KlaviyoApi implements ICredentialType {
	name = 'klaviyoApi';

	displayName = 'Klaviyo API';

	icon = { light: 'file:klaviyo.svg', dark: 'file:klaviyo.dark.svg' } as const;

	documentationUrl = 'https://developers.klaviyo.com/en/docs/authenticate_';

	properties: INodeProperties[] = [
		{
			displayName: 'Private API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'pk_…',
			description:
				'A private key from Klaviyo → Settings → API keys, starting with pk_. It needs write access to events, profiles, subscriptions and lists, and read access to events, metrics and profiles.',
			required: true,
		},
		{
			displayName: 'API Revision',
			name: 'revision',
			type: 'string',
			default: '2026-07-15',
			description:
				'The Klaviyo API revision these nodes were built and tested against. Change it only when the package tells you to.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://a.klaviyo.com',
			description: 'Leave as is. Only change it to point at a test double of Klaviyo.',
		},
	];

	// A public site key (6 characters) is answered with a bare 401; the test rule below and the nodes'
	// own key check turn that into a message that says which key to use.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Klaviyo-API-Key {{$credentials.apiKey.trim()}}',
				revision: '={{$credentials.revision || "2026-07-15"}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.baseUrl || "https://a.klaviyo.com").replace(/\\/+$/, "")}}',
			url: '/api/accounts',
			method: 'GET',
			headers: { accept: 'application/vnd.api+json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Klaviyo did not accept this key. Use a private API key (it starts with pk_), not the 6-character public site key, and check it has not been revoked.',
				},
			},
		],
	};
}
