/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/**
 * Every pointer from the code and the docs to a document must resolve inside this repository: on
 * GitHub and in the npm package nothing else exists. Checked forms:
 * - a `.md` path (`docs/design.md`, `docs/reference/sitoo-api.md`, `bench/results.md`, …) must name a
 *   file, relative to the repository root or to the citing file;
 * - `§2.1` right after such a path (and further `, §5` / `/§5` in the same citation) must match a
 *   heading of that file whose number is `2.1` (`### 2.1 Endpoints`);
 * - `docs/design.md "Scaling past one machine"` must match a heading of docs/design.md;
 * - `invariant 4`, `invariants 1, 3 and 6` (with or without `docs/design.md` before them) must be
 *   numbered invariants of docs/design.md;
 * - a bare `§3` must be a section of one of the reference documents the same file cites (of any
 *   reference document when it cites none);
 * - the old forms are refused: `DESIGN invariant 4`, `DESIGN "…"`, and a `.md` name that resolves
 *   nowhere (`sitoo-api.md` without its folder).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';

const ROOT = resolve(__dirname, '..', '..', '..');
const SCANNED = ['nodes', 'credentials', 'test', 'bench', 'workflows', 'docs', 'README.md'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.cache', '.git']);
const SKIPPED_FILES = new Set([
	'test/simulators/klaviyo/spec/openapi-stable.json',
	relative(ROOT, __filename).split(sep).join('/'),
]);
const TEXT = /\.(ts|js|mjs|cjs|json|md|sh|ya?ml|txt)$/;
const DESIGN = 'docs/design.md';
const REFERENCE_DIR = 'docs/reference';

/** A document a citation may point at: its headings by number and title, and its invariants. */
export interface Doc {
	numbers: Set<string>;
	titles: string[];
	invariants: Set<number>;
}

/** Reads a document's headings (`## 2. Orders`, `### 2.1 Endpoints`) and its numbered invariants. */
export function parseDoc(text: string): Doc {
	const numbers = new Set<string>();
	const titles: string[] = [];
	const invariants = new Set<number>();
	let inInvariants = false;
	for (const line of text.split(/\r?\n/)) {
		const heading = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
		if (heading) {
			const title = heading[2];
			titles.push(title.toLowerCase());
			const number = /^(\d+(?:\.\d+)*)\.?(?=\s|$)/.exec(title);
			if (number) numbers.add(number[1]);
			if (heading[1].length <= 2) inInvariants = /\binvariants\b/i.test(title);
			continue;
		}
		const item = /^(\d+)\.\s/.exec(line);
		if (inInvariants && item) invariants.add(Number(item[1]));
	}
	return { numbers, titles, invariants };
}

export interface Problem {
	file: string;
	line: number;
	message: string;
}

