/**
 * src/core is the platform- and store-free heart: it must not import the adapters, the store, digests,
 * ingestion or a platform library (outer layers extend its Services type instead; see src/core/services.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORE = join(ROOT, 'src/core');
const OUTER = ['src/adapters', 'src/store', 'src/digest', 'src/ingest', 'src/kb', 'src/cli', 'commands'];
const PLATFORM = /^(discord\.js|@discordjs\/|@slack\/|better-sqlite3|kysely)/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file imports: static, type-only, re-exports, dynamic and `import('…')` types. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"]([^'"]+)['"]/g))
    out.push(m[1] as string);
  for (const m of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string);
  for (const m of source.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) out.push(m[1] as string);
  return out;
}

function violations(file: string): string[] {
  const bad: string[] = [];
  for (const spec of specifiers(readFileSync(file, 'utf8'))) {
    if (spec.startsWith('.')) {
      const target = relative(ROOT, resolve(dirname(file), spec));
      if (OUTER.some((o) => target === o || target.startsWith(`${o}/`))) bad.push(`${spec} (${target})`);
    } else if (PLATFORM.test(spec)) {
      bad.push(spec);
    }
  }
  return bad;
}

describe('layering', () => {
  it('finds imports of every kind (the checker itself works)', () => {
    const sample = [
      "import { a } from '../store/db.js';",
      "import type { B } from '../../digest/runtime.js';",
      "export { c } from './x.js';",
      "const m = await import('../ingest/manage.js');",
      "type T = import('../adapters/slack/index.js').T;",
      "import 'discord.js';",
    ].join('\n');
    expect(specifiers(sample)).toEqual([
      '../store/db.js',
      '../../digest/runtime.js',
      './x.js',
      '../ingest/manage.js',
      '../adapters/slack/index.js',
      'discord.js',
    ]);
  });

  it('src/core imports no outer layer and no platform library', () => {
    const found = files(CORE).flatMap((f) => violations(f).map((v) => `${relative(ROOT, f)} imports ${v}`));
    expect(found).toEqual([]);
  });
});
