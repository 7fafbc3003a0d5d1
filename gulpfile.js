const { src, dest } = require('gulp');

/**
 * Copies node and credential icons, and the nodes' codex files (`<Node>.node.json`: categories and
 * documentation links), next to the compiled files, where n8n looks for them.
 */
function copyIcons() {
	const outDir = process.env.BUILD_DIR || 'dist';
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(outDir));
}

exports['build:icons'] = copyIcons;
