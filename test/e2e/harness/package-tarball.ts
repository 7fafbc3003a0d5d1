/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-dangerous-functions
	-- test code: runs in Node, never inside n8n */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_DIR, REPO_ROOT } from './paths';

const TARBALL_VARIABLE = 'E2E_PACKAGE_TARBALL';

/**
 * Builds the package into a staging folder of its own and packs it the way it is published, so tests
 * install what users install, and two test runs on one machine never share a half-written dist/.
 */
export function buildAndPack(): string {
	mkdirSync(PACK_DIR, { recursive: true });
	const stage = mkdtempSync(join(PACK_DIR, 'stage-'));
	const dist = join(stage, 'dist');
	execFileSync('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', dist], {
		cwd: REPO_ROOT,
		stdio: 'inherit',
	});
	execFileSync('npx', ['gulp', '--silent', 'build:icons'], {
		cwd: REPO_ROOT,
		stdio: 'inherit',
		env: { ...process.env, BUILD_DIR: dist },
	});
	for (const file of ['package.json', 'README.md', 'LICENSE', 'workflows']) {
		if (existsSync(join(REPO_ROOT, file)))
			cpSync(join(REPO_ROOT, file), join(stage, file), { recursive: true });
	}
	execFileSync('npm', ['pack', '--silent'], { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(stage).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${stage}`);
	// Jest starts its test workers after the global set-up, so they inherit this.
	process.env[TARBALL_VARIABLE] = join(stage, tarball);
	return join(stage, tarball);
}

export function packedTarball(): string {
	const tarball = process.env[TARBALL_VARIABLE];
	if (!tarball || !existsSync(tarball))
		throw new Error('The package has not been packed: the e2e global set-up builds it first.');
	return tarball;
}
