/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { randomUUID } from 'node:crypto';
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
		files = readdirSync(dir)
			.filter((file) => file.endsWith('.json'))
			.sort();
	} catch {
		return [];
	}
	return files.map((file) =>
		withWebhookIds(JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowTemplate),
	);
}

/** The package's webhook triggers; their URLs are `/webhook/<webhook id>/…`. */
const WEBHOOK_TRIGGER = /^n8n-nodes-sitoo-klaviyo\.(sitooEventsTrigger|sitooCrmTrigger)$/;

/**
 * Templates carry no webhook id for the package's triggers, so two imports never share a URL. An
 * import through the editor gives each one; imports made by code do the same here.
 */
export function withWebhookIds(template: WorkflowTemplate): WorkflowTemplate {
	const nodes = template.nodes.map((node) =>
		WEBHOOK_TRIGGER.test(node.type) && !node.webhookId
			? { ...node, webhookId: randomUUID() }
			: node,
	);
	return { ...template, nodes };
}

/**
 * Templates carry credential placeholders (a name, no instance id); an import into a given instance
 * binds each to that instance's credential of the same type.
 */
export function bindCredentials(
	template: WorkflowTemplate,
	credentials: Record<string, { id: string; name: string }>,
): WorkflowTemplate {
	const nodes = template.nodes.map((node) => {
		if (!node.credentials) return node;
		const bound: Record<string, { id: string; name: string }> = {};
		for (const type of Object.keys(node.credentials)) {
			const credential = credentials[type];
			if (!credential)
				throw new Error(
					`template "${template.name}": node "${node.name}" needs a ${type} credential, and none was given`,
				);
			bound[type] = credential;
		}
		return { ...node, credentials: bound };
	});
	return { ...template, nodes };
}

/** Templates whose trigger runs by itself (polling, webhook) are published in the demo; manual ones wait for a click. */
export function startsByItself(template: WorkflowTemplate): boolean {
	return template.nodes.some(
		(node) =>
			/Trigger$/i.test(node.type) &&
			!/manualTrigger|errorTrigger|executeWorkflowTrigger/i.test(node.type),
	);
}

/** The error handler lists failed executions; the other templates name it as their error workflow when imported by id. */
export const ERROR_HANDLER_ID = 'errorHandlerLedger';
/** The n8n Data Table the templates make on first use. */
export const LEDGER_TABLE = 'Sitoo exception ledger';
/**
 * Real time needs Sitoo to be told the webhook URL, and sends the same sales as the polling template;
 * a retailer runs one of the two, so the demo imports it and leaves it unpublished. The refunds-only
 * template is for set-ups whose sales reach Klaviyo another way: the sales template sends refunds.
 */
export const NOT_PUBLISHED_IN_DEMO = new Set(['storeSalesRealTime', 'refundsToKlaviyo']);

/**
 * Templates the demo publishes, error handler first: n8n 2.41 runs an error workflow, and a
 * sub-workflow, only in its published version.
 */
export function publishedInDemo(templates: WorkflowTemplate[]): WorkflowTemplate[] {
	const publishable = templates.filter(
		(t) => t.id === ERROR_HANDLER_ID || (startsByItself(t) && !NOT_PUBLISHED_IN_DEMO.has(t.id)),
	);
	return publishable.sort(
		(a, b) => Number(b.id === ERROR_HANDLER_ID) - Number(a.id === ERROR_HANDLER_ID),
	);
}

interface WorkflowApi {
	api<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Publishes (or unpublishes) a workflow and waits until n8n says so: publishing lands asynchronously in 2.41. */
export async function setPublished(
	n8n: WorkflowApi,
	workflowId: string,
	active: boolean,
	timeoutMs = 30_000,
): Promise<void> {
	await n8n.api('POST', `/workflows/${workflowId}/${active ? 'activate' : 'deactivate'}`);
	const deadline = Date.now() + timeoutMs;
	while (
		(await n8n.api<{ active: boolean }>('GET', `/workflows/${workflowId}`)).active !== active
	) {
		if (Date.now() > deadline)
			throw new Error(
				`workflow ${workflowId} did not become ${active ? 'published' : 'unpublished'}`,
			);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * Makes a polling workflow poll now: n8n polls once as it starts a poller (docs/reference/n8n.md §4),
 * so unpublishing and publishing again polls without waiting for the schedule.
 */
export async function pollNow(n8n: WorkflowApi, workflowId: string): Promise<void> {
	await setPublished(n8n, workflowId, false);
	await setPublished(n8n, workflowId, true);
}

export interface LedgerRow {
	id: number;
	kind: string;
	/** open, resolved, ignored, or "send again" when a person asks for it. */
	status: string;
	store: string;
	owner: string;
	note: string;
	workflow: string;
	orderId: string;
	receiptId: string;
	reason: string;
	details: string;
	execution: string;
}

/** A Data Table's id by its name through n8n's public API; undefined while it does not exist yet. */
export async function dataTableId(n8n: WorkflowApi, name: string): Promise<string | undefined> {
	const tables = await n8n.api<{ data: Array<{ id: string; name: string }> }>(
		'GET',
		'/data-tables?limit=250',
	);
	return tables.data.find((t) => t.name === name)?.id;
}

/** Every row of a Data Table by its name, page by page; empty while the table does not exist yet. */
export async function readDataTable<Row>(n8n: WorkflowApi, name: string): Promise<Row[]> {
	const id = await dataTableId(n8n, name);
	if (!id) return [];
	const rows: Row[] = [];
	let cursor: string | null | undefined;
	do {
		const page = await n8n.api<{ data: Row[]; nextCursor?: string | null }>(
			'GET',
			`/data-tables/${id}/rows?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		rows.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor);
	return rows;
}

/** The exception ledger's rows; empty while the table does not exist yet. */
export function readLedger(n8n: WorkflowApi): Promise<LedgerRow[]> {
	return readDataTable<LedgerRow>(n8n, LEDGER_TABLE);
}
