/**
 * n8n's UX guidelines for what the editor shows, checked on every node of the package: action names
 * without articles ("Get order", not "Get an order") and free-text fields with an "e.g." example.
 */
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { packageNodes } from './package-nodes';

const nodes: INodeType[] = packageNodes();

/** Every parameter, also those inside collections and fixed collections, with its path. */
function parameters(
	properties: readonly INodeProperties[],
	path = '',
): Array<[string, INodeProperties]> {
	return properties.flatMap((p): Array<[string, INodeProperties]> => {
		const here: [string, INodeProperties] = [`${path}${p.name}`, p];
		if (p.type !== 'collection' && p.type !== 'fixedCollection') return [here];
		const children = (p.options ?? []).flatMap((option) =>
			'values' in option
				? option.values
				: 'displayName' in option
					? [option as INodeProperties]
					: [],
		);
		return [here, ...parameters(children, `${path}${p.name}.`)];
	});
}

describe('node descriptions', () => {
	const all = nodes.flatMap((node) =>
		parameters(node.description.properties).map(
			([path, p]) => [`${node.description.name}.${path}`, p] as const,
		),
	);

	it('name actions without articles', () => {
		const actions = all.flatMap(([, p]) =>
			p.type === 'options'
				? (p.options ?? []).flatMap((o) => ('action' in o && o.action ? [o.action] : []))
				: [],
		);
		expect(actions.length).toBeGreaterThan(20);
		expect(actions.filter((action) => /\b(a|an|the)\b/i.test(action))).toEqual([]);
		expect(actions).toEqual(
			expect.arrayContaining(['Get order', 'Get refunds of order', 'Create or update profile']),
		);
	});

	it('give every text field and typed ID an "e.g." example', () => {
		const missing = all.flatMap(([path, p]) => {
			const placeholders =
				p.type === 'string'
					? [p.placeholder]
					: p.type === 'resourceLocator'
						? (p.modes ?? []).filter((m) => m.type === 'string').map((m) => m.placeholder)
						: [];
			return placeholders
				.filter(
					(placeholder) => typeof placeholder !== 'string' || !placeholder.startsWith('e.g. '),
				)
				.map((placeholder) => `${path}: ${String(placeholder)}`);
		});
		expect(missing).toEqual([]);
	});
});
