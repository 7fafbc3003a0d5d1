/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/** A shipped template as the template tests read it from workflows/: the parts they check. */
import { readFileSync } from 'fs';
import { join } from 'path';

export interface TemplateNode {
	name: string;
	type: string;
	typeVersion: number;
	/** n8n (executionOrder "v1") runs the branches of one output top to bottom by this. */
	position: [number, number];
	parameters: Record<string, unknown>;
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
	onError?: string;
}

export interface Template {
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string; index: number }>> }>;
	settings: { executionOrder?: string };
}

/** A template of workflows/ by its file name (`1-store-sales-to-klaviyo.json`). */
export function template(file: string): Template {
	return JSON.parse(readFileSync(join(__dirname, '../../../workflows', file), 'utf8')) as Template;
}
