/**
 * The HTTP API for integrators (/api/v1), as a Hono app: evaluate one claim or a batch, list the
 * published rule versions, read a parameter's value on a date, health, and the OpenAPI document.
 * Request bodies are checked against schemas/api.schema.json (which embeds claim.schema.json), the
 * same schemas the CLI uses; responses against result.schema.json and api.schema.json when
 * validateResponses is on (always in the tests; INKASSO_API_CHECK_RESPONSES=1 at run time).
 * Every error is JSON: { status, code, message, pointer?, problems? }. Nothing a client sends
 * reaches a stack trace: unexpected failures answer 500 INTERNAL and go to the log.
 *
 * The app runs in `inkasso serve` (engine/api/serve.ts) and inside the editor's server.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { parseIsoDate } from '../calendar/index.ts';
import { claimDateProblems, describeJsonError, formatInputError, parseJsonText, schemaInputErrors, type InputError } from '../claim/index.ts';
import { checkReviewed, evaluateClaim, EvaluationError } from '../evaluate/index.ts';
import { validatorFor, validatorForDef } from '../rules/index.ts';
import type { Claim, Result } from '../types.generated.ts';
import { openApiDocument } from './openapi.ts';
import { parameterValue, ruleSetInfo } from './parameter-value.ts';
import type { RuleVersions } from './versions.ts';

export const API_BASE = '/api/v1';
export const MAX_BATCH_CLAIMS = 1000;

export interface ApiOptions {
  /** The rule versions to serve; called per request, so that a newly published version is seen. */
  readonly versions: () => RuleVersions;
  /** When set, every endpoint but health and the OpenAPI document needs `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Body limits in bytes (defaults: 1 MiB for one claim, 16 MiB for a batch). */
  readonly maxBodyBytes?: number;
  readonly maxBatchBodyBytes?: number;
  /**
   * Check every response against its schema before sending it (default false: the test suite
   * checks every response it gets; at run time the check costs about a quarter of the throughput).
   */
  readonly validateResponses?: boolean;
  /** Today's date (YYYY-MM-DD) in Norway, for a parameter read without ?date=. */
  readonly today: () => string;
  /** Seconds since the server started. */
  readonly uptime: () => number;
  /** Where unexpected failures are logged. */
  readonly log?: (message: string) => void;
}

type Problem = { status: number; code: string; message: string; pointer?: string; problems?: InputError[]; rule?: string; date?: string };

class ApiProblem extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.message);
    this.problem = problem;
  }
}

const send = (c: Context, p: Problem) => c.json(p, p.status as 400);

/** A problem from the input errors of a request: the first names the field, all are listed. */
function invalid(errors: readonly InputError[]): ApiProblem {
  const first = errors[0]!;
  return new ApiProblem({
    status: 400,
    code: first.code,
    message: errors.length === 1 ? formatInputError(first) : `${formatInputError(first)} (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})`,
    pointer: first.pointer,
    problems: errors.slice(0, 100).map((e) => ({ code: e.code, pointer: e.pointer, message: e.message })),
  });
}

async function jsonBody(c: Context, maxBytes: number): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiProblem({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: `send the body as JSON with Content-Type: application/json${type ? `, not ${type}` : ''}` });
  }
  const parsed = parseJsonText(await bodyText(c, maxBytes));
  if (!parsed.ok) throw new ApiProblem({ status: 400, code: 'INVALID_JSON', message: `the body is not valid JSON: ${describeJsonError(parsed)}`, pointer: '' });
  return parsed.value;
}

