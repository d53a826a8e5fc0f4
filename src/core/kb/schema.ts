/**
 * The curated KB layer (kb/*.yaml), validated with zod. Types here are the KB's vocabulary for every module.
 */
import * as z from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by hyphens, like nick-clegg');

export const ENTITY_TYPES = ['person', 'party', 'role', 'place', 'organisation'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const entitySchema = z.strictObject({
  id,
  type: z.enum(ENTITY_TYPES),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  party: id.optional(),
  description: z.string().optional(),
});
export type Entity = z.infer<typeof entitySchema>;

export const scenarioSchema = z.strictObject({
  id,
  name: z.string().min(1),
  form: z.enum(['coalition', 'pact', 'majority', 'minority', 'hung-parliament']),
  parties: z.array(id).min(1),
  aliases: z.array(z.string().min(1)).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export const attributionSchema = z.strictObject({
  kind: z.enum(['named', 'anonymous', 'spokesman', 'reporter']),
  description: z.string().min(1),
  /** The named speaker, or whom a spokesman speaks for. */
  speaker: id.optional(),
});
export type AttributionSpec = z.infer<typeof attributionSchema>;

export const evidenceSchema = z.strictObject({
  article: id,
  quote: z.string().min(8, 'evidence quotes need at least 8 characters'),
  /** Who this piece of evidence comes from, when not the claim's own attribution. */
  attribution: attributionSchema.optional(),
});

export const claimSchema = z.strictObject({
  id,
  kind: z.enum(['role', 'plan', 'position', 'relation', 'number', 'fact', 'event']),
  subject: id,
  role: id.optional(),
  of: id.optional(),
  object: id.optional(),
  scenario: id.optional(),
  modality: z.enum(['is', 'would', 'could']),
  statement: z.string().min(1),
  answer: z.string().min(1).max(120),
  answer_type: z.enum(['person', 'party', 'number', 'date', 'place', 'phrase', 'yes', 'no']).optional(),
  proposition: id.optional(),
  stance: z.enum(['for', 'against']).optional(),
  attribution: attributionSchema,
  evidence: z.array(evidenceSchema).min(1, 'a claim needs at least one evidence quote'),
  topics: z.array(z.string()).default([]),
});
export type Claim = z.infer<typeof claimSchema>;

export const quoteSchema = z.strictObject({
  id,
  article: id,
  text: z.string().min(3),
  speaker: z.strictObject({
    kind: z.enum(['named', 'anonymous', 'spokesman']),
    description: z.string().min(1),
    entity: id.optional(),
  }),
  about: z.array(id).default([]),
});
export type CuratedQuote = z.infer<typeof quoteSchema>;

export const articleMetaSchema = z.strictObject({
  id,
  file: z.string().min(1),
  title: z.string().min(1),
  publication: z
    .strictObject({ name: z.string().min(1), confirmed: z.boolean().default(false), note: z.string().optional() })
    .nullable()
    .default(null),
  published: z.strictObject({
    date: z
      .union([z.string(), z.date()])
      .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d))
      .pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'published.date is YYYY, YYYY-MM or YYYY-MM-DD')),
    precision: z.enum(['day', 'month', 'year']),
    confidence: z.enum(['high', 'medium', 'low']),
    note: z.string().optional(),
  }),
  author: z.string().nullable().default(null),
  url: z.string().url().nullable().default(null),
  parts: z
    .strictObject({
      headline: z.string().optional(),
      standfirst: z.string().optional(),
      captions: z.array(z.string()).default([]),
    })
    .default({ captions: [] }),
});
export type ArticleMeta = z.infer<typeof articleMetaSchema>;

/** The files of the curated layer and the schema of each list item. */
export const KB_FILES = {
  'articles.yaml': articleMetaSchema,
  'curated/entities.yaml': entitySchema,
  'curated/scenarios.yaml': scenarioSchema,
  'curated/claims.yaml': claimSchema,
  'curated/quotes.yaml': quoteSchema,
} as const;
