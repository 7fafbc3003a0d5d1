import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What Sitoo must present when it calls this n8n (Events SPI, CRM SPI v2): HTTP Basic with a user
 * name and password the merchant chooses, never the Sitoo REST credentials (docs/reference/sitoo-spi.md §2 "Own
 * credentials"). Nothing is sent anywhere with it, so there is no remote test: the triggers test it
 * locally (`testedBy`).
 */
export class SitooSpiAuthApi implements ICredentialType {
	name = 'sitooSpiAuthApi';

	displayName = 'Sitoo Webhook Login (SPI) API';

	icon = { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' } as const;

	documentationUrl = 'https://developer.sitoo.com/spi-events/overview';

	properties: INodeProperties[] = [
		{
			displayName:
				'Choose a user name and a long random password here, then enter the same pair where Sitoo asks for the login of your webhook or CRM service. Do not reuse your Sitoo API ID and password.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'User Name',
			name: 'user',
			type: 'string',
			default: '',
			placeholder: 'e.g. sitoo-events',
			description: 'Any name without a colon, e.g. sitoo-events or sitoo-crm',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'At least 16 characters; Sitoo sends it with every call over HTTPS',
			required: true,
		},
	];
}
