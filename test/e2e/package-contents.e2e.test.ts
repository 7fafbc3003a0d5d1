/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-dangerous-functions
	-- test code: runs in Node, never inside n8n */
/** What users install: the packed tarball holds every node with its icon and codex file, and nothing else. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packedTarball } from './harness/package-tarball';
import { REPO_ROOT } from './harness/paths';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};

function tarballFiles(): string[] {
	return execFileSync('tar', ['-tzf', packedTarball()], { encoding: 'utf8' })
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.replace(/^package\//, ''));
}

function tarballText(file: string): string {
	return execFileSync('tar', ['-xzOf', packedTarball(), `package/${file}`], { encoding: 'utf8' });
}

describe('the packed package', () => {
	const files = tarballFiles();

	it.each(manifest.n8n.nodes)(
		'ships %s with its codex file, naming the installed node type',
		(nodeFile) => {
			expect(files).toContain(nodeFile);
			const codexFile = nodeFile.replace(/\.js$/, '.json');
			expect(files).toContain(codexFile);
			const codex = JSON.parse(tarballText(codexFile)) as {
				node: string;
				categories: string[];
				resources: { primaryDocumentation: Array<{ url: string }> };
			};
			const typeName = (readFileSync(
				join(REPO_ROOT, nodeFile.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
				'utf8',
			).match(/\bname: '([A-Za-z]+)'/) ?? [])[1];
			expect(codex.node).toBe(`n8n-nodes-sitoo-klaviyo.${typeName}`);
			expect(codex.categories.length).toBeGreaterThan(0);
			expect(codex.resources.primaryDocumentation[0]?.url).toMatch(/^https:\/\//);
		},
	);

	it.each(manifest.n8n.credentials)('ships %s', (credentialFile) => {
		expect(files).toContain(credentialFile);
	});

	it('holds no tests, sources or secrets', () => {
		expect(
			files.filter((file) => /(^|\/)(test|bench)\/|\.ts$(?<!\.d\.ts)|\.env|\.tgz$/.test(file)),
		).toEqual([]);
	});
});
