// Run with Node 24 (global WebSocket): node collect-garbage.mjs <inspector port>. Asks the process
// listening there for a full garbage collection (Chrome DevTools Protocol, HeapProfiler), so that
// "idle" is what n8n holds, not what V8 has not yet collected.
const port = process.argv[2] ?? '9229';
const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
await new Promise((resolve, reject) => {
	socket.onopen = resolve;
	socket.onerror = reject;
});
const answered = new Promise((resolve) => {
	socket.onmessage = (message) => {
		if (JSON.parse(message.data).id === 1) resolve();
	};
});
socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
await answered;
socket.close();
