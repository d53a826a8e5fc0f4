/**
 * A claim its article reports without an attributed source ("The report says …") and a passive rebuttal of it
 * ("That account was disputed by Transport Scotland.") are two sources: the reply is contested (rebuttal.ts
 * claimantOf, session 17). Each side is said in full: the claim with what stands between it and the rebuttal in its
 * paragraph, and a rebuttal that only says it disputes with the next sentence saying what the other side says
 * (lanes/sentences.ts rebuttalSides, compose.ts Side.continued). An invented article
 * (tests/fixtures/disputes/ferry-crew-shortage.txt) over the seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices } from '../../src/bootstrap.js';
import type { Services } from '../../src/core/services.js';
import { isVerbatim, ROOT, removeTempDirs, servicesWithArticles } from './helpers.js';

const FIXTURE = join(ROOT, 'tests/fixtures/disputes/ferry-crew-shortage.txt');
let services: Services;
let fixtureText: string;

beforeAll(async () => {
  services = await servicesWithArticles([FIXTURE], 'whip-disputed-account-');
  fixtureText = readFileSync(FIXTURE, 'utf8');
}, 120_000);
afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

describe('a reported claim and a passive rebuttal', () => {
  it('is contested, each side said in full', () => {
    const r = services.engine.ask('When were ministers warned about the crew shortage?');
    expect(r.status).toBe('contested');
    // The claim, and the figure stated with it before the rebuttal.
    expect(r.text).toMatch(/warned about the crew shortage in March 2023/);
    expect(r.text).toMatch(/1,400 sailings were cancelled/);
    // The bare rebuttal, and what the other side says in the next sentence.
    expect(r.text).toMatch(/That account was disputed by Transport Scotland/);
    expect(r.text).toMatch(/not told of the scale of the shortage until August 2023/);
    expect(r.sides?.map((s) => s.label)).toEqual(['Claim', 'Disputed']);
    for (const c of r.citations) expect(isVerbatim(c.quote, fixtureText)).toBe(true);
  });
});
