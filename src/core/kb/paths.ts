import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled kb/ next to the package (works from src/ under vitest and from dist/). */
export function defaultKbDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'kb'))) return join(dir, 'kb');
    dir = dirname(dir);
  }
  return join(process.cwd(), 'kb');
}
