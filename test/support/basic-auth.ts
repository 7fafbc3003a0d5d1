import type { BasicCredentials } from '../../nodes/core/spi';

/** The header value Sitoo would send with this login. */
export function basicAuthorization(credentials: BasicCredentials): string {
	return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
}
