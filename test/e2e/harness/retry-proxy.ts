/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
/**
 * The reverse proxy the README recommends in front of the Events webhook: n8n answers 404 for a
 * webhook while it starts (until its workflows are active again), and Sitoo drops a batch on a 404
 * (docs/reference/sitoo-spi.md §5.3). The proxy answers 503 instead, and when n8n cannot be reached,
 * so Sitoo keeps the batch. Everything else passes through unchanged.
 */
import { createServer, request, type Server } from 'node:http';

export interface RetryProxy {
	url: string;
	close(): Promise<void>;
}

export async function startRetryProxy(target: string): Promise<RetryProxy> {
	const upstream = new URL(target);
	const server: Server = createServer((req, res) => {
		const unavailable = (why: string): void => {
			if (res.headersSent) {
				res.destroy();
				return;
			}
			res.writeHead(503, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: `n8n is not ready (${why}); please retry` }));
		};
		const forward = request(
			{
				hostname: upstream.hostname,
				port: upstream.port,
				path: req.url,
				method: req.method,
				headers: { ...req.headers, host: upstream.host },
			},
			(answer): void => {
				if (answer.statusCode === 404) {
					answer.resume();
					unavailable('404');
					return;
				}
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		forward.on('error', (error) => unavailable(error.message));
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
