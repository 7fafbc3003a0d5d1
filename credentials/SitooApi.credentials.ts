import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** Sitoo REST API v2: Basic auth with an API id and password, scoped to one account (docs/reference/sitoo-api.md §1). */
export class SitooApi implements ICredentialType {
	name = 'sitooApi';

	displayName = 'Sitoo API';

	icon = { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' } as const;

	documentationUrl = 'https://developer.sitoo.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.mysitoo.com/v2',
			placeholder: 'e.g. https://api.mysitoo.com/v2',
			description:
				'The API address shown in Sitoo Back Office under API credentials. It differs per account; sandbox accounts use https://api-sandbox.mysitoo.com/v2.',
			required: true,
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 90210',
			description:
				'Your Sitoo account number, the first part of the API ID (e.g. 90210 for API ID 90210-1)',
			required: true,
		},
		{
			displayName: 'API ID',
			name: 'apiId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 90210-1',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password of the API ID',
			required: true,
		},
		{
			displayName: 'Default Site ID',
			name: 'siteId',
			type: 'number',
			default: 1,
			description:
				'The site (eshopid) to use when a node does not name one. Most single-brand accounts use 1.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.apiId}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/accounts/{{$credentials.accountId}}/sites.json',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Sitoo did not accept this API ID and password. Check both in Sitoo Back Office → Settings → Sitoo REST API, and that this n8n may call the API (IP allow-list).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Sitoo does not know this account ID at this base URL. The account ID is the first part of the API ID (90210 for 90210-1), and the base URL differs per account.',
				},
			},
		],
	};
}
