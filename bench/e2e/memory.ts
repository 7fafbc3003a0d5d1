/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-dangerous-functions
	-- benchmark code: runs in Node, never inside n8n */
/**
 * Memory of a running n8n, read from Linux's /proc: the server process and everything it started
 * (the JavaScript task runner is a child process). `VmHWM` is the kernel's own peak resident set
 * per process, so short peaks between samples are not missed; the sampled sum of `VmRSS` shows how
 * much the whole tree held at once.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcessPeak {
	pid: number;
	command: string;
	peakRssMiB: number;
}

export interface MemoryReport {
	/** Per process, its own peak (VmHWM) at the last sample. */
	processes: ProcessPeak[];
	/** Highest sum of VmRSS over the tree seen in one sample. */
	peakTreeRssMiB: number;
	samples: number;
}

function statusKiB(pid: number, field: string): number | undefined {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
			readFileSync(`/proc/${pid}/status`, 'utf8'),
		);
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined; // gone between listing and reading
	}
}

function children(pid: number): number[] {
	const found: number[] = [];
	try {
		for (const task of readdirSync(`/proc/${pid}/task`)) {
			const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
			if (text) found.push(...text.split(/\s+/).map(Number));
		}
	} catch {
		// exited
	}
	return found;
}

function tree(root: number): number[] {
	const all = [root];
	for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
	return all;
}

function command(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
			.split('\0')
			.filter(Boolean)
			.map((part) => part.split('/').pop())
			.join(' ')
			.slice(0, 80);
	} catch {
		return '?';
	}
}

/** Samples the tree under `rootPid` every `everyMs` until `stop()`. */
export function sampleMemory(rootPid: number, everyMs = 250): { stop(): MemoryReport } {
	const peaks = new Map<number, ProcessPeak>();
	let peakTree = 0;
	let samples = 0;
	const sample = () => {
		let sum = 0;
		for (const pid of tree(rootPid)) {
			const rss = statusKiB(pid, 'VmRSS');
			const hwm = statusKiB(pid, 'VmHWM');
			if (rss === undefined || hwm === undefined) continue;
			sum += rss;
			const known = peaks.get(pid);
			peaks.set(pid, {
				pid,
				command: known?.command ?? command(pid),
				peakRssMiB: Math.max(known?.peakRssMiB ?? 0, hwm / 1024),
			});
		}
		peakTree = Math.max(peakTree, sum / 1024);
		samples++;
	};
	sample();
	const timer = setInterval(sample, everyMs);
	return {
		stop() {
			sample();
			clearInterval(timer);
			// Wrappers (a shell, npx) hold a few MiB; the ones that matter are the node processes.
			const processes = [...peaks.values()]
				.filter((p) => p.peakRssMiB > 20)
				.sort((a, b) => b.peakRssMiB - a.peakRssMiB);
			return { processes, peakTreeRssMiB: peakTree, samples };
		},
	};
}

export interface IdleMemory {
	/** The root process's own resident set: the median of its samples. */
	rootRssMiB: number;
	/** The same over the whole tree (with the task runner). */
	treeRssMiB: number;
}

/**
 * Resident memory of an idle n8n: the median of samples every 250 ms for `forMs`, after a full
 * garbage collection. Right after start-up n8n holds a few hundred MiB that V8 gives back only when
 * it gets round to it (some seconds later, or not within a minute), so without the collection the
 * same n8n measured 440 MiB idle one time and 750 MiB the next. The collection goes through n8n's
 * inspector, opened with SIGUSR1 as Node.js does for a debugger, by a helper on n8n's own Node
 * (`nodeBin`), which has the WebSocket client the benchmark's Node lacks.
 */
export async function idleMemory(
	rootPid: number,
	nodeBin: string,
	forMs = 5_000,
): Promise<IdleMemory> {
	process.kill(rootPid, 'SIGUSR1');
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	execFileSync(nodeBin, [join(__dirname, 'collect-garbage.mjs'), '9229'], { timeout: 30_000 });
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	const root: number[] = [];
	const whole: number[] = [];
	const until = Date.now() + forMs;
	do {
		let sum = 0;
		for (const pid of tree(rootPid)) {
			const rss = statusKiB(pid, 'VmRSS');
			if (rss === undefined) continue;
			sum += rss;
			if (pid === rootPid) root.push(rss / 1024);
		}
		whole.push(sum / 1024);
		await new Promise((resolve) => setTimeout(resolve, 250));
	} while (Date.now() < until);
	const median = (values: number[]) =>
		[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
	return { rootRssMiB: median(root), treeRssMiB: median(whole) };
}

/**
 * Starts the kernel's peak resident set (`VmHWM`) of each process in the tree afresh, so that the
 * next peaks are those of what runs from now on, not of n8n's start-up (Linux `clear_refs`, 5).
 */
export function resetPeaks(rootPid: number): void {
	for (const pid of tree(rootPid)) {
		try {
			writeFileSync(`/proc/${pid}/clear_refs`, '5');
		} catch {
			// gone, or not ours to reset: its peak then includes what came before
		}
	}
}
