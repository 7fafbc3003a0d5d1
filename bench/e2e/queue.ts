/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- benchmark code: runs in Node, never inside n8n */
/**
 * n8n in queue mode for a measurement, as `test/e2e/queue-mode.e2e.test.ts` runs it: one main (UI,
 * API, pollers) and `n8n worker` processes on a fresh PostgreSQL database and Redis (a Bull prefix
 * of its own), all sharing one encryption key. Needs PostgreSQL on 127.0.0.1:5432 (trust auth, role
 * postgres) and Redis on 127.0.0.1:6379.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { N8nInstance, N8nWorker } from '../../test/e2e/harness/n8n-instance';

const run = promisify(execFile);
const PG = { host: '127.0.0.1', port: '5432', user: 'postgres' };

async function psql(sql: string): Promise<void> {
	await run('psql', [
		'-h',
		PG.host,
		'-p',
		PG.port,
		'-U',
		PG.user,
		'-d',
		'postgres',
		'-v',
		'ON_ERROR_STOP=1',
		'-c',
		sql,
	]);
}

export interface QueueStage {
	/** The environment of the main and the workers. */
	env: Record<string, string>;
	/** Starts the workers once the main is up. */
	startWorkers(n8n: N8nInstance, count: number): Promise<N8nWorker[]>;
	/** Drops the database and the Redis keys (after the main and the workers have stopped). */
	remove(): Promise<void>;
}

export async function queueStage(): Promise<QueueStage> {
	const database = `n8n_bench_${randomBytes(4).toString('hex')}`;
	await psql(`CREATE DATABASE ${database}`);
	return {
		env: {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: PG.host,
			DB_POSTGRESDB_PORT: PG.port,
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: PG.user,
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: '6379',
			QUEUE_BULL_PREFIX: `bull_${database}`,
			N8N_CACHE_REDIS_KEY_PREFIX: `cache_${database}`,
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		},
		async startWorkers(n8n, count) {
			const workers: N8nWorker[] = [];
			// n8n's own default of 10 jobs at once per worker.
			for (let n = 1; n <= count; n++)
				workers.push(await n8n.startWorker(`worker-${n}`, { concurrency: 10 }));
			return workers;
		},
		async remove() {
			await psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
			for (const pattern of [`bull_${database}:*`, `*:cache_${database}:*`])
				await run('redis-cli', ['-h', '127.0.0.1', '--scan', '--pattern', pattern]).then(
					async ({ stdout }) => {
						const keys = stdout.split('\n').filter(Boolean);
						if (keys.length > 0) await run('redis-cli', ['-h', '127.0.0.1', 'DEL', ...keys]);
					},
					() => undefined,
				);
		},
	};
}