/** Between a document's name and its section: spaces, a closing backtick, a line break in a comment. */
const GAP = String.raw`\`?[ \t]*(?:\r?\n[ \t]*(?:\*(?!\/)|\/\/|#)?[ \t]*)?`;
const SECTION = String.raw`§[ \t]?(\d+(?:\.\d+)*)`;
const FURTHER_SECTION = String.raw`§[ \t]?\d+(?:\.\d+)*`;
const MD_PATH = String.raw`((?:\.{1,2}\/)*(?:[\w.-]+\/)*[\w-][\w.-]*\.md)\b`;
const FILE_CITATION = new RegExp(
	String.raw`(?<![\w/.:@-])${MD_PATH}(?:${GAP}(?:${SECTION}((?:[^§()\n;]{0,40}?(?:,|\/|\band\b)[ \t]*${FURTHER_SECTION})*)|"([^"\n]+)"))?`,
	'g',
);
const MORE_SECTIONS = new RegExp(SECTION, 'g');
const INVARIANTS = /\binvariants?[ \t]+(\d+(?:[ \t]*(?:,|\band\b|&)[ \t]*\d+)*)/gi;
const OLD_DESIGN =
	/\bDESIGN\b(?!\.md\b)(?=[ \t]*(?:\r?\n[ \t]*(?:\*(?!\/)|\/\/|#)?[ \t]*)?(?:invariants?\b|"))/g;
const BARE_SECTION = /(?<![\w.])§[ \t]?(\d+(?:\.\d+)*)/g;

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
	return line;
}

/** Where a cited path points, relative to the repository root or to the citing file; null if nowhere. */
function locate(root: string, citingFile: string, path: string): string | null {
	for (const base of [root, dirname(join(root, citingFile))]) {
		const full = resolve(base, path);
		if (full.startsWith(root) && existsSync(full) && statSync(full).isFile())
			return relative(root, full).split(sep).join('/');
	}
	return null;
}

/**
 * The problems in one file's text. `readDoc` gives a document by its path from the root (undefined
 * when it does not exist); `exists` says whether a path from the root is a file.
 */
export function citationProblems(
	file: string,
	text: string,
	root: string,
	readDoc: (path: string) => Doc | undefined,
): Problem[] {
	const problems: Problem[] = [];
	const report = (index: number, message: string) =>
		problems.push({ file, line: lineOf(text, index), message });
	const cited = new Set<string>();
	const covered: Array<[number, number]> = [];

	for (const match of text.matchAll(FILE_CITATION)) {
		const [whole, path, first, rest, title] = match;
		const index = match.index ?? 0;
		const target = locate(root, file, path);
		covered.push([index, index + whole.length]);
		if (!target) {
			report(
				index,
				`cites ${path}, which is not a file of this repository (give its path from the repository root, e.g. ${REFERENCE_DIR}/sitoo-api.md)`,
			);
			continue;
		}
		cited.add(target);
		if (!first && !title) continue;
		const doc = readDoc(target);
		if (!doc) continue;
		const sections = [first, ...[...(rest ?? '').matchAll(MORE_SECTIONS)].map((m) => m[1])].filter(
			(s): s is string => !!s,
		);
		for (const section of sections) {
			if (!doc.numbers.has(section))
				report(
					index,
					`cites ${target} §${section}, but ${target} has no heading numbered ${section}`,
				);
		}
		if (
			title &&
			!doc.titles.some((t) => t === title.toLowerCase() || t.startsWith(title.toLowerCase()))
		) {
			report(index, `cites ${target} "${title}", but ${target} has no heading with that title`);
		}
	}

	for (const match of text.matchAll(OLD_DESIGN)) {
		report(match.index ?? 0, `old citation form "DESIGN …": write ${DESIGN} instead`);
	}

	const design = readDoc(DESIGN);
	for (const match of text.matchAll(INVARIANTS)) {
		for (const n of match[1].match(/\d+/g) ?? []) {
			if (!design) report(match.index ?? 0, `cites invariant ${n}, but ${DESIGN} does not exist`);
			else if (!design.invariants.has(Number(n)))
				report(match.index ?? 0, `cites invariant ${n}, which ${DESIGN} does not number`);
		}
	}

	// A bare § belongs to a reference document the file cites (or is); to any of them when it cites none.
	const candidates = [...cited, file].filter((path) => path.startsWith(`${REFERENCE_DIR}/`));
	const references = candidates.length > 0 ? [...new Set(candidates)] : referenceDocs(root);
	for (const match of text.matchAll(BARE_SECTION)) {
		const index = match.index ?? 0;
		if (covered.some(([from, to]) => index >= from && index < to)) continue;
		const section = match[1];
		if (!references.some((path) => readDoc(path)?.numbers.has(section))) {
			report(
				index,
				`cites §${section}, which none of ${references.join(', ') || 'the reference documents'} has as a heading`,
			);
		}
	}
	return problems;
}

function referenceDocs(root: string): string[] {
	const dir = join(root, REFERENCE_DIR);
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.md'))
		.map((f) => `${REFERENCE_DIR}/${f}`);
}

function scannedFiles(root: string): string[] {
	const files: string[] = [];
	const walk = (path: string) => {
		const full = join(root, path);
		if (!existsSync(full)) return;
		const stat = statSync(full);
		if (stat.isDirectory()) {
			for (const name of readdirSync(full)) if (!SKIPPED_DIRS.has(name)) walk(`${path}/${name}`);
		} else if (stat.isFile() && TEXT.test(path) && !SKIPPED_FILES.has(path)) {
			files.push(path);
		}
	};
	for (const entry of SCANNED) walk(entry);
	return files.sort();
}

function docReader(root: string): (path: string) => Doc | undefined {
	const cache = new Map<string, Doc | undefined>();
	return (path) => {
		if (!cache.has(path)) {
			const full = join(root, path);
			cache.set(
				path,
				existsSync(full) && statSync(full).isFile()
					? parseDoc(readFileSync(full, 'utf8'))
					: undefined,
			);
		}
		return cache.get(path);
	};
}

describe('document citations', () => {
	it('resolve in this repository: files, sections, headings and invariants', () => {
		const readDoc = docReader(ROOT);
		const problems = scannedFiles(ROOT).flatMap((file) =>
			citationProblems(file, readFileSync(join(ROOT, file), 'utf8'), ROOT, readDoc),
		);
		const listing = problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
		expect(problems.length === 0 ? '' : `${problems.length} citation problem(s):\n${listing}`).toBe(
			'',
		);
	});

	it('has the documents the code cites', () => {
		const design = docReader(ROOT)(DESIGN);
		expect(design).toBeDefined();
		expect([...(design?.invariants ?? [])].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(design?.titles).toContain('scaling past one machine');
	});

	describe('the checker itself', () => {
		const docs: Record<string, Doc> = {
			[DESIGN]: parseDoc(
				'# Design\n## Invariants\n1. **One.** x\n2. **Two.**\n## Scaling past one machine\ntext\n',
			),
			'docs/reference/sitoo-api.md': parseDoc(
				'# Sitoo\n## 2. Orders\n### 2.1 Endpoints [C]\n### 2.3 Fields\n## 5. Paging\n',
			),
		};
		// The real repository root supplies which files exist; these two do.
		const check = (text: string, file = 'nodes/x.ts') =>
			citationProblems(file, text, ROOT, (path) => docs[path]).map(
				(p) => `${p.line}: ${p.message}`,
			);

		it('accepts the new forms', () => {
			expect(
				check('/** (docs/reference/sitoo-api.md §2.1, §5) and docs/design.md invariants 1, 2 */'),
			).toEqual([]);
			expect(
				check('// `docs/reference/sitoo-api.md` §2.3 "Conventions"; §5 later; invariant 2'),
			).toEqual([]);
			expect(
				check(
					' * (docs/reference/sitoo-api.md\n * §2.1/§5) docs/design.md "Scaling past one machine"',
				),
			).toEqual([]);
		});

		it('names the file and line of a section, heading or invariant that does not exist', () => {
			expect(check('a\n// docs/reference/sitoo-api.md §2.2 and §5')).toEqual([
				'2: cites docs/reference/sitoo-api.md §2.2, but docs/reference/sitoo-api.md has no heading numbered 2.2',
			]);
			expect(check('// (docs/reference/sitoo-api.md §2.1, §7)')).toEqual([
				'1: cites docs/reference/sitoo-api.md §7, but docs/reference/sitoo-api.md has no heading numbered 7',
			]);
			expect(check('// docs/design.md "Scaling to the moon"')).toHaveLength(1);
			expect(check('// docs/design.md invariants 1 and 9')).toEqual([
				'1: cites invariant 9, which docs/design.md does not number',
			]);
			expect(check('// docs/reference/sitoo-api.md §5, then bare §4.1')).toEqual([
				'1: cites §4.1, which none of docs/reference/sitoo-api.md has as a heading',
			]);
		});

		it('refuses the old forms', () => {
			expect(check('// (sitoo-api.md §2.1)')).toHaveLength(1);
			expect(check('// (DESIGN invariant 1)')).toEqual([
				'1: old citation form "DESIGN …": write docs/design.md instead',
			]);
			expect(check('// (DESIGN\n * invariant 2)')).toHaveLength(1);
			expect(check('// DESIGN "Scaling past one machine"')).toHaveLength(1);
			expect(check('// (DESIGN.md invariant 2)')).toHaveLength(1);
			expect(check('// docs/reference/nowhere.md §1')).toHaveLength(1);
		});

		it('leaves URLs and real files alone', () => {
			expect(
				check(
					'// https://developers.klaviyo.com/en/reference/metrics.md and README.md, bench/results.md',
				),
			).toEqual([]);
			expect(check("join(__dirname, 'results.md')", 'bench/run.ts')).toEqual([]);
		});
	});
});
