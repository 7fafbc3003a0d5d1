/**
 * The core stays free of n8n (it is plain TypeScript, tested without n8n). The lint rule that keeps it
 * so is checked here against a probe file, so a config change cannot switch it off unnoticed.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

function lintCoreProbe(source: string): string {
	try {
		execFileSync('npx', ['eslint', '--stdin', '--stdin-filename', 'nodes/core/order/probe.ts'], {
			cwd: root,
			input: source,
			encoding: 'utf8',
		});
		return '';
	} catch (error) {
		return String((error as { stdout?: string }).stdout ?? error);
	}
}

describe('nodes/core imports', () => {
	it('refuses n8n packages and the node shells, and accepts core-internal imports', () => {
		const report = lintCoreProbe(
			[
				"import { sleep } from 'n8n-workflow';",
				"import type { INode } from 'n8n-workflow';",
				"import { toNodeError } from '../../clients/node-error';",
				"import { normalizeOrder } from '../order/normalize';",
				'export const probe = [sleep, toNodeError, normalizeOrder] as unknown as INode;',
				'',
			].join('\n'),
		);
		const restricted = report.split('\n').filter((line) => line.includes('no-restricted-imports'));
		expect(restricted.map((line) => line.trim().split(/\s+/)[0])).toEqual(['1:1', '2:1', '3:1']);
	}, 60_000);
});
