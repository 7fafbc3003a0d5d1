/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-dangerous-functions
	-- test code: runs in Node, never inside n8n */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { INSTALL_SCRIPT } from './paths';

export interface N8nInstall {
	/** Environment with Node 24 first on PATH and n8n's outbound calls switched off. */
	env: Record<string, string>;
	bin: string;
}

/** Installs n8n 2.41.1 on Node 24 into the git-ignored cache (a no-op once done) and reads its env.sh. */
export function ensureN8nInstalled(): N8nInstall {
	const envFile = execFileSync('bash', [INSTALL_SCRIPT, '--env'], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	})
		.trim()
		.split('\n')
		.pop() as string;
	const env: Record<string, string> = {};
	for (const line of readFileSync(envFile, 'utf8').split('\n')) {
		const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (!match) continue;
		env[match[1]] = unquote(match[2]);
	}
	if (!env.N8N_BIN || !env.N8N_NODE_BIN_DIR)
		throw new Error(`${envFile} does not export N8N_BIN and N8N_NODE_BIN_DIR`);
	// n8n 2.41 needs Node 24: its bin dir goes first on PATH for n8n and anything it spawns.
	env.PATH = [env.N8N_NODE_BIN_DIR, dirname(env.N8N_BIN), process.env.PATH ?? ''].join(':');
	return { env, bin: env.N8N_BIN };
}

function unquote(value: string): string {
	return value.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}
