// Bundle the CLI into dist/bundle/ (ESM, code-split so platform adapters load only when used). Pure-JS
// libraries the one-shot path needs are inlined; native, heavy or dynamically-loading packages stay external.
// Why: a one-shot `whip ask` otherwise spends most of its time resolving ~450 module files.
import { build } from 'esbuild';

const external = [
  'better-sqlite3',
  'discord.js',
  '@discordjs/*',
  '@slack/*',
  'wink-nlp',
  'wink-eng-lite-web-model',
  'compromise',
  'croner',
  'feedsmith',
  'linkedom',
  '@mozilla/readability',
  'gray-matter',
  'dotenv',
  'ws',
  // Only slow paths (KB check, manifests) need it; external keeps its ESM/CJS interop intact.
  'yaml',
  // PostgreSQL (only with DATABASE_URL; pg has an optional native require) and the ops server's metrics.
  'pg',
  'prom-client',
];

await build({
  // The parse worker is its own entry, beside the chunks, so `new URL('./parseWorker.js', import.meta.url)` in
  // any chunk finds it (src/ingest/parseRunner.ts).
  entryPoints: { cli: 'src/cli.ts', parseWorker: 'src/ingest/parseWorker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  // Some inlined CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __whipCreateRequire } from 'node:module'; const require = __whipCreateRequire(import.meta.url);",
  },
});
