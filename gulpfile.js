const { src, dest } = require('gulp');

/** Copies node and credential icons next to the compiled files, where n8n looks for `file:` icons. */
function copyIcons() {
	const outDir = process.env.BUILD_DIR || 'dist';
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest(outDir));
}

exports['build:icons'] = copyIcons;
