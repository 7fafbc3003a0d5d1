/**
 * Klaviyo validates phone numbers with its own numbering data, which can differ from ours: a number
 * we read as valid may still be refused (400 at `…/phone_number`). The event or profile is not lost
 * for that: it goes again without the phone, and the output says so.
 */
import { ApiError } from '../transport/errors';

/** Whether Klaviyo refused the request for its phone number and nothing else. */
export function refusedOnlyThePhone(error: unknown): error is ApiError {
	return (
		error instanceof ApiError &&
		error.status === 400 &&
		error.problems.length > 0 &&
		error.problems.every((problem) => problem.pointer?.endsWith('/phone_number') === true)
	);
}

/** The note for the output item. */
export function phoneRefusedNote(phone: string, error: ApiError): string {
	return `phone ${phone} left out: Klaviyo refused it (${error.detail ?? error.title ?? 'invalid phone number'})`;
}
