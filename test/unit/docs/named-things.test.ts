/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/**
 * Docs that hold: every node, option, output, credential and template the README, `docs/` and the
 * templates' sticky notes name in italics (`*Stale After*`, `*Tell Sitoo the batch is done*`) must
 * exist in the node descriptions or the templates. A renamed node or option fails here, not in front
 * of a retailer following a note.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { packageNodes } from '../architecture/package-nodes';
import { KlaviyoApi } from '../../../credentials/KlaviyoApi.credentials';
import { SitooApi } from '../../../credentials/SitooApi.credentials';
import { SitooSpiAuthApi } from '../../../credentials/SitooSpiAuthApi.credentials';
import { TILL_PROFILE_PROPERTIES } from '../../../nodes/core/klaviyo/till-profile';

const ROOT = join(__dirname, '../../..');

/**
 * Names that are not ours but Klaviyo's or n8n's (their screens, flows and nodes), or the events'
 * metric names: written in italics because the reader looks for them there.
 */
const OTHER_SYSTEMS = new Set([
	'Abandoned Cart',
	'Browse Abandonment',
	'Checkout Started',
	'OR',
	'Basic Auth',
	'Error workflow',
	'Filter',
	'Slack',
	'Placed Order',
	'Ordered Product',
	'Refunded Order',
	'Metrics',
]);

interface Document {
	file: string;
	text: string;
}

function documents(): Document[] {
	const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => join('docs', f))]
		.filter((file) => file.endsWith('.md'))
		.map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
	for (const file of readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'))) {
		const workflow = JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8')) as Template;
		docs.push({
			file: `workflows/${file}`,
			text: workflow.nodes
				.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
				.map((n) => String(n.parameters.content ?? ''))
				.join('\n'),
		});
	}
	return docs;
}

interface Template {
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { name: string }>;
	}>;
}

/** Everything a reader can find by name: in the editor's node panels, on the canvas, in Klaviyo. */
function knownNames(): Set<string> {
	const names = new Set<string>();
	const nodes = packageNodes();
	const walk = (properties: readonly INodeProperties[]) => {
		for (const property of properties) {
			names.add(property.displayName);
			for (const option of property.options ?? []) {
				if ('displayName' in option) names.add(option.displayName);
				if ('name' in option) names.add((option as INodePropertyOptions).name);
				if ('values' in option) walk(option.values);
				if ('type' in option && 'displayName' in option) walk([option as INodeProperties]);
			}
		}
	};
	for (const node of nodes) {
		names.add(node.description.displayName);
		for (const output of node.description.outputNames ?? []) names.add(output);
		walk(node.description.properties);
	}
	for (const credential of [new KlaviyoApi(), new SitooApi(), new SitooSpiAuthApi()]) {
		names.add(credential.displayName);
		// "Sitoo Webhook Login (SPI)": people drop the part in brackets.
		names.add(credential.displayName.replace(/\s*\(.*\)\s*(API)?$/, ''));
		for (const property of credential.properties) names.add(property.displayName);
	}
	for (const file of readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'))) {
		const template = JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8')) as Template;
		names.add(template.name);
		for (const node of template.nodes) {
			names.add(node.name);
			// Data tables the templates make: the ledger, the settings, the monitor's history.
			if (typeof node.parameters.tableName === 'string') names.add(node.parameters.tableName);
			for (const credential of Object.values(node.credentials ?? {})) names.add(credential.name);
			// The backfill's settings are the fields of its "Choose what to copy" node.
			const assignments = (
				node.parameters.assignments as
					{ assignments?: Array<{ name: string; value?: unknown }> } | undefined
			)?.assignments;
			for (const assignment of assignments ?? []) {
				names.add(assignment.name);
				if (assignment.name === 'kind' && typeof assignment.value === 'string')
					names.add(assignment.value);
			}
			// The kinds of ledger rows, as the Data table nodes write them.
			const kind = (node.parameters.columns as { value?: { kind?: unknown } } | undefined)?.value
				?.kind;
			for (const name of ledgerKinds(kind)) names.add(name);
		}
	}
	for (const property of Object.values(TILL_PROFILE_PROPERTIES)) names.add(property);
	// The status page's headings, which the operations guide points to.
	const page = readFileSync(join(ROOT, 'nodes/core/monitor/status-page.ts'), 'utf8');
	for (const match of page.matchAll(/<h2>([^<$]+)<\/h2>/g)) names.add(match[1]!);
	for (const match of page.matchAll(/['`>]([A-Z][^'`<>$]{3,60})['`<]/g)) names.add(match[1]!);
	// Headings of the README, which the notes point to.
	for (const match of readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/^#+ (.+)$/gm))
		names.add(match[1]!);
	return names;
}

/** A ledger kind as a Data table node writes it: a text, or "Unattributed " + the order's kind. */
function ledgerKinds(kind: unknown): string[] {
	if (typeof kind !== 'string') return [];
	const byOrderKind = /^=\{\{ '([^']+)' \+ \(\$json\.kind \|\| '(\w+)'\) \}\}$/.exec(kind);
	if (byOrderKind)
		return ['sale', 'refund', 'exchange', byOrderKind[2]!].map((k) => `${byOrderKind[1]}${k}`);
	// "={{ $json.code === 'cancelled' ? 'Cancelled order (routine)' : 'Rejected order' }}": each choice.
	if (kind.startsWith('=')) return [...kind.matchAll(/'([A-Z][^']+)'/g)].map((m) => m[1]!);
	return [kind];
}

/** `*Name*` in italics (and bold paths), outside code; lower-case words in italics are emphasis, not names. */
export function italicNames(text: string): string[] {
	const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	const italic = [...prose.matchAll(/(?<![*\w])\*([^*\n]{2,80}?)\*(?![*\w])/g)].map((m) => m[1]!);
	// Bold is for lead-ins, except a path to click through ("**Options → Site ID**").
	const boldPaths = [...prose.matchAll(/\*\*([^*\n]{2,80}?)\*\*/g)]
		.map((m) => m[1]!)
		.filter((text) => text.includes('→'));
	return [...italic, ...boldPaths].map((name) => name.trim()).filter((name) => /^[A-Z]/.test(name));
}

/** A mention resolves (`lower`: the known names, lower-cased) when it is a known name, the last step of a path (`Options → Site ID`), or a name without its unit (`Stale After` for "Stale After (Hours)"). */
export function resolves(mention: string, lower: ReadonlySet<string>): boolean {
	const last = mention.split('→').pop()!.trim().toLowerCase();
	if (lower.has(mention.toLowerCase()) || lower.has(last)) return true;
	if ([...lower].some((name) => name.startsWith(`${last} (`))) return true;
	// "Placed Order (API) at least once…": a metric followed by a segment condition.
	return [...OTHER_SYSTEMS].some(
		(name) => mention === name || mention.startsWith(`${name} `) || last === name.toLowerCase(),
	);
}

describe('docs and notes name only what exists', () => {
	// Lower-cased once: a mention matches whatever the case.
	const known = new Set([...knownNames()].map((name) => name.toLowerCase()));

	it.each(documents().map((d) => [d.file, d] as const))('%s', (_file, doc) => {
		const missing = italicNames(doc.text).filter((name) => !resolves(name, known));
		expect(missing).toEqual([]);
	});

	it('fails on a note that names a node no template has', () => {
		const note = 'Open *Send to Klaviyo as Placed Order*, then *Send to Klaviyo as Purchase*.';
		expect(italicNames(note).filter((name) => !resolves(name, known))).toEqual([
			'Send to Klaviyo as Purchase',
		]);
	});
});
