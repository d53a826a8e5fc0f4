/**
 * The CLI's failures, as a person meets them: one line in the CLI's own syntax, one exit-code scheme
 * (usage errors 2, commander's too), a closed pipe ends quietly, and `discord register --dry-run` works offline.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, removeTempDirs, runWhip, STACK_TRACE, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('CLI errors', () => {
  it('`whip ask` with no question prints a CLI usage line, not Discord syntax, and exits 2', async () => {
    const r = await runWhip(['ask']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: `whip ask <question…>`');
    expect(r.stdout).not.toMatch(/question:<|\?\./);
  }, 120_000);

  it('commander errors exit 2 like usage errors', async () => {
    const r = await runWhip(['who', '--bogus', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect((await runWhip(['--help'])).code).toBe(0);
  }, 120_000);

  it('positional arguments work on the CLI as in chat', async () => {
    const r = await runWhip(['profile', 'Nick', 'Clegg', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ question: 'profile of Nick Clegg', answer: 'Nick Clegg' });
  }, 120_000);

  it('a reader that goes away (| head -1) ends the output quietly', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'help'], {
        cwd: tempDir('whip-epipe-'),
        env: cleanEnv({ WHIP_DATA_DIR: tempDir('whip-epipe-data-') }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
      });
      // Like `head -1`: close our end as soon as anything arrives (or at once), so the writer hits EPIPE.
      child.stdout.destroy();
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).not.toMatch(/EPIPE|STACK/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.code).toBe(0);
  }, 120_000);

  it('`discord register --dry-run` without credentials prints the payload offline', async () => {
    const r = await runWhip(['discord', 'register', '--dry-run']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { name: string }[];
    expect(body.map((c) => c.name)).toContain('who');
    expect(r.stderr).toMatch(/dry run offline/);
  }, 120_000);
});
