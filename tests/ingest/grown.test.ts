/**
 * A knowledge base that has grown (issue #12): replies stay short and reads stay bounded when many articles say
 * the same kind of thing — six mayors of one town over six years, each article quoting them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import type { Engine } from '../../src/core/answer/engine.js';
import type { Services } from '../../src/core/services.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { openDatabase, storeFile } from '../../src/store/db.js';
import { silentLog } from './helpers.js';

const MAYORS = ['Alice Morgan', 'Brian Foster', 'Claire Hughes', 'David Owen', 'Emma Price', 'Frank Wilson'];

const article = (year: number, name: string) => `---
title: ${name} sworn in at Fenmoor town hall
published: ${year}-05-12
publication: The Fenmoor Courier
---

${name}, the mayor of Fenmoor, was sworn in at the town hall on Monday before a crowd of councillors and residents. "The bus station comes first," ${name.split(' ')[1]} said.
`;

describe('a knowledge base with six mayors of Fenmoor', () => {
  let dir: string;
  let s: Services;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whip-grown-'));
    const files = MAYORS.map((name, i) => {
      const file = join(dir, `mayor-${i}.md`);
      writeFileSync(file, article(2015 + i, name));
      return file;
    });
    const db = await openDatabase(storeFile(dir));
    const outcomes = await ingestSources(files, { db, timeoutMs: 10_000 });
    await db.destroy();
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    s = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }), { log: silentLog });
  }, 120_000);

  afterAll(async () => {
    await closeServices(s);
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the latest mayor, and a few earlier ones with how many more', () => {
    const reply = (s.engine as Engine).ask('Who is the mayor of Fenmoor?');
    expect(reply.status).toBe('answered');
    expect(reply.answer).toBe('Frank Wilson');
    expect(reply.citations[0]?.quote).toMatch(/^Frank Wilson, the mayor of Fenmoor/);
    // Latest first: the three before Frank Wilson by name, the two before them counted.
    const earlier = /earlier, (.*)$/m.exec(reply.text)?.[1] ?? '';
    expect(earlier).toMatch(
      /^Emma Price \(as of .*2019\), David Owen \(as of .*2018\), Claire Hughes \(as of .*2017\) and 2 more\./,
    );
    expect(earlier).not.toMatch(/Brian Foster|Alice Morgan/);
  });

  it('counts every quote in a listing without reading them all', () => {
    const engine = s.engine as Engine;
    const all = engine.quotes({});
    expect(all.status).toBe('answered');
    expect(all.answer).toMatch(new RegExp(`^5 of ${engine.k.quotes.size} quotes`));
    expect(engine.k.quotes.size).toBeGreaterThan(MAYORS.length);
  });
});
