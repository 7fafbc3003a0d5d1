import type { FaultInjector } from './faults';
import { json, parseJsonBody, type Router, type SimulatorHttpServer } from './http';

/**
 * Control routes both simulators share: fault mode, traffic counters and reset.
 * Each simulator adds its own read-back routes next to these.
 */
export function addCommonAdminRoutes(
	admin: Router,
	server: () => SimulatorHttpServer,
	faults: FaultInjector,
	resetState: () => void,
): void {
	admin.add('GET', '/__admin/faults', () => json(200, faults.current));
	admin.add('PUT', '/__admin/faults', (req) => {
		const update = parseJsonBody(req.body);
		if (!isPlainObject(update))
			return json(400, { error: 'body must be a JSON object of fault settings' });
		try {
			return json(200, faults.configure(update));
		} catch (error) {
			return json(400, { error: (error as Error).message });
		}
	});
	admin.add('DELETE', '/__admin/faults', () => {
		faults.reset();
		return json(200, faults.current);
	});
	admin.add('GET', '/__admin/counters', () => json(200, server().counters));
	admin.add('POST', '/__admin/reset', () => {
		resetState();
		faults.reset();
		server().resetCounters();
		return json(200, { reset: true });
	});
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
