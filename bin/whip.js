#!/usr/bin/env node
// The `whip` command. The TypeScript sources are compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
import '../dist/bundle/cli.js';
