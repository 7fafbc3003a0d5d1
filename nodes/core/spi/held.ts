/**
 * The Events trigger's delivery contract (docs/design.md "Where state lives"): a batch with orders to
 * send is answered 200 only by the workflow, once it has sent them (a "Confirm Sitoo Events" node at
 * its end). Until then what the batch adds to the seen-sets is held: if the workflow fails, or takes
 * too long and the trigger answers 503, Sitoo sends the batch again (docs/reference/sitoo-spi.md
 * §5.3) and it must be handed on again, not dropped as a duplicate. Klaviyo's fixed unique ids keep
 * anything sent twice from counting twice (invariant 1).
 */
import { rememberAll } from './batch';
import type { EventsTriggerState } from './dedupe';

/**
 * How a held batch's answer went, as the process that handed it on saw it: `confirmed` (the workflow
 * answered 200), `waiting` (no answer yet), or undefined (answered otherwise, or handed on by
 * another process or before a restart).
 */
export type HeldAnswer = 'confirmed' | 'waiting' | undefined;

/** Sitoo waits 15 s for an answer (§5.2): a batch held far longer has been answered somewhere. */
const HELD_AT_MOST_MS = 10 * 60 * 1000;

/**
 * The state with each held batch settled: a confirmed one's additions count from now on, a waiting
 * one stays held, any other is let go (its events are new again when Sitoo sends them again).
 */
export function settleHeld(
	state: EventsTriggerState,
	answerOf: (batchId: string) => HeldAnswer,
	now: number,
): { state: EventsTriggerState; settled: string[] } {
	let next: EventsTriggerState = { ...state, held: {} };
	const settled: string[] = [];
	for (const [id, batch] of Object.entries(state.held)) {
		const answer = answerOf(id);
		if (answer === 'waiting' && now - batch.at < HELD_AT_MOST_MS) {
			next.held[id] = batch;
			continue;
		}
		settled.push(id);
		if (answer === 'confirmed') next = rememberAll(next, batch, batch.at);
	}
	return { state: next, settled };
}

/** The state with a batch's additions held under its id until the workflow confirms it. */
export function holdBatch(
	state: EventsTriggerState,
	batchId: string,
	added: { events: string[]; orders: string[]; emailed: string[] },
	now: number,
): EventsTriggerState {
	return { ...state, held: { ...state.held, [batchId]: { at: now, ...added } } };
}
