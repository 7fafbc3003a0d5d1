/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-dangerous-functions
	-- test code: runs in Node, never inside n8n */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { ensureN8nInstalled, type N8nInstall } from './install';
import { packedTarball } from './package-tarball';
import { waitFor } from './wait';

const run = promisify(execFile);

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Store',
	lastName: 'Owner',
	password: 'Sim-Passw0rd!',
};

export interface LaunchOptions {
	/** Defaults to a new temp folder, removed by `dispose()`. */
	userFolder?: string;
	/** Defaults to a free port. */
	port?: number;
	/** Extra environment, e.g. queue mode settings. */
	env?: Record<string, string>;
}

/** An `n8n worker` process of a queue-mode instance (see `N8nInstance.startWorker`). */
export interface N8nWorker {
	readonly name: string;
	/** Everything the worker printed; it logs `Worker started execution <id> (job <n>)` per job. */
	readonly log: string;
	/** Execution ids this worker started, read from its log. */
	executionIds(): string[];
	stop(): Promise<void>;
}

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
	startedAt: string;
	stoppedAt?: string | null;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
					error?: { message: string; description?: string };
				}>
			>;
			error?: { message: string; description?: string };
		};
	};
}

/** Statuses of an execution still to run or running (`queued` in queue mode). */
const UNFINISHED = ['new', 'queued', 'running', 'waiting'];

/** The execution has ended, whatever its outcome. */
export const executionEnded = (execution: Execution): boolean =>
	!UNFINISHED.includes(execution.status);

/**
 * A real n8n 2.41 process as a user runs it: its own user folder, our packed package installed in
 * `.n8n/nodes`, an owner account and a public API key. Started and stopped per test file.
 */
export class N8nInstance {
	private cookie = '';
	private apiKey = '';
	private output: string[] = [];
	private readonly workers: N8nWorker[] = [];

	private constructor(
		private readonly install: N8nInstall,
		readonly userFolder: string,
		readonly port: number,
		private process: ChildProcess | undefined,
		private readonly env: Record<string, string>,
	) {}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The server process id while it runs (benchmarks read its memory from /proc). */
	get pid(): number | undefined {
		return this.process?.pid;
	}

	/** Everything n8n printed, for asserting on load errors and for failure messages. */
	get log(): string {
		return this.output.join('');
	}

