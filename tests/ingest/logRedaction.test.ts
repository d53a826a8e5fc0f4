/**
 * Log redaction by the configured secret values themselves (issue #14): a Discord token that does not start with
 * M or N, a signing secret, anything configured — masked in messages, fields and errors.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, maskSecrets, registerSecrets } from '../../src/log.js';

// A Discord token whose first character is not M or N: the shape-based pattern misses it.
const DISCORD = `OTk5${'x'.repeat(20)}.GaBcDe.${'y'.repeat(30)}`;
const SIGNING = 'f00dfacecafebeef0123456789abcdef';

afterEach(() => {
  delete process.env.DISCORD_TOKEN;
});

describe('redaction by configured values', () => {
  it('masks a configured token in messages, nested fields and errors', () => {
    process.env.DISCORD_TOKEN = DISCORD;
    registerSecrets([SIGNING, 'short']);
    const chunks: string[] = [];
    const sink = new Writable({
      write(c, _e, cb) {
        chunks.push(String(c));
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info({ detail: { text: `sent ${SIGNING}` }, list: [DISCORD] }, `login with ${DISCORD}`);
    log.error({ err: new Error(`rejected ${SIGNING}`) }, 'failed');
    const out = chunks.join('');
    expect(out).not.toContain(DISCORD);
    expect(out).not.toContain(SIGNING);
    expect(out.match(/\[REDACTED\]/g)?.length).toBe(4);
    // Short values are not treated as secrets (masking them would garble every line).
    expect(maskSecrets('a short word')).toBe('a short word');
  });
});
