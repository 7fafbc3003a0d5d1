// A real n8n takes 5–10 s to start on two cores, and a workflow run a few seconds more.
jest.setTimeout(180_000);
