/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
import { createServer } from 'node:net';

/** A port the OS says is free right now (n8n needs its own HTTP and task-broker ports per process). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port')),
			);
		});
	});
}
