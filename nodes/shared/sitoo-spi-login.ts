import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { loginProblems } from '../core/spi';

/**
 * What both Sitoo webhook triggers share. The login is the merchant's own (docs/reference/sitoo-spi.md §2): there is
 * nothing remote to call, so the credential test checks it is a login Basic auth can carry safely.
 */
export async function sitooSpiLoginTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as ICredentialDataDecryptedObject;
	const problems = loginProblems({
		user: String(data.user ?? ''),
		password: String(data.password ?? ''),
	});
	return problems.length === 0
		? { status: 'OK', message: 'The login can be used' }
		: { status: 'Error', message: problems.join(' ') };
}

/** The merchant enters the webhook address in Sitoo's admin portal (§3.10, §5.10): nothing to register from n8n. */
export const registeredInSitoo = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
