/**
 * Where a run's time goes (`BENCH_PROFILE=1`): n8n's own per-node times from the latest executions'
 * data, and the time n8n spends around the nodes (from the execution's start to its first node, and
 * from its last node to its end).
 */
import type { N8nInstance } from '../../test/e2e/harness/n8n-instance';

interface NodeRun {
	startTime?: number;
	executionTime?: number;
}

export interface RunProfile {
	executions: number;
	/** Mean ms per execution, by node, slowest first. */
	nodes: Array<{ node: string; meanMs: number }>;
	/** Mean ms from the execution's start to its first node's start. */
	beforeNodesMs: number;
	/** Mean ms from the last node's end to the execution's end. */
	afterNodesMs: number;
	/** Mean ms from the execution's start to its end. */
	totalMs: number;
}

export async function runProfile(
	n8n: N8nInstance,
	workflowId: string,
	count = 100,
): Promise<RunProfile> {
	const { data } = await n8n.api<{
		data: Array<{
			startedAt: string;
			stoppedAt?: string | null;
			data?: { resultData: { runData: Record<string, NodeRun[]> } };
		}>;
	}>('GET', `/executions?includeData=true&workflowId=${workflowId}&limit=${count}`);
	const perNode = new Map<string, number>();
	let before = 0;
	let after = 0;
	let total = 0;
	let counted = 0;
	for (const execution of data) {
		const runs = Object.entries(execution.data?.resultData.runData ?? {});
		if (runs.length === 0 || !execution.stoppedAt) continue;
		const started = Date.parse(execution.startedAt);
		const stopped = Date.parse(execution.stoppedAt);
		let first = Infinity;
		let last = -Infinity;
		for (const [node, nodeRuns] of runs)
			for (const run of nodeRuns) {
				perNode.set(node, (perNode.get(node) ?? 0) + (run.executionTime ?? 0));
				if (run.startTime !== undefined) {
					first = Math.min(first, run.startTime);
					last = Math.max(last, run.startTime + (run.executionTime ?? 0));
				}
			}
		before += first - started;
		after += stopped - last;
		total += stopped - started;
		counted++;
	}
	const mean = (sum: number) => (counted === 0 ? NaN : sum / counted);
	return {
		executions: counted,
		nodes: [...perNode.entries()]
			.map(([node, sum]) => ({ node, meanMs: mean(sum) }))
			.sort((a, b) => b.meanMs - a.meanMs),
		beforeNodesMs: mean(before),
		afterNodesMs: mean(after),
		totalMs: mean(total),
	};
}
