import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/harness/paths';

export const WORKFLOWS_DIR = join(REPO_ROOT, 'workflows');

export interface WorkflowNode {
	name: string;
	type: string;
	credentials?: Record<string, { id?: string; name: string }>;
	[key: string]: unknown;
}

export interface WorkflowTemplate {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export function loadTemplates(dir = WORKFLOWS_DIR): WorkflowTemplate[] {
	let files: string[];
	try {
		files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
	} catch {
		return [];
	}
	return files.map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowTemplate);
}

/**
 * Templates carry credential placeholders (a name, no instance id); an import into a given instance
 * binds each to that instance's credential of the same type.
 */
export function bindCredentials(template: WorkflowTemplate, credentials: Record<string, { id: string; name: string }>): WorkflowTemplate {
	const nodes = template.nodes.map((node) => {
		if (!node.credentials) return node;
		const bound: Record<string, { id: string; name: string }> = {};
		for (const type of Object.keys(node.credentials)) {
			const credential = credentials[type];
			if (!credential) throw new Error(`template "${template.name}": node "${node.name}" needs a ${type} credential, and none was given`);
			bound[type] = credential;
		}
		return { ...node, credentials: bound };
	});
	return { ...template, nodes };
}

/** Templates whose trigger runs by itself (polling, webhook) are published in the demo; manual ones wait for a click. */
export function startsByItself(template: WorkflowTemplate): boolean {
	return template.nodes.some((node) => /Trigger$/i.test(node.type) && !/manualTrigger|errorTrigger|executeWorkflowTrigger/i.test(node.type));
}
