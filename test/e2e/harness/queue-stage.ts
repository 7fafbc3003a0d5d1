/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
/**
 * n8n in queue mode, as docs/reference/n8n.md §5.5 describes it: one main (UI, API, triggers) and
 * `n8n worker` processes on a fresh PostgreSQL database and Redis (a Bull prefix of its own), all
 * sharing one encryption key. The e2e tests and the bench both stage it here. Needs PostgreSQL on
 * 127.0.0.1:5432 (trust auth, role postgres) and Redis on 127.0.0.1:6379.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { N8nInstance, N8nWorker } from './n8n-instance';

const run = promisify(execFile);
const PG = { host: '127.0.0.1', port: '5432', user: 'postgres' };
const REDIS = { host: '127.0.0.1', port: '6379' };

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

async function deleteRedisKeys(pattern: string): Promise<void> {
	const { stdout } = await run('redis-cli', ['-h', REDIS.host, '--scan', '--pattern', pattern]);
	const keys = stdout.split('\n').filter(Boolean);
	if (keys.length > 0) await run('redis-cli', ['-h', REDIS.host, 'DEL', ...keys]);
}

export interface QueueStage {
	/** The environment of the main and the workers. */
	env: Record<string, string>;
	/** Starts the workers once the main is up, each running `concurrency` jobs at once. */
	startWorkers(n8n: N8nInstance, count: number, concurrency?: number): Promise<N8nWorker[]>;
	/** Drops the database and the Redis keys (after the main and the workers have stopped). */
	remove(): Promise<void>;
}

/** A fresh database and Redis prefix named `<prefix>_<random>`. */
export async function queueStage(prefix: string): Promise<QueueStage> {
	const database = `${prefix}_${randomBytes(4).toString('hex')}`;
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
			QUEUE_BULL_REDIS_HOST: REDIS.host,
			QUEUE_BULL_REDIS_PORT: REDIS.port,
			QUEUE_BULL_PREFIX: `bull_${database}`,
			// n8n caches each workflow's project in Redis with no expiry; a cache left by an earlier run
			// (another database) names a project this one lacks, and PostgreSQL then refuses every
			// Data Table the templates make (a foreign key), so each stage gets its own cache.
			N8N_CACHE_REDIS_KEY_PREFIX: `cache_${database}`,
			// Main and workers must share the key that encrypts the credentials in the database.
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		},
		async startWorkers(n8n, count, concurrency) {
			const workers: N8nWorker[] = [];
			for (let n = 1; n <= count; n++)
				workers.push(await n8n.startWorker(`worker-${n}`, { concurrency }));
			return workers;
		},
		async remove() {
			await psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
			for (const pattern of [`bull_${database}:*`, `*:cache_${database}:*`])
				await deleteRedisKeys(pattern).catch(() => undefined);
		},
	};
}