const tooLarge = (maxBytes: number) => new ApiProblem({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than ${maxBytes} bytes` });

/**
 * The body as text, refused with 413 past the limit: at once when Content-Length says so, or as
 * soon as a body streamed without a length goes past it. (With a length, the body is read by the
 * Node adapter's fast path, which does not build a web Request: it is most of a request's cost.)
 */
async function bodyText(c: Context, maxBytes: number): Promise<string> {
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (!(Number(length) <= maxBytes)) throw tooLarge(maxBytes);
    return c.req.text();
  }
  const reader = c.req.raw.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      void reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function checkBody<T>(def: string, body: unknown): T {
  const validate = validatorForDef('api.schema.json', def);
  if (!validate(body)) throw invalid(schemaInputErrors(validate.errors));
  return body as T;
}

export function createApi(o: ApiOptions): Hono {
  const validateResponses = o.validateResponses ?? false;
  const log = o.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const app = new Hono().basePath(API_BASE);

  const checked = <T>(def: string | 'result', body: T): T => {
    if (!validateResponses) return body;
    const validate = def === 'result' ? validatorFor('result.schema.json') : validatorForDef('api.schema.json', def);
    if (!validate(body)) throw new Error(`response does not match ${def}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    return body;
  };

  const rulesFor = (ref: string | undefined) => {
    const r = o.versions().resolve(ref);
    if (!r.ok) throw new ApiProblem({ status: 404, code: r.code, message: r.message, pointer: '/rulesVersion' });
    return r;
  };

  const evaluateOne = (ruleSet: Parameters<typeof evaluateClaim>[0], claim: Claim, asOf: string, trace: boolean): Result => {
    try {
      return evaluateClaim(ruleSet, claim, { asOf, trace });
    } catch (e) {
      if (e instanceof EvaluationError) throw new ApiProblem({ status: 422, code: e.code, message: e.message, rule: e.rule, date: e.date });
      throw e;
    }
  };

  const maxBody = o.maxBodyBytes ?? 1 << 20;
  const maxBatchBody = o.maxBatchBodyBytes ?? 16 << 20;

  app.onError((e, c) => {
    if (e instanceof ApiProblem) return send(c, e.problem);
    log(`inkasso api: ${c.req.method} ${c.req.path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return send(c, { status: 500, code: 'INTERNAL', message: 'the server failed to answer; the failure is logged' });
  });
  app.notFound((c) => send(c, { status: 404, code: 'NOT_FOUND', message: `no endpoint ${c.req.method} ${c.req.path}; GET ${API_BASE}/openapi.json describes them` }));

  if (o.token) {
    const expected = Buffer.from(`Bearer ${o.token}`);
    app.use('*', async (c, next) => {
      if (c.req.path === `${API_BASE}/health` || c.req.path === `${API_BASE}/openapi.json`) return next();
      const given = Buffer.from(c.req.header('authorization') ?? '');
      // Compared in constant time (for equal lengths).
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        c.header('WWW-Authenticate', 'Bearer');
        return send(c, { status: 401, code: 'UNAUTHORIZED', message: 'send Authorization: Bearer <token>' });
      }
      return next();
    });
  }

  app.get('/health', (c) => {
    const v = o.versions();
    return c.json(checked('health', { status: 'ok' as const, rulesVersion: v.latest.version, versions: v.list.length, uptimeSeconds: Math.round(o.uptime()) }));
  });

  app.get('/openapi.json', (c) => c.json(openApiDocument()));

  app.post('/evaluate', async (c) => {
    const body = checkBody<{ claim: Claim; asOf: string; rulesVersion?: string; trace?: boolean }>('evaluateRequest', await jsonBody(c, maxBody));
    const dates = claimDateProblems(body.claim, '/claim');
    if (dates.length) throw invalid(dates);
    const { ruleSet } = rulesFor(body.rulesVersion);
    return c.json(checked('result', evaluateOne(ruleSet, body.claim, body.asOf, body.trace ?? false)));
  });

  app.post('/evaluate/batch', async (c) => {
    const body = checkBody<{ claims: unknown[]; asOf: string; rulesVersion?: string; trace?: boolean }>('batchRequest', await jsonBody(c, maxBatchBody));
    const { ruleSet } = rulesFor(body.rulesVersion);
    const validateClaim = validatorFor('claim.schema.json');
    const counts = { ok: 0, invalid: 0, failed: 0 };
    const results = body.claims.map((claim, index) => {
      const id = (claim as { id?: unknown }).id;
      const claimId = typeof id === 'string' && id.length <= 200 ? { claimId: id } : {};
      const at = `/claims/${index}`;
      const errors = validateClaim(claim)
        ? claimDateProblems(claim as Claim, at)
        : schemaInputErrors(validateClaim.errors).map((e) => ({ ...e, pointer: `${at}${e.pointer}` }));
      if (errors.length) {
        counts.invalid++;
        const { problem } = invalid(errors);
        return { index, ...claimId, status: 'invalid' as const, error: problem };
      }
      try {
        const result = evaluateOne(ruleSet, claim as Claim, body.asOf, body.trace ?? false);
        counts.ok++;
        return { index, ...claimId, status: 'ok' as const, result };
      } catch (e) {
        if (!(e instanceof ApiProblem)) throw e;
        counts.failed++;
        return { index, ...claimId, status: 'failed' as const, error: { ...e.problem, pointer: at } };
      }
    });
    return c.json(checked('batchResponse', { rulesVersion: ruleSet.version, asOf: body.asOf, counts, results }));
  });

  app.get('/rules', (c) => {
    const v = o.versions();
    return c.json(checked('ruleVersions', { latest: v.latest.version, versions: v.list }));
  });

  app.get('/rules/:version', (c) => {
    const { info, ruleSet } = rulesFor(versionParam(c.req.param('version')));
    return c.json(checked('ruleSetInfo', ruleSetInfo(ruleSet, info)));
  });

  app.get('/rules/:version/parameters/:id', (c) => {
    const { ruleSet } = rulesFor(versionParam(c.req.param('version')));
    const date = c.req.query('date') ?? o.today();
    const day = parseIsoDate(date);
    if (day === undefined) throw new ApiProblem({ status: 400, code: 'INVALID_FIELD', message: `date must be a date (YYYY-MM-DD), not ${JSON.stringify(date.slice(0, 40))}`, pointer: '' });
    const id = c.req.param('id');
    // A value open to further notice is only known to hold up to the review horizon.
    try {
      checkReviewed(ruleSet, day);
    } catch (e) {
      if (e instanceof EvaluationError) throw new ApiProblem({ status: 422, code: e.code, message: e.message, rule: e.rule, date: e.date });
      throw e;
    }
    const r = parameterValue(ruleSet, id, day);
    if (!r.ok) throw new ApiProblem({ status: 404, code: r.code, message: r.message });
    return c.json(checked('parameterValue', r.value));
  });

  // A known path with another method: 405, not 404.
  for (const path of ['/health', '/openapi.json', '/rules', '/rules/:version', '/rules/:version/parameters/:id', '/evaluate', '/evaluate/batch']) {
    app.all(path, (c) => {
      c.header('Allow', path.startsWith('/evaluate') ? 'POST' : 'GET');
      return send(c, { status: 405, code: 'METHOD_NOT_ALLOWED', message: `${c.req.method} is not allowed on ${c.req.path}` });
    });
  }
  return app;
}

function versionParam(v: string): string {
  if (!/^(latest|[0-9a-f]{8,64})$/.test(v)) {
    throw new ApiProblem({ status: 404, code: 'UNKNOWN_RULES_VERSION', message: `a rules version is "latest" or at least 8 hex digits of its hash, not ${JSON.stringify(v.slice(0, 80))}` });
  }
  return v;
}
