import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { registeredInSitoo, sitooSpiLoginTest } from '../shared/sitoo-spi-login';
import {
	checkBasicAuth,
	defaultResponse,
	errorResponse,
	parseCrmRequest,
	type CrmOperation,
} from '../core/spi';

const SPI_CREDENTIAL = 'sitooSpiAuthApi';

/** Only the responses of look-up, create, get and update are known (docs/reference/sitoo-spi.md §3.2, §6.1). */
const RESPONSE = {
	responseMode: '={{$parameter["responseMode"]}}',
	responseData: 'firstEntryJson',
	responsePropertyName: 'response',
} as const;

/** The package's documentation; the notice links there rather than spelling everything out. */
const DOCS_URL = 'https://github.com/n8n-nodes-sitoo-klaviyo/n8n-nodes-sitoo-klaviyo#readme';

export class SitooCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sitoo CRM Trigger',
		name: 'sitooCrmTrigger',
		icon: { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Customer look-ups and sign-ups at the till',
		description:
			'Answers the Sitoo POS when staff look up, add or edit a customer (Sitoo CRM SPI v2)',
		defaults: { name: 'Sitoo CRM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'sitooSpiAuthApi',
				required: true,
				testedBy: 'sitooSpiLoginTest',
				displayName: 'Login Sitoo Must Use',
			},
		],
		// One base URL for Sitoo, the documented sub-paths under it (§6.1). n8n 2.41 serves several
		// webhooks per node and `:param` path segments under the node's webhook id.
		webhooks: [
			{ name: 'default', httpMethod: 'GET', path: 'customers', ...RESPONSE },
			{ name: 'default', httpMethod: 'POST', path: 'customers', ...RESPONSE },
			// A `:param` path must be declared "full" for n8n 2.41 to store it as a dynamic path under the
			// node's webhook id (it then serves <webhook id>/customers/<id>); otherwise it never matches.
			{
				name: 'default',
				httpMethod: 'GET',
				path: 'customers/:customerId',
				isFullPath: true,
				...RESPONSE,
			},
			// Update's method is inferred (§3.2 #5): PUT, and PATCH in case.
			{
				name: 'default',
				httpMethod: 'PUT,PATCH',
				path: 'customers/:customerId',
				isFullPath: true,
				...RESPONSE,
			},
		],
		properties: [
			{
				displayName: `In Sitoo, enter the production URL below without "/customers" as the CRM address, with the login of the credential above. The till waits at most 10 seconds: keep the workflow short. <a href="${DOCS_URL}" target="_blank">More in the docs</a>`,
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Respond',
				name: 'responseMode',
				type: 'options',
				options: [
					{
						name: 'When Last Node Finishes',
						value: 'lastNode',
						description:
							'Sends the "response" field of the first item of the last node; the status is always 200',
					},
					{
						name: "Using 'Respond to Webhook' Node",
						value: 'responseNode',
						description:
							"Lets a Respond to Webhook node send the answer, including error statuses. Use its version 1: later versions accept only n8n's own Webhook node.",
					},
				],
				default: 'lastNode',
				hint: 'Answer with the item\'s ready-made "response", changed as needed: for a look-up a list of at most one customer ([] when not found), for create, get and update one customer {customer_id, email, name_first, name_last, mobile, accepts_communication, consents, …}.',
			},
			{
				displayName: 'Country of Local Mobile Numbers',
				name: 'phoneCountry',
				type: 'string',
				default: '',
				placeholder: 'e.g. SE',
				description:
					'Two letters (ISO 3166). Mobiles staff type without a country code ("073-987 65 43") are read in this country and searched and saved in international form (+46739876543). Empty: only numbers typed with a country code are understood.',
			},
		],
	};

	methods = { credentialTest: { sitooSpiLoginTest } };

	webhookMethods = registeredInSitoo;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const refuse = (status: number, body: IDataObject): IWebhookResponseData => {
			if (status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="Sitoo CRM"');
			response.status(status).json(body);
			return { noWebhookResponse: true };
		};
		const login = await this.getCredentials(SPI_CREDENTIAL);
		const auth = checkBasicAuth(this.getHeaderData().authorization, {
			user: String(login.user ?? ''),
			password: String(login.password ?? ''),
		});
		if (!auth.ok) return refuse(401, { ...errorResponse('unauthorized', auth.message) });

		const params = (request.params ?? {}) as Record<string, unknown>;
		const operation = operationOf(request.method, params.customerId !== undefined);
		const parsed = parseCrmRequest({
			operation,
			phoneCountry: String(this.getNodeParameter('phoneCountry', '') ?? '').trim() || undefined,
			query: request.query as Record<string, unknown>,
			params,
			headers: this.getHeaderData() as Record<string, string>,
			body: request.body as unknown,
		});
		if (!parsed.ok) return refuse(parsed.status, { ...parsed.error });
		const call = parsed.call;
		const item: IDataObject = {
			operation: call.operation,
			...(call.lookup ? { lookup: call.lookup } : {}),
			...(call.customerId !== undefined ? { customerId: call.customerId } : {}),
			...(call.customer
				? { customer: call.customer as IDataObject, fieldsSent: call.fieldsSent }
				: {}),
			origin: call.origin as IDataObject,
			warnings: call.warnings as unknown as IDataObject[],
			response: defaultResponse(call) as unknown as IDataObject,
		};
		return { workflowData: [[{ json: item }]] };
	}
}

function operationOf(method: string, hasId: boolean): CrmOperation {
	const upper = method.toUpperCase();
	if (upper === 'POST') return 'create';
	if (upper === 'PUT' || upper === 'PATCH') return 'update';
	return hasId ? 'get' : 'lookup';
}
