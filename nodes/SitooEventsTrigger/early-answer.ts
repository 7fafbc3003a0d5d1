import { sleep, type IDataObject, type IWebhookFunctions } from 'n8n-workflow';
import { readJournal, RUN_AT_MOST_MS, type Journal, type RunOutcome } from '../core/spi';

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

/** How long the 200 waits for n8n's static-data write; Sitoo allows 15 s per batch (§5.2). */
export const STATIC_DATA_SAVE_GRACE_MS = 100;

/**
 * How the runs this process handed on early ended, by batch id (core/spi/journal.ts). Only the
 * signal lives here; what is owed is in static data, and a run this process did not see end counts
 * as failed: its orders are handed on again.
 */
interface TrackedRun {
	outcome: Exclude<RunOutcome, undefined>;
	at: number;
	ended: Promise<void>;
	end: () => void;
}
const runs = new Map<string, TrackedRun>();

export function runOutcomeOf(batchId: string): RunOutcome {
	return runs.get(batchId)?.outcome;
}

/**
 * Forgets signals older than twice `RUN_AT_MOST_MS`: by then a run still going has counted as failed
 * and a settled one has left the journal. Kept that long, so that a journal read before n8n stored the
 * last write still finds them; a signal forgotten too soon only means its orders are sent again.
 */
export function forgetRuns(now: number): void {
	for (const [id, run] of runs) if (now - run.at > 2 * RUN_AT_MOST_MS) runs.delete(id);
}

/** Waits until these runs have ended or the deadline has passed. */
export async function waitForRuns(batchIds: readonly string[], deadline: number): Promise<void> {
	const ended = Promise.all(batchIds.map(async (id) => await runs.get(id)?.ended));
	// A timer that keeps no process alive once the runs have ended.
	const timeout = AbortSignal.timeout(Math.max(0, deadline - Date.now()));
	const outOfTime = new Promise<void>((resolve) =>
		timeout.addEventListener('abort', () => resolve(), { once: true }),
	);
	await Promise.race([ended, outOfTime]);
}

/**
 * Answers Sitoo now, before the run: `status` after `graceMs` (n8n stores the journal in static
 * data just after the trigger returns, and offers no way to wait for that write), and from then on
 * this request is the trigger's alone. What n8n writes to it later is the run's end: the Confirm
 * Sitoo Events node's 200 (a success), or n8n ending the request without it (queue mode, a failed
 * run). Those writes are heard, not sent: Sitoo has its answer already. In regular mode n8n writes
 * nothing for a failed run, and the run counts as failed once `RUN_AT_MOST_MS` has passed.
 */
export function answerBeforeTheRun(
	response: Response,
	batchId: string,
	status: 200 | 503,
	message: string,
	graceMs: number,
): void {
	let end = (): void => undefined;
	const ended = new Promise<void>((resolve) => (end = resolve));
	const run: TrackedRun = { outcome: 'running', at: Date.now(), ended, end };
	runs.set(batchId, run);
	const settle = (outcome: 'succeeded' | 'failed'): void => {
		if (run.outcome !== 'running') return;
		run.outcome = outcome;
		run.end();
	};
	// Node's own methods, kept before the response object's ones are made to listen (below).
	const setHeader = response.setHeader.bind(response);
	const writeHead = response.writeHead.bind(response);
	const endResponse = response.end.bind(response);
	hearLateAnswers(response, (confirmed) => settle(confirmed ? 'succeeded' : 'failed'));
	const body = JSON.stringify({ message });
	void sleep(graceMs).then(() => {
		if (response.headersSent || response.destroyed) return;
		setHeader('content-type', 'application/json; charset=utf-8');
		setHeader('content-length', Buffer.byteLength(body));
		writeHead(status);
		endResponse(body);
	});
}

/** Replaces the request's writing methods with listeners: the first end says how the run went. */
function hearLateAnswers(response: Response, heard: (confirmed: boolean) => void): void {
	let status: number | undefined;
	let done = false;
	const self = response as unknown as Record<string, unknown>;
	const ignore = () => response;
	self.status = (code: number) => {
		status = code;
		return response;
	};
	self.setHeader = ignore;
	self.setHeaders = ignore;
	self.writeHead = (code: number) => {
		status = code;
		return response;
	};
	self.write = () => true;
	const finish = () => {
		if (!done) {
			done = true;
			heard(status !== undefined && status >= 200 && status < 300);
		}
		return response;
	};
	self.end = finish;
	self.send = finish;
	self.json = finish;
}

/**
 * The journal as this process last wrote it, per workflow and trigger, with the version it wrote.
 * n8n stores static data after the trigger returns, asynchronously; a batch Sitoo sends right after
 * the 200 may be read before that write lands. This process is the journal's only writer (it serves
 * the webhook), so its own copy is the newer one whenever the stored version is older; after a
 * restart the stored one is all there is.
 */
const keptJournals = new Map<string, { version: number; journal: Journal }>();

export interface JournalStore {
	read(): Journal;
	save(journal: Journal): void;
}

export function journalStore(key: string, staticData: IDataObject): JournalStore {
	const storedVersion =
		typeof staticData.journalVersion === 'number' ? staticData.journalVersion : 0;
	const kept = keptJournals.get(key);
	let version = Math.max(storedVersion, kept?.version ?? 0);
	return {
		read: () =>
			kept !== undefined && kept.version > storedVersion
				? kept.journal
				: readJournal(staticData.journal),
		save: (journal) => {
			version += 1;
			staticData.journal = journal as unknown as IDataObject;
			staticData.journalVersion = version;
			keptJournals.set(key, { version, journal });
		},
	};
}
