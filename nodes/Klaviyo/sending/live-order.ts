/**
 * One order sent live: its events go side by side to `POST /api/events` (XL tier), each with a
 * deterministic unique_id, so a retry or a rerun after a crash cannot double anything (invariant 1).
 * A customer's next order waits for this one in its lane (orders.ts), so orders keep till order.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { createEventRequestBody } from '../../core/klaviyo/event-request';
import { phoneRefusedNote, refusedOnlyThePhone } from '../../core/klaviyo/phone-refusal';
import type { ApiError } from '../../core/transport/errors';
import type { OrderEvent, ProfileIdentity } from '../../core/klaviyo/order-events';
import type { OrderTrack } from '../../core/klaviyo/track-order';
import type { KlaviyoClient } from '../../clients/klaviyo-client';
import { unattributedItem, type ItemOperation, type OperationOutput } from '../actions/shared';
import { nodeErrorOf, withOrder } from './items';
import { eventsSummary, skippedStatus, trackOrderOfItem, type MapOrderItem } from './order-item';

/** `mapItem`: how the run maps an item, when it has mapped them already (core/klaviyo/send-mode.ts). */
export function sendOrderLive(track: OrderTrack, mapItem?: MapOrderItem): ItemOperation {
	return async function (
		this: IExecuteFunctions,
		client: KlaviyoClient,
		itemIndex: number,
	): Promise<OperationOutput> {
		return sendOrder.call(
			this,
			client,
			itemIndex,
			mapItem ?? ((i) => trackOrderOfItem.call(this, i, track)),
		);
	};
}

async function sendOrder(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
	mapItem: MapOrderItem,
): Promise<OperationOutput> {
	const { about, result } = mapItem(itemIndex);
	const pairedItem = { item: itemIndex };
	if (result.status === 'unattributed')
		return { main: [], unattributed: [unattributedItem(itemIndex, result.reason, about)] };
	if (result.status === 'skipped')
		return {
			main: [
				{
					json: { ...about, status: skippedStatus(result), reason: result.reason, events: [] },
					pairedItem,
				},
			],
		};
	let profile = result.profile;
	const notes = [...result.notes];
	const post = (identity: ProfileIdentity, event: OrderEvent) =>
		client.request({
			method: 'POST',
			path: '/api/events',
			body: createEventRequestBody(identity, event),
		});
	// An order's events go side by side: they share its till time, so their arrival order means
	// nothing to Klaviyo, and one round trip instead of one per line keeps a real-time batch quick.
	const sent = await Promise.allSettled(result.events.map((event) => post(profile, event)));
	const refused: OrderEvent[] = [];
	let refusal: ApiError | undefined;
	for (const [n, outcome] of sent.entries()) {
		if (outcome.status === 'fulfilled') continue;
		const error: unknown = outcome.reason;
		if (!refusedOnlyThePhone(error) || profile.phone_number === undefined)
			throw withOrder(nodeErrorOf(this, error, itemIndex), about);
		refusal ??= error;
		refused.push(result.events[n]!);
	}
	if (refusal !== undefined && profile.phone_number !== undefined) {
		// Only the phone identified this shopper: nobody is left to send to.
		if (profile.email === undefined)
			return {
				main: [],
				unattributed: [
					unattributedItem(
						itemIndex,
						`Order ${String(about.orderId)} has no usable customer email, and Klaviyo refused its phone ${profile.phone_number}: ${refusal.detail ?? refusal.title ?? 'invalid phone number'}.`,
						about,
					),
				],
			};
		// The e-mail still anchors the profile: send again without the phone Klaviyo refused.
		notes.push(phoneRefusedNote(profile.phone_number, refusal));
		profile = withoutPhone(profile);
		const identity = profile;
		await Promise.all(refused.map((event) => post(identity, event))).catch((again: unknown) => {
			throw withOrder(nodeErrorOf(this, again, itemIndex), about);
		});
	}
	const json: IDataObject = {
		...about,
		status: 'sent',
		email: profile.email ?? null,
		phoneNumber: profile.phone_number ?? null,
		events: eventsSummary(result.events),
	};
	if (notes.length > 0) json.notes = notes;
	const item: INodeExecutionData = { json, pairedItem };
	return { main: [item] };
}

function withoutPhone(profile: ProfileIdentity): ProfileIdentity {
	const rest = { ...profile };
	delete rest.phone_number;
	return rest;
}
