/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-dangerous-functions
	-- test code: runs in Node, never inside n8n */
/**
 * `npm start` as a newcomer runs it: one command brings up the simulated store chain, the simulated
 * Klaviyo account and a real n8n with the package and templates; the first store sale reaches Klaviyo
 * within about a minute of n8n being ready; Ctrl-C (SIGINT to the process group, as a terminal sends
 * it) stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './harness/free-port';
import { REPO_ROOT } from './harness/paths';
import { waitFor, within } from './harness/wait';

function portOpen(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('npm start', () => {
	let child: ChildProcess | undefined;
	let output = '';
	let folder: string;
	const ports = { klaviyo: 0, sitoo: 0, n8n: 0 };

	beforeAll(async () => {
		ports.klaviyo = await freePort();
		ports.sitoo = await freePort();
		ports.n8n = await freePort();
		folder = mkdtempSync(join(tmpdir(), 'npm-start-e2e-'));
	});

	afterAll(async () => {
		// Only if the test failed half-way: stop what this test started (its own process group).
		const pid = child?.pid;
		if (pid && groupAlive(pid)) {
			process.kill(-pid, 'SIGKILL');
			await waitFor(
				'the npm start group to end',
				() => groupAlive(pid),
				(alive) => !alive,
				{ timeoutMs: 5000, intervalMs: 100, returnLastOnTimeout: true },
			);
		}
		rmSync(folder, { recursive: true, force: true });
	});

	it(
		'shows the first store sale in Klaviyo within about a minute of n8n being ready, and Ctrl-C stops everything',
		async () => {
			const env: Record<string, string> = {
				...(process.env as Record<string, string>),
				KLAVIYO_SIM_PORT: String(ports.klaviyo),
				SITOO_SIM_PORT: String(ports.sitoo),
				N8N_DEMO_PORT: String(ports.n8n),
				N8N_DEMO_FOLDER: join(folder, 'n8n'),
				SIM_SALES_PER_MINUTE: '30',
			};
			// As from a user's shell: no Jest variables, and no NODE_ENV (Jest's "test" would reach n8n, and
			// "production" would make the set-up's `npm ci` leave out the dev dependencies).
			delete env.NODE_ENV;
			for (const name of Object.keys(env)) if (name.startsWith('JEST_')) delete env[name];
			// Its own process group, like a shell job, so SIGINT reaches it as a terminal's Ctrl-C does.
			const npm = spawn('npm', ['start'], {
				cwd: REPO_ROOT,
				env,
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			child = npm;
			npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
			npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
			const exited = new Promise<number | null>((resolve) =>
				npm.once('exit', (code) => resolve(code)),
			);

			// Ready: the banner with the editor URL (build, pack and n8n start come first).
			const banner = () => {
				if (output.includes('Press Ctrl-C to stop.')) return true;
				if (npm.exitCode !== null)
					throw new Error(`npm start exited with ${npm.exitCode}:\n${output.slice(-4000)}`);
				return false;
			};
			await waitFor('npm start to get ready', banner, Boolean, {
				timeoutMs: 6 * 60_000,
				detail: () => output.slice(-4000),
			});
			const ready = Date.now();
			expect(output).toContain(`http://127.0.0.1:${ports.n8n}`);
			expect(output).toContain(`http://127.0.0.1:${ports.klaviyo}/__admin/`);
			const login = await fetch(`http://127.0.0.1:${ports.n8n}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					emailOrLdapLoginId: output.match(/log in with\s+(\S+)/)?.[1],
					password: output.match(/log in with\s+\S+ \/ (\S+)/)?.[1],
				}),
			});
			expect(login.status).toBe(200);

			// The first sale in the Klaviyo simulator. n8n asks Sitoo once a minute; allow a generous margin.
			const readSummary = async () =>
				(await (await fetch(`http://127.0.0.1:${ports.klaviyo}/__admin/summary`)).json()) as {
					profiles: number;
					events: Record<string, number>;
				};
			const summary = await waitFor(
				'a sale in Klaviyo',
				readSummary,
				(s) => (s.events['Placed Order'] ?? 0) >= 1,
				{
					timeoutMs: ready + 150_000 - Date.now(),
					intervalMs: 1000,
					detail: () => output.slice(-3000),
				},
			);
			// eslint-disable-next-line no-console -- a measurement worth reading in the test log
			console.log(
				`first sale in Klaviyo ${Math.round((Date.now() - ready) / 1000)} s after n8n was ready`,
			);
			expect(summary.profiles).toBeGreaterThanOrEqual(1);
			const page = await (await fetch(`http://127.0.0.1:${ports.klaviyo}/__admin/`)).text();
			expect(page).toContain('Placed Order');

			// Ctrl-C.
			process.kill(-npm.pid!, 'SIGINT');
			const code = await within(exited, 45_000);
			// npm itself may report the interrupt (130 or a signal); what matters is that it ended in time.
			expect(code).not.toBe('timeout');
			// Then every port closed and the whole group gone; after 30 s the assertions say what is left.
			const openPorts = () => Promise.all([ports.klaviyo, ports.sitoo, ports.n8n].map(portOpen));
			await waitFor(
				'the ports to close and the group to end',
				async () => (await openPorts()).some(Boolean) || groupAlive(npm.pid!),
				(busy) => !busy,
				{ timeoutMs: 30_000, intervalMs: 250, returnLastOnTimeout: true },
			);
			expect(await openPorts()).toEqual([false, false, false]);
			expect(groupAlive(npm.pid!)).toBe(false);
			expect(output).toContain('Stopping…');
		},
		12 * 60_000,
	);
});
