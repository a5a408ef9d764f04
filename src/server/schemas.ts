import { z } from 'zod';

// The JSON the API answers, as zod schemas: the OpenAPI document (openapi.ts) shows them as JSON
// Schema, and the tests parse live answers with them, so the document stays true.

/** Every error: one line the user can act on. */
export const errorBody = z.object({ error: z.string() }).meta({ id: 'Error', description: 'every error answer: `{ "error": "one line naming the problem" }`' });

const nullableNumber = z.number().nullable();

/** Where a series answer comes from. */
export const provenanceBody = z
  .object({
    source: z.string().meta({ description: 'the source adapter of the catalog entry: fred, cboe, yahoo, coinbase, eia, dfa, cftc, sec' }),
    origin: z.string().nullable().meta({ description: 'the URL or file the newest retrieval used, as stored with it' }),
    retrievedAt: z.string().nullable().meta({ description: 'newest retrieval (ISO timestamp) among the rows read, at or before as-of' }),
  })
  .meta({ id: 'Provenance' });

/** One series: the catalog entry, the window asked for, parallel dates and values, revisions and provenance. */
export const seriesBody = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    unit: z.string(),
    frequency: z.string(),
    source: z.string(),
    key: z.string(),
    group: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    asOf: z.string().nullable(),
    count: z.number().int(),
    dates: z.array(z.string()),
    values: z.array(nullableNumber).meta({ description: 'one per date; null where the source lists the date without a value' }),
    revisions: z.array(z.object({ date: z.string(), values: z.array(z.object({ value: nullableNumber, retrievedAt: z.string() })) })),
    laterVintages: z.string().nullable().meta({ description: 'set when no retrieval from before as-of was stored and later ones were used from their usual release dates' }),
    provenance: provenanceBody,
  })
  .meta({ id: 'Series', description: 'the same JSON as `flowlens series show --json`, with provenance' });

/** The catalog with what the store holds of each series (as `flowlens series list --json`). */
export const catalogBody = z
  .object({
    today: z.string(),
    series: z.array(
      z.looseObject({
        id: z.string(),
        title: z.string(),
        unit: z.string(),
        source: z.string(),
        firstDate: z.string().nullable(),
        lastDate: z.string().nullable(),
        count: z.number().int(),
        status: z.enum(['ok', 'stale', 'not synced', 'error']),
      }),
    ),
  })
  .meta({ id: 'Catalog' });

/** The report document of `flowlens report --json` (its full shape is in docs/ARCHITECTURE.md). */
export const reportBody = z
  .looseObject({
    asOf: z.string().nullable(),
    theses: z.array(z.looseObject({ id: z.string(), verdict: z.string() })),
    inputsAsOf: z.record(z.string(), z.string()),
  })
  .meta({ id: 'Report' });

/** `/healthz`. */
export const healthBody = z
  .object({
    ok: z.literal(true),
    seriesFiles: z.number().int(),
    lastWrite: z.string().nullable().meta({ description: 'newest write of the manifest or sync log (ISO), null for an empty store' }),
  })
  .meta({ id: 'Health' });
