import { ensureN8nInstalled } from './harness/install';
import { buildAndPack } from './harness/package-tarball';

/** Once per run: a real n8n on Node 24 in the cache, and our package built and packed. */
export default function globalSetup(): void {
	ensureN8nInstalled();
	buildAndPack();
}
