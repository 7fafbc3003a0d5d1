/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals
   -- test code: runs in Node, never inside n8n */
/**
 * The core stays free of n8n and of the node shells around it (it is plain TypeScript, tested without
 * n8n). n8n's strict lint config cannot take a rule of ours, so the imports are checked here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '../../..');
const core = join(root, 'nodes/core');

/** Every module a file names: imports, `export … from`, `require()` and `import()`. */
function specifiersOf(source: string): string[] {
	return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** Why a core file may not import `specifier`, or undefined when it may. */
function refusal(file: string, specifier: string): string | undefined {
	if (/^(n8n-|@n8n\/)/.test(specifier))
		return 'imports n8n: pass plain data in, let the node shell talk to n8n';
	if (specifier.startsWith('.')) {
		const target = resolve(dirname(file), specifier);
		if (target !== core && !target.startsWith(core + sep))
			return `reaches ${relative(root, target)}, outside nodes/core`;
	}
	return undefined;
}

function refusals(file: string, source: string): string[] {
	return specifiersOf(source).flatMap((specifier) => {
		const reason = refusal(file, specifier);
		return reason ? [`${relative(root, file)}: '${specifier}' ${reason}`] : [];
	});
}

describe('nodes/core imports', () => {
	it('stay inside nodes/core and free of n8n', () => {
		const files = readdirSync(core, { recursive: true, encoding: 'utf8' })
			.filter((name) => name.endsWith('.ts'))
			.map((name) => join(core, name));
		const sources = files.map((file) => readFileSync(file, 'utf8'));
		// A wrong folder or parser would find nothing and pass: make sure the core was really read.
		expect(files.length).toBeGreaterThan(50);
		expect(sources.flatMap(specifiersOf).length).toBeGreaterThan(100);
		expect(files.flatMap((file, i) => refusals(file, sources[i]))).toEqual([]);
	});

	it('refuses n8n and the node shells in every import form, and accepts core-internal imports', () => {
		const probe = join(core, 'order/probe.ts');
		const source = [
			"import { sleep } from 'n8n-workflow';",
			"import type { INode } from 'n8n-workflow';",
			"export { Container } from '@n8n/di';",
			"const core = require('n8n-core');",
			"const shell = import('../../clients/node-error');",
			"import { toNodeError } from '../../clients/node-error';",
			"import { normalizeOrder } from '../order/normalize';",
			"import { checkEmail } from '../identity';",
			"import { parts } from './parts';",
		].join('\n');
		expect(refusals(probe, source)).toEqual([
			"nodes/core/order/probe.ts: 'n8n-workflow' imports n8n: pass plain data in, let the node shell talk to n8n",
			"nodes/core/order/probe.ts: 'n8n-workflow' imports n8n: pass plain data in, let the node shell talk to n8n",
			"nodes/core/order/probe.ts: '@n8n/di' imports n8n: pass plain data in, let the node shell talk to n8n",
			"nodes/core/order/probe.ts: 'n8n-core' imports n8n: pass plain data in, let the node shell talk to n8n",
			"nodes/core/order/probe.ts: '../../clients/node-error' reaches nodes/clients/node-error, outside nodes/core",
			"nodes/core/order/probe.ts: '../../clients/node-error' reaches nodes/clients/node-error, outside nodes/core",
		]);
	});
});
