/**
 * n8n's community-package scanner (@n8n/scan-community-package), run before publishing. n8n scans a
 * published version (analyzePackageByName): it lints the source its npm provenance points at and the
 * tarball npm serves. Neither exists before `npm publish`, so this lints both legs locally, with the
 * scanner's own analyzePackage and file patterns: the source leg over this repository, the dist leg
 * over a fresh build packed with `npm pack`. Exits non-zero on any violation.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Our own folder (not dist/, not the e2e tests' .cache/e2e-pack): a scan never races a test run's build.
const work = mkdtempSync(join(tmpdir(), 'scan-package-'));

function run(command, args, options) {
	execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/** Builds into a clean stage (a reused dist/ may hold files of deleted sources) and packs it. */
function buildAndPack() {
	const stage = join(work, 'stage');
	const dist = join(stage, 'dist');
	run('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', dist], { cwd: root });
	run('npx', ['gulp', '--silent', 'build:icons'], {
		cwd: root,
		env: { ...process.env, BUILD_DIR: dist },
	});
	// npm pack keeps package.json, README and LICENSE plus what `files` lists.
	for (const entry of ['package.json', 'README.md', 'LICENSE', ...manifest.files]) {
		if (entry !== 'dist' && existsSync(join(root, entry)))
			cpSync(join(root, entry), join(stage, entry), { recursive: true });
	}
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: stage,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	);
	const extracted = join(work, 'package');
	mkdirSync(extracted);
	run('tar', ['-xzf', join(work, filename), '-C', extracted, '--strip-components=1']);
	return { tarball: filename, extracted };
}

async function main() {
	// The scanner makes a temporary folder when it is loaded; keep that inside ours.
	const systemTmp = process.env.TMPDIR;
	process.env.TMPDIR = work;
	const { analyzePackage, SOURCE_FILE_PATTERNS } =
		await import('@n8n/scan-community-package/scanner/scanner.mjs');
	if (systemTmp === undefined) delete process.env.TMPDIR;
	else process.env.TMPDIR = systemTmp;

	const { tarball, extracted } = buildAndPack();
	// The same two legs, with the same patterns, as analyzePackageByName.
	const legs = [
		{ name: 'source', dir: root, patterns: SOURCE_FILE_PATTERNS },
		{ name: `dist (${tarball})`, dir: extracted, patterns: ['**/*.js', 'package.json'] },
	];
	let passed = true;
	for (const leg of legs) {
		const result = await analyzePackage(leg.dir, leg.patterns);
		// No files means a broken build or pattern, not a clean package.
		const ok = result.passed && !result.message;
		passed &&= ok;
		console.log(
			`${ok ? 'passed' : 'FAILED'}: ${leg.name}${result.message ? ` (${result.message})` : ''}`,
		);
		if (result.details) console.log(result.details);
	}
	return passed;
}

try {
	process.exitCode = (await main()) ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
