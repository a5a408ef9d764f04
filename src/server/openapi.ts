import { z } from 'zod';
import { JSON_TYPE, type AppRoute } from './routes.ts';
import { errorBody } from './schemas.ts';

type Json = Record<string, unknown>;

/** `/api/series/:id` → `/api/series/{id}` (OpenAPI's path template). */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

/** JSON Schemas of zod schemas, named ones (`.meta({ id })`) collected once under components. */
class SchemaSet {
  readonly components: Record<string, Json> = {};

  private clean(j: Json): Json {
    const rest = { ...j };
    const $defs = rest.$defs;
    delete rest.$schema;
    delete rest.$id;
    delete rest.$defs;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, Json>)) this.components[id] ??= this.relink(def);
    return this.relink(rest);
  }

  private relink(j: Json): Json {
    return JSON.parse(JSON.stringify(j).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  }

  /** The schema of `s` (a body the API sends), or a $ref to it when it has an id. */
  body(s: z.ZodType): Json {
    const out = this.clean(z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }) as Json);
    const id = z.globalRegistry.get(s)?.id;
    if (id === undefined) return out;
    this.components[id] ??= out;
    return { $ref: `#/components/schemas/${id}` };
  }

  /** The schema of a query parameter as a client sends it (a string). */
  param(s: z.ZodType): Json {
    return this.clean(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json);
  }
}

/** Headers of every 200. */
const CACHE_HEADERS: Readonly<Record<string, Json>> = {
  ETag: { description: 'strong tag of the body (`"…-gz"` for the gzipped variant); send it back as If-None-Match to get 304', schema: { type: 'string' } },
  'Content-Encoding': { description: 'gzip when the body is over 1 kB and the request accepted gzip', schema: { type: 'string' } },
};

/** Errors any route can answer, besides its own. */
const COMMON_ERRORS: Readonly<Record<number, string>> = {
  401: 'the server was started with a token and the request did not carry it (`Authorization: Bearer TOKEN` or `?token=TOKEN`)',
  414: 'the request target is longer than 2048 characters',
  421: 'on a loopback bind, a Host header that does not name this machine (DNS rebinding guard)',
  503: 'busy (8 requests in progress and 64 waiting; retry after a second), or the store is empty or a series damaged',
};

/**
 * The OpenAPI 3.1 document of `routes`: every path with its GET (HEAD answers the same headers),
 * its path and query parameters (the zod schemas the routes parse with, as JSON Schema), its own
 * answers and the common errors, all `{ error }`. Written from the route table, so a route added
 * there is documented without another change.
 */
export function openApiDocument(routes: readonly AppRoute[], version: string): Json {
  const schemas = new SchemaSet();
  const error = { description: '', content: { [JSON_TYPE]: { schema: schemas.body(errorBody) } } };
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    // The first route of a path answers it (hono's order): the dashboard's `/` before the report's.
    if (paths[openApiPath(r.path)]) continue;
    const parameters: Json[] = [];
    for (const [name, p] of Object.entries(r.params ?? {})) parameters.push({ name, in: 'path', required: true, description: p.description, schema: { type: 'string' }, example: p.example });
    for (const [name, field] of Object.entries((r.query?.shape ?? {}) as Record<string, z.ZodType>)) {
      const { description, ...schema } = schemas.param(field);
      parameters.push({ name, in: 'query', required: !field.safeParse(undefined).success, ...(description ? { description } : {}), schema });
    }
    const responses: Record<string, Json> = {};
    for (const [status, answer] of Object.entries(r.responses)) {
      const content: Record<string, Json> = {};
      for (const [type, schema] of Object.entries(answer.content)) content[type] = schema ? { schema: schemas.body(schema) } : { schema: { type: 'string' } };
      const headers: Record<string, Json> = status === '200' ? { ...CACHE_HEADERS } : {};
      for (const [name, description] of Object.entries(answer.headers ?? {})) headers[name] = { description, schema: { type: 'string' } };
      responses[status] = { description: answer.description, content, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
    }
    responses['304'] = { description: 'not modified: If-None-Match named the current ETag (no body)' };
    if (r.query) responses['400'] ??= { ...error, description: 'a query parameter with a bad value; the error names it' };
    if (r.params || r.path === '/api/series') responses['404'] = { ...error, description: 'an unknown series id, or one with no data stored' };
    for (const [status, description] of Object.entries(COMMON_ERRORS)) responses[status] = { ...error, description };
    paths[openApiPath(r.path)] = {
      get: { summary: r.summary, ...(r.description ? { description: r.description } : {}), ...(parameters.length > 0 ? { parameters } : {}), responses },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'flowlens serve',
      version,
      description: 'Read-only HTTP API over a flowlens store: the dashboard pages (when `flowlens serve` runs them), the report, the series catalog and point-in-time series. GET and HEAD only; answers carry a strong ETag (If-None-Match gives 304) and are gzipped over 1 kB when the client accepts it.',
    },
    servers: [{ url: '/' }],
    // Optional on loopback without a token; required when the server was started with one.
    security: [{}, { bearer: [] }, { token: [] }],
    paths,
    components: {
      schemas: schemas.components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'the token given to `flowlens serve --token` or FLOWLENS_TOKEN' },
        token: { type: 'apiKey', in: 'query', name: 'token', description: 'the same token in the URL, for a browser; the answer sets a cookie so links and assets need not repeat it' },
      },
    },
  };
}