	static async launch(options: LaunchOptions = {}): Promise<N8nInstance> {
		const install = ensureN8nInstalled();
		const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
		);
		// --legacy-peer-deps: n8n-workflow is n8n's own copy at run time, as for any community package.
		await run(
			'npm',
			[
				'install',
				'--no-audit',
				'--no-fund',
				'--legacy-peer-deps',
				'--loglevel=error',
				packedTarball(),
			],
			{ cwd: nodesDir },
		);
		const port = options.port ?? (await freePort());
		const env: Record<string, string> = {
			...(process.env as Record<string, string>),
			...install.env,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_LOG_LEVEL: 'info',
			// Jest sets NODE_ENV=test, which n8n reads as its own test mode.
			NODE_ENV: 'production',
			...options.env,
		};
		for (const name of Object.keys(env)) if (name.startsWith('JEST_')) delete env[name];
		const instance = new N8nInstance(install, userFolder, port, undefined, env);
		await instance.start();
		await instance.setUpOwner();
		return instance;
	}

	/** (Re)starts the server process on the same folder and port, e.g. to test a restart mid-stream. */
	async start(): Promise<void> {
		const child = spawn(this.install.bin, ['start'], {
			env: this.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
		this.process = child;
		const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
		await waitFor(
			'n8n to become ready',
			async () => {
				if (child.exitCode !== null)
					throw new Error(
						`n8n exited with code ${await exited} while starting:\n${this.log.slice(-3000)}`,
					);
				return ready(`${this.baseUrl}/healthz/readiness`);
			},
			Boolean,
			{ timeoutMs: 90_000, intervalMs: 250, detail: () => this.log.slice(-3000) },
		);
	}

	async stop(): Promise<void> {
		const child = this.process;
		this.process = undefined;
		if (!child || child.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			child.once('exit', () => {
				clearTimeout(timer);
				resolve();
			});
			child.kill('SIGTERM');
		});
	}

	/**
	 * Kills the server at once (SIGKILL: no shutdown, no flush), as a crash or an out-of-memory kill
	 * would; `start()` brings it back on the same folder. Also ends its task-runner child, which a
	 * killed parent cannot stop itself.
	 */
	async kill(): Promise<void> {
		const child = this.process;
		this.process = undefined;
		if (!child || child.exitCode !== null || child.pid === undefined) return;
		const runners = await run('pgrep', ['-P', String(child.pid)]).then(
			({ stdout }) => stdout.split('\n').filter(Boolean).map(Number),
			() => [] as number[],
		);
		await new Promise<void>((resolve) => {
			child.once('exit', () => resolve());
			child.kill('SIGKILL');
		});
		for (const pid of runners) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone with its parent
			}
		}
	}

	/**
	 * Starts an `n8n worker` with this instance's environment (queue mode: launch the main with
	 * `EXECUTIONS_MODE=queue` and the Postgres/Redis settings in `env`), its own task-broker and
	 * health-check ports, and waits until its health check answers. Stopped by `dispose()` too.
	 */
	async startWorker(
		name: string,
		options: { concurrency?: number; env?: Record<string, string> } = {},
	): Promise<N8nWorker> {
		const healthPort = await freePort();
		const env = {
			...this.env,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			...options.env,
		};
		const child = spawn(this.install.bin, ['worker', `--concurrency=${options.concurrency ?? 1}`], {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const output: string[] = [];
		child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		const worker: N8nWorker = {
			name,
			get log() {
				return output.join('');
			},
			executionIds: () =>
				[...output.join('').matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]!),
			stop: async () => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				await new Promise<void>((resolve) => {
					const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
					child.once('exit', () => {
						clearTimeout(timer);
						resolve();
					});
					child.kill('SIGTERM');
				});
			},
		};
		this.workers.push(worker);
		await waitFor(
			`worker ${name} to become ready`,
			async () => {
				if (child.exitCode !== null)
					throw new Error(
						`worker ${name} exited with code ${child.exitCode}:\n${worker.log.slice(-3000)}`,
					);
				return ready(`http://127.0.0.1:${healthPort}/healthz/readiness`);
			},
			Boolean,
			{ timeoutMs: 90_000, intervalMs: 250, detail: () => worker.log.slice(-3000) },
		);
		return worker;
	}

	async dispose(): Promise<void> {
		for (const worker of this.workers.splice(0)) await worker.stop();
		await this.stop();
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	private async setUpOwner(): Promise<void> {
		const setup = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) throw new Error(`owner set-up failed: ${setup.status} ${await setup.text()}`);
		this.cookie = (setup.headers.getSetCookie().find((c) => c.startsWith('n8n-auth=')) ?? '').split(
			';',
		)[0];
		const scopes = (await this.rest<{ data: string[] }>('GET', '/rest/api-keys/scopes')).data;
		const key = await this.rest<{ data: { rawApiKey: string } }>('POST', '/rest/api-keys', {
			label: 'e2e',
			expiresAt: null,
			scopes,
		});
		this.apiKey = key.data.rawApiKey;
	}

	/** n8n's internal REST API, as the editor calls it (owner cookie). */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { cookie: this.cookie, 'content-type': 'application/json', 'browser-id': 'e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
		return JSON.parse(text) as T;
	}

	/** n8n's public API (X-N8N-API-KEY). */
	async api<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
			method,
			headers: { 'x-n8n-api-key': this.apiKey, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${path} → ${response.status}: ${text}`);
		// A delete answers 204 without a body.
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** `n8n <command>` against this instance's folder (import, export, publish…). */
	async cli(...args: string[]): Promise<string> {
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const { stdout } = await run(this.install.bin, args, { env, maxBuffer: 32 * 1024 * 1024 });
		return stdout;
	}

	/** Imports credentials with plain `data`; n8n encrypts them with the instance key. */
	async importCredentials(
		credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	): Promise<void> {
		const file = join(this.userFolder, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		await this.cli('import:credentials', `--input=${file}`);
	}

	async importWorkflow(workflow: Record<string, unknown>): Promise<void> {
		const file = join(this.userFolder, `workflow-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		await this.cli('import:workflow', `--input=${file}`);
	}

	/** Runs a workflow from its Manual Trigger, as the editor's "Execute workflow" does, and waits for the result. */
	async runManually(
		workflowId: string,
		triggerName = 'When clicking ‘Execute workflow’',
	): Promise<Execution> {
		return this.waitForExecution(await this.startManually(workflowId, triggerName));
	}

	/** Starts a workflow from its Manual Trigger without waiting; resolves to the execution id. */
	async startManually(
		workflowId: string,
		triggerName = 'When clicking ‘Execute workflow’',
	): Promise<string> {
		const started = await this.rest<{ data: { executionId: string } }>(
			'POST',
			`/rest/workflows/${workflowId}/run`,
			{ triggerToStartFrom: { name: triggerName } },
		);
		return started.data.executionId;
	}

	async waitForExecution(id: string, timeoutMs = 60_000): Promise<Execution> {
		// Not found until n8n has stored it.
		const read = () =>
			this.api<Execution>('GET', `/executions/${id}?includeData=true`).catch(() => undefined);
		return (await waitFor(
			`execution ${id} to end`,
			read,
			(e) => e !== undefined && executionEnded(e),
			{ timeoutMs, intervalMs: 200 },
		))!;
	}

	/**
	 * The workflow's executions, newest first, with their data. n8n's list leaves out the ones still
	 * running unless asked for by status (`excludeRunning` in its public API): `{ status: 'running' }`
	 * lists only those.
	 */
	async executions(workflowId: string, filter: { status?: 'running' } = {}): Promise<Execution[]> {
		const query = filter.status ? `status=${filter.status}` : 'includeData=true';
		return (
			await this.api<{ data: Execution[] }>(
				'GET',
				`/executions?${query}&workflowId=${workflowId}&limit=250`,
			)
		).data;
	}

	/** Waits until every execution of the workflow has ended, running ones included, and returns them. */
	async settledExecutions(workflowId: string, timeoutMs = 60_000): Promise<Execution[]> {
		const ids = (list: Execution[]) => list.map((e) => e.id).join();
		// Listed before and after the running ones: a run that ends between the reads shows as a change.
		const settled = await waitFor(
			`every execution of ${workflowId} to end`,
			async () => ({
				before: await this.executions(workflowId),
				running: await this.executions(workflowId, { status: 'running' }),
				after: await this.executions(workflowId),
			}),
			({ before, running, after }) =>
				running.length === 0 && ids(before) === ids(after) && after.every(executionEnded),
			timeoutMs,
		);
		return settled.after;
	}

	/**
	 * Where n8n's publication of the workflow stands (the editor's publish indicator): `in_progress`
	 * until n8n has started or torn down its triggers, then `published`, `partial`, `failed` or `not_published`.
	 */
	async publicationStatus(workflowId: string): Promise<string> {
		return (
			await this.rest<{ data: { status: string } }>(
				'GET',
				`/rest/workflows/${workflowId}/publication-status`,
			)
		).data.status;
	}

	/** Runs n8n's own credential test (the editor's "Test" button) on stored credentials. */
	async testCredential(credential: {
		id: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ status: string; message: string }> {
		return (
			await this.rest<{ data: { status: string; message: string } }>(
				'POST',
				'/rest/credentials/test',
				{ credentials: credential },
			)
		).data;
	}
}

async function ready(url: string): Promise<boolean> {
	try {
		return (await fetch(url)).ok;
	} catch {
		return false; // not listening yet
	}
}

/** The items a node produced in an execution (first output, first run). */
export function nodeOutput(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs)
		throw new Error(
			`node "${nodeName}" did not run; error: ${execution.data?.resultData.error?.message ?? 'none'}`,
		);
	return (runs[0].data?.main[0] ?? []).map((item) => item.json);
}
