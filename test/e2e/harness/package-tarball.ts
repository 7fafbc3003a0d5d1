import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_DIR, REPO_ROOT } from './paths';

/** Builds the package and packs it the way it is published, so tests install what users install. */
export function buildAndPack(): string {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
	rmSync(PACK_DIR, { recursive: true, force: true });
	mkdirSync(PACK_DIR, { recursive: true });
	execFileSync('npm', ['pack', '--silent', '--pack-destination', PACK_DIR], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(PACK_DIR).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${PACK_DIR}`);
	return join(PACK_DIR, tarball);
}

export function packedTarball(): string {
	const tarball = readdirSync(PACK_DIR).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('The package has not been packed: the e2e global set-up builds it first.');
	return join(PACK_DIR, tarball);
}
