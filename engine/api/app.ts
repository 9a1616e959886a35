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
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { BlankSchema } from 'hono/types';
import { dateReason, DATE_FORM, parseIsoDate } from '../calendar/index.ts';
import { claimProblemsBeyondSchema, describeJsonError, formatInputError, notAnObject, parseJsonText, schemaInputErrors, tooManyEvents, type InputError } from '../claim/index.ts';
import { requestBodyKind } from '../claim/request-body.ts';
import { checkReviewed, evaluateClaim, EvaluationError } from '../evaluate/index.ts';
import { validatorFor, validatorForDef } from '../rules/index.ts';
import type { Claim, Result } from '../types.generated.ts';
import { cors } from './cors.ts';
import { jsonLogger, type Logger } from './log.ts';
import { openApiDocument } from './openapi.ts';
import { buildLetter, LetterRefused, type Creditor, type Debtor, type Letter } from '../letters/letter.ts';
import { letterHtml } from '../letters/html.ts';
import { dueLetter, letterSteps } from '../letters/due.ts';
import { buildLedger, DEFAULT_ACCOUNTS, type Accounts } from '../ledger/ledger.ts';
import { findSamlesaker } from '../samlesak/samlesak.ts';
import { decodeUtf8 } from '../text/utf8.ts';
import { describeUtf16, utf16ByBom } from '../text/utf16.ts';
import { parameterValue, ruleSetInfo } from './parameter-value.ts';
import type { RuleVersions } from './versions.ts';

export const API_BASE = '/api/v1';
export const MAX_BATCH_CLAIMS = 1000;
/** Events in all the claims of one batch: bounds a batch's work and the size of its answer. */
export const MAX_BATCH_EVENTS = 20_000;
/** A trace is given only for batches this small (a traced result is about 20 times larger). */
export const MAX_TRACE_CLAIMS = 10;
/** How long a batch evaluates before it lets other requests in. */
const SLICE_MS = 10;

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
  /** The engine's version (the package's), said by health beside the rules' (a figure rests on both). */
  readonly engineVersion?: string | undefined;
  /**
   * Origins allowed to call the API from a browser (CORS). Empty (the default): no CORS headers,
   * so browsers refuse cross-origin calls. ['*'] allows any origin (the token still applies).
   */
  readonly corsOrigins?: readonly string[];
  /** Where requests and failures are logged (default: JSON lines on stderr at level info). */
  readonly log?: Logger;
}

/** What a request carries through the app: its id. */
export type ApiEnv = { Variables: { requestId: string } };

type Problem = { status: number; code: string; message: string; pointer?: string; problems?: InputError[]; rule?: string; date?: string; retryAfter?: number };

class ApiProblem extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.message);
    this.problem = problem;
  }
}

const send = (c: Context, { retryAfter, ...p }: Problem) => {
  if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
  return c.json(p, p.status as 400);
};

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
  // A compressed body read as text would be refused as "not valid UTF-8 at byte 0x8b": say what it is.
  const encoding = (c.req.header('content-encoding') ?? '').trim();
  if (encoding && encoding.toLowerCase() !== 'identity') {
    throw new ApiProblem({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: `send the body uncompressed, without Content-Encoding (not ${encoding})` });
  }
  const parsed = parseJsonText(await bodyText(c, maxBytes));
  if (!parsed.ok) {
    throw new ApiProblem(parsed.code === 'DUPLICATE_KEY'
      ? { status: 400, code: 'DUPLICATE_KEY', message: `the body gives a key twice: ${describeJsonError(parsed)}`, pointer: parsed.pointer ?? '' }
      : { status: 400, code: 'INVALID_JSON', message: `the body is not valid JSON: ${describeJsonError(parsed)}`, pointer: '' });
  }
  return parsed.value;
}

/** The rules have no value for a date the claim needs: 422 naming the rule and the date. */
const evaluationProblem = (e: EvaluationError, pointer?: string) => new ApiProblem({ status: 422, code: e.code, message: e.message, rule: e.rule, date: e.date, ...(pointer !== undefined ? { pointer } : {}) });

/**
 * A request whose one date is past the review horizon is refused as a whole (422 at that date's
 * field), before any claim is read: every claim in it would fail the same way.
 */
function checkHorizon(ruleSet: Parameters<typeof checkReviewed>[0], on: number, pointer: string): void {
  try {
    checkReviewed(ruleSet, on);
  } catch (e) {
    if (e instanceof EvaluationError) throw evaluationProblem(e, pointer);
    throw e;
  }
}

/** A request's claim with dates out of order or an amount of nothing: 400 with each pointer. */
function checkBeyondSchema(claim: Claim): void {
  const problems = claimProblemsBeyondSchema(claim, '/claim');
  if (problems.length) throw invalid(problems);
}

/** Which part of a letter request a refusal is about. */
const REFUSAL_POINTER: Record<LetterRefused['reason'], string> = { 'no-rule': '/step', 'missing-content': '/creditor', 'not-lawful': '/date' };

const tooLarge = (maxBytes: number) => new ApiProblem({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than ${maxBytes} bytes` });

/**
 * The body as text, refused with 413 past the limit: at once when Content-Length says so, or as
 * soon as a body streamed without a length goes past it. (With a length, the body is read by the
 * Node adapter's fast path, which does not build a web Request: it is most of a request's cost.)
 */
async function bodyText(c: Context, maxBytes: number): Promise<string> {
  const length = c.req.header('content-length');
  let bytes: Uint8Array;
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (!(Number(length) <= maxBytes)) throw tooLarge(maxBytes);
    bytes = new Uint8Array(await c.req.arrayBuffer());
  } else {
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
    bytes = Buffer.concat(chunks);
  }
  const utf16 = utf16ByBom(bytes);
  if (utf16) throw new ApiProblem({ status: 400, code: 'INVALID_UTF8', message: `the body is ${describeUtf16(utf16)}; JSON is sent as UTF-8 (RFC 8259)`, pointer: '' });
  const text = decodeUtf8(bytes);
  if (!text.ok) throw new ApiProblem({ status: 400, code: 'INVALID_UTF8', message: `the body is not valid UTF-8: line ${text.at.line}, column ${text.at.col} (byte 0x${text.byte.toString(16).padStart(2, '0')})`, pointer: '' });
  return text.text;
}

/**
 * 413 BATCH_TOO_LARGE when claims not yet checked (an item that is not a claim has no events) have
 * more events in all than one request may: counted before the schema check, which would cost more.
 */
function limitEvents(claims: unknown, message: (events: number) => string): void {
  if (!Array.isArray(claims)) return;
  let n = 0;
  for (const claim of claims) {
    const events = (claim as { events?: unknown } | null)?.events;
    if (Array.isArray(events)) n += events.length;
  }
  if (n > MAX_BATCH_EVENTS) throw new ApiProblem({ status: 413, code: 'BATCH_TOO_LARGE', message: message(n), pointer: '/claims' });
}

/** What each request wraps its claims in, for a body that is a claim by itself. */
const REQUEST_FORM: Readonly<Record<string, string>> = {
  evaluateRequest: '{ "claim": { … }, "asOf": "YYYY-MM-DD" }',
  ledgerRequest: '{ "claim": { … }, "asOf": "YYYY-MM-DD" }',
  letterRequest: '{ "claim": { … }, "step": "purring", "date": "YYYY-MM-DD" }',
  batchRequest: '{ "claims": [ { … } ], "asOf": "YYYY-MM-DD" }',
  lettersDueRequest: '{ "claims": [ { … } ], "date": "YYYY-MM-DD" }',
  samlesakRequest: '{ "claims": [ { … } ] }',
};

/** A body that is a claim by itself, not the request around it: its principal, no claim or claims. */
function bareClaim(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  return Object.hasOwn(body, 'principal') && !Object.hasOwn(body, 'claim') && !Object.hasOwn(body, 'claims');
}

function checkBody<T>(def: string, body: unknown): T {
  const validate = validatorForDef('api.schema.json', def);
  if (validate(body)) return body as T;
  // Said in one problem, not as every field of the claim the request does not know.
  const form = REQUEST_FORM[def];
  if (form && bareClaim(body)) throw invalid([{ code: 'INVALID_FIELD', pointer: '', message: `the body is a claim by itself; send it inside the request: ${form}` }]);
  throw invalid(schemaInputErrors(validate.errors));
}

export function createApi(o: ApiOptions): Hono<ApiEnv, BlankSchema, string> {
  const validateResponses = o.validateResponses ?? false;
  const log = o.log ?? jsonLogger((line) => process.stderr.write(line));
  const app = new Hono<ApiEnv>().basePath(API_BASE);
  const requestIdOf = (c: Context) => (c.get('requestId') as string | undefined) ?? '';

  // The request id, and one access line per request. The header is set before the handler runs,
  // so that c.json(), c.body() and the other helpers build the response with it. Set on a response
  // already built, it makes Hono rebuild the response as a web Response whose body is a stream,
  // which the Node adapter then writes from that stream. Under a CPU profile with load, `inkasso
  // serve` answered 2 016 evaluate requests a second that way and 5 564 this way. Every handler
  // answers through those helpers; a Response built by hand would lose the headers set here, and
  // gets the id after the fact, the slow way.
  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && /^[\w.:@-]{1,128}$/.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    const t0 = performance.now();
    await next();
    if (!c.res.headers.has('X-Request-Id')) c.header('X-Request-Id', id);
    log({ level: 'info', msg: 'request', requestId: id, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - t0) * 10) / 10 });
  });

  // After the request id, so that a preflight has one too and is logged.
  if (o.corsOrigins?.length) {
    app.use('*', cors({
      origins: o.corsOrigins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    }));
  }

  const checked = <T>(def: string | 'result', body: T, given?: ReturnType<typeof validatorForDef>): T => {
    if (!validateResponses) return body;
    const validate = given ?? (def === 'result' ? validatorFor('result.schema.json') : validatorForDef('api.schema.json', def));
    if (!validate(body)) throw new Error(`response does not match ${def}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    return body;
  };

  const rulesFor = (ref: string | undefined) => {
    const r = o.versions().resolve(ref);
    if (!r.ok && r.code === 'BUSY') throw new ApiProblem({ status: 503, code: r.code, message: r.message, retryAfter: 1 });
    if (!r.ok) throw new ApiProblem({ status: 404, code: r.code, message: r.message, pointer: '/rulesVersion' });
    return r;
  };

  const evaluateOne = (ruleSet: Parameters<typeof evaluateClaim>[0], claim: Claim, asOf: string, trace: boolean): Result => {
    try {
      return evaluateClaim(ruleSet, claim, { asOf, trace });
    } catch (e) {
      if (e instanceof EvaluationError) throw evaluationProblem(e);
      throw e;
    }
  };

  const maxBody = o.maxBodyBytes ?? 1 << 20;
  const maxBatchBody = o.maxBatchBodyBytes ?? 16 << 20;

  app.onError((e, c) => {
    if (e instanceof ApiProblem) return send(c, e.problem);
    if (clientGone(e, c)) {
      // The client went away while sending the body: nothing to answer, nothing broken here.
      log({ level: 'debug', msg: 'client closed the connection before its request was read', requestId: requestIdOf(c), method: c.req.method, path: c.req.path });
      return send(c, { status: 400, code: 'INVALID_JSON', message: 'the request body ended early' });
    }
    log({ level: 'error', msg: 'internal error', requestId: requestIdOf(c), method: c.req.method, path: c.req.path, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    return send(c, { status: 500, code: 'INTERNAL', message: 'the server failed to answer; the failure is logged' });
  });
  app.notFound((c) => send(c, { status: 404, code: 'NOT_FOUND', message: `no endpoint ${c.req.method} ${c.req.path}; GET ${API_BASE}/openapi.json describes them` }));

  if (o.token) {
    const expected = Buffer.from(o.token);
    app.use('*', async (c, next) => {
      if (c.req.path === `${API_BASE}/health` || c.req.path === `${API_BASE}/openapi.json`) return next();
      // The scheme is case-insensitive (RFC 7235: "Bearer", "bearer", "BEARER").
      const m = /^bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
      const given = Buffer.from(m?.[1] ?? '');
      // Compared in constant time (for equal lengths).
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        c.header('WWW-Authenticate', 'Bearer');
        return send(c, { status: 401, code: 'UNAUTHORIZED', message: 'send Authorization: Bearer <token>' });
      }
      return next();
    });
  }

  // The POST endpoints take all they need in the JSON body: an option put in the query instead
  // (?trace=true, ?rulesVersion=…) would be ignored without a word.
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const name = Object.keys(c.req.queries())[0];
      if (name !== undefined) throw new ApiProblem({ status: 400, code: 'UNKNOWN_FIELD', message: `unknown query parameter ${JSON.stringify(name.slice(0, 40))}: ${c.req.method} ${c.req.path} takes its fields in the JSON body`, pointer: '' });
    }
    return next();
  });

  app.get('/health', (c) => {
    const v = o.versions();
    return c.json(checked('health', { status: 'ok' as const, ...(o.engineVersion !== undefined ? { engineVersion: o.engineVersion } : {}), rulesVersion: v.latest.version, versions: v.list.length, uptimeSeconds: Math.round(o.uptime()) }));
  });

  app.get('/openapi.json', (c) => c.json(openApiDocument()));

  app.post('/evaluate', async (c) => {
    const raw = await jsonBody(c, maxBody);
    const tooMany = tooManyEvents((raw as { claim?: { events?: unknown } } | null)?.claim, '/claim');
    if (tooMany) throw invalid([tooMany]);
    const body = checkBody<{ claim: Claim; asOf: string; rulesVersion?: string; trace?: boolean }>('evaluateRequest', raw);
    checkBeyondSchema(body.claim);
    const { ruleSet } = rulesFor(body.rulesVersion);
    return c.json(checked('result', evaluateOne(ruleSet, body.claim, body.asOf, body.trace ?? false)));
  });

  app.post('/evaluate/batch', async (c) => {
    const body = checkBody<{ claims: unknown[]; asOf: string; rulesVersion?: string; trace?: boolean }>('batchRequest', await jsonBody(c, maxBatchBody));
    const trace = body.trace ?? false;
    if (trace && body.claims.length > MAX_TRACE_CLAIMS) {
      throw new ApiProblem({ status: 400, code: 'INVALID_FIELD', message: `trace is given only for batches of at most ${MAX_TRACE_CLAIMS} claims (this one has ${body.claims.length}); send the claims to explain to /evaluate or in a small batch`, pointer: '/trace' });
    }
    limitEvents(body.claims, (events) => `the batch has ${events} events in all; a batch may have at most ${MAX_BATCH_EVENTS} (split it into smaller batches)`);
    const { ruleSet } = rulesFor(body.rulesVersion);
    checkHorizon(ruleSet, parseIsoDate(body.asOf)!, '/asOf');
    const validateClaim = validatorFor('claim.schema.json');
    const validateItem = validateResponses ? validatorForDef('api.schema.json', 'batchItem') : undefined;
    const counts = { ok: 0, invalid: 0, failed: 0 };
    const outcome = (claim: unknown, index: number) => {
      const id = (claim as { id?: unknown } | null)?.id;
      const claimId = typeof id === 'string' && id.length <= 200 ? { claimId: id } : {};
      const at = `/claims/${index}`;
      const shape = notAnObject(claim, at);
      const errors = shape ? [shape] : validateClaim(claim)
        ? claimProblemsBeyondSchema(claim as Claim, at)
        : requestBodyKind(claim) === 'claim'
          ? [{ code: 'INVALID_FIELD' as const, pointer: at, message: 'the item is the body of a request ({ "claim": …, "asOf": … }); a batch lists the claims themselves: the value of "claim"' }]
          : schemaInputErrors(validateClaim.errors).map((e) => ({ ...e, pointer: `${at}${e.pointer}` }));
      if (errors.length) {
        counts.invalid++;
        const { problem } = invalid(errors);
        return { index, ...claimId, status: 'invalid' as const, error: problem };
      }
      try {
        const result = evaluateOne(ruleSet, claim as Claim, body.asOf, trace);
        counts.ok++;
        return { index, ...claimId, status: 'ok' as const, result };
      } catch (e) {
        counts.failed++;
        if (e instanceof ApiProblem) return { index, ...claimId, status: 'failed' as const, error: { ...e.problem, pointer: at } };
        log({ level: 'error', msg: `batch claim ${index} failed`, requestId: requestIdOf(c), error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        return { index, ...claimId, status: 'failed' as const, error: { status: 500, code: 'INTERNAL', message: 'the server failed to evaluate this claim; the failure is logged', pointer: at } };
      }
    };
    // Streamed as it is computed, a slice at a time: the event loop answers other requests (health)
    // between slices, and a slow reader holds the evaluation back instead of filling memory.
    const encoder = new TextEncoder();
    let next = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`{"rulesVersion":${JSON.stringify(ruleSet.version)},"asOf":${JSON.stringify(body.asOf)},"results":[`));
      },
      pull(controller) {
        const until = performance.now() + SLICE_MS;
        const parts: string[] = [];
        while (next < body.claims.length && (parts.length === 0 || performance.now() < until)) {
          const item = checked('batchItem', outcome(body.claims[next], next), validateItem);
          parts.push(`${next === 0 ? '' : ','}${JSON.stringify(item)}`);
          next++;
        }
        if (next === body.claims.length) parts.push(`],"counts":${JSON.stringify(counts)}}`);
        controller.enqueue(encoder.encode(parts.join('')));
        if (next === body.claims.length) controller.close();
        return new Promise<void>((resolve) => setImmediate(resolve));
      },
    }, { highWaterMark: 0 });
    return c.body(stream, 200, { 'content-type': 'application/json' });
  });

  app.post('/letters', async (c) => {
    const body = checkBody<{ claim: Claim; step: string; date: string; creditor?: Creditor; debtor?: Debtor; force?: boolean; format?: 'json' | 'html' | 'pdf'; rulesVersion?: string }>('letterRequest', await jsonBody(c, maxBody));
    checkBeyondSchema(body.claim);
    const { ruleSet } = rulesFor(body.rulesVersion);
    let letter: Letter;
    try {
      letter = buildLetter(ruleSet, body.claim, { step: body.step, date: body.date, ...(body.creditor ? { creditor: body.creditor } : {}), ...(body.debtor ? { debtor: body.debtor } : {}), force: body.force ?? false });
    } catch (e) {
      if (e instanceof LetterRefused) throw new ApiProblem({ status: 422, code: 'LETTER_REFUSED', message: e.message, pointer: REFUSAL_POINTER[e.reason] });
      if (e instanceof EvaluationError) throw evaluationProblem(e);
      throw e;
    }
    if (body.format === 'html') return c.html(letterHtml(letter));
    if (body.format === 'pdf') {
      // PDFKit is loaded with the first PDF asked for, not with every server process.
      const { letterPdf, PdfCannotPrint } = await import('../letters/pdf.ts');
      let pdf: Buffer;
      try {
        pdf = await letterPdf(letter);
      } catch (e) {
        // A name the PDF would print as empty boxes (or backwards): the field, and that HTML has it.
        if (e instanceof PdfCannotPrint) throw invalid([{ code: 'INVALID_FIELD', pointer: e.where || '/format', message: `${e.message} (format "html")` }]);
        throw e;
      }
      return c.body(new Uint8Array(pdf), 200, { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${letter.letter}-${letter.claimId.replace(/[^\w.-]/g, '_')}.pdf"` });
    }
    const { result: _result, ...json } = letter;
    return c.json(checked('letter', json));
  });

  app.post('/letters/due', async (c) => {
    const raw = await jsonBody(c, maxBatchBody);
    limitEvents((raw as { claims?: unknown } | null)?.claims, (events) => `the claims have ${events} events in all; at most ${MAX_BATCH_EVENTS} may be checked together (split them)`);
    const body = checkBody<{ claims: Claim[]; date: string; step?: string; creditor?: Creditor; debtors?: Record<string, Debtor>; rulesVersion?: string }>('lettersDueRequest', raw);
    const problems = body.claims.flatMap((claim, i) => claimProblemsBeyondSchema(claim, `/claims/${i}`));
    if (problems.length) throw invalid(problems);
    const { ruleSet } = rulesFor(body.rulesVersion);
    if (body.step !== undefined && !letterSteps(ruleSet).includes(body.step)) {
      throw new ApiProblem({ status: 400, code: 'INVALID_FIELD', message: `step must be one of ${letterSteps(ruleSet).join(', ')}, not ${JSON.stringify(body.step)}`, pointer: '/step' });
    }
    checkHorizon(ruleSet, parseIsoDate(body.date)!, '/date');
    const options = { ...(body.step ? { step: body.step } : {}), ...(body.creditor ? { creditor: body.creditor } : {}), ...(body.debtors ? { debtors: new Map(Object.entries(body.debtors)) } : {}) };
    const out = { date: body.date, rulesVersion: ruleSet.version, due: [] as object[], notDue: [] as object[], refused: [] as object[] };
    // A letter takes about a millisecond: computed in slices, the event loop answers other requests
    // (health) between them.
    for (let index = 0; index < body.claims.length;) {
      const until = performance.now() + SLICE_MS;
      do {
        const claim = body.claims[index]!;
        const d = dueLetter(ruleSet, claim, body.date, options);
        if (d.kind === 'letter') {
          const { result: _result, ...letter } = d.letter;
          out.due.push({ index, claimId: claim.id, step: letter.letter, letter });
        } else if (d.kind === 'not-due') out.notDue.push({ index, claimId: claim.id, ...d.notDue });
        else out.refused.push({ index, claimId: claim.id, ...(d.step ? { step: d.step } : {}), reason: d.reason, message: d.message });
        index++;
      } while (index < body.claims.length && performance.now() < until);
      if (index < body.claims.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return c.json(checked('lettersDue', out));
  });

  app.post('/ledger', async (c) => {
    const body = checkBody<{ claim: Claim; asOf: string; accounts?: Partial<Accounts>; rulesVersion?: string }>('ledgerRequest', await jsonBody(c, maxBody));
    checkBeyondSchema(body.claim);
    const { ruleSet } = rulesFor(body.rulesVersion);
    try {
      return c.json(checked('ledger', buildLedger(ruleSet, body.claim, body.asOf, { ...DEFAULT_ACCOUNTS, ...body.accounts })));
    } catch (e) {
      if (e instanceof EvaluationError) throw evaluationProblem(e);
      throw e;
    }
  });

  app.post('/samlesak', async (c) => {
    const raw = await jsonBody(c, maxBatchBody);
    limitEvents((raw as { claims?: unknown } | null)?.claims, (events) => `the claims have ${events} events in all; at most ${MAX_BATCH_EVENTS} may be checked together (send each creditor's and debtor's claims on their own)`);
    const body = checkBody<{ claims: Claim[]; asOf?: string; rulesVersion?: string }>('samlesakRequest', raw);
    const problems = body.claims.flatMap((claim, i) => claimProblemsBeyondSchema(claim, `/claims/${i}`));
    if (problems.length) throw invalid(problems);
    const { ruleSet } = rulesFor(body.rulesVersion);
    const asOf = body.asOf === undefined ? undefined : parseIsoDate(body.asOf)!;
    if (asOf !== undefined) checkHorizon(ruleSet, asOf, '/asOf');
    return c.json(checked('samlesak-report', findSamlesaker(ruleSet, body.claims, asOf === undefined ? { kind: 'event' } : { kind: 'fixed', day: asOf }), validateResponses ? validatorFor('samlesak-report.schema.json') : undefined));
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
    // The one query parameter, once: a misspelt one (?dato=, ?Date=) would otherwise answer with
    // today's value as if it were the day asked for.
    const query = c.req.queries();
    for (const [name, values] of Object.entries(query)) {
      if (name !== 'date') throw new ApiProblem({ status: 400, code: 'UNKNOWN_FIELD', message: `unknown query parameter ${JSON.stringify(name.slice(0, 40))} (allowed: date)`, pointer: '' });
      if (values.length > 1) throw new ApiProblem({ status: 400, code: 'INVALID_FIELD', message: `date is given ${values.length} times; give it once`, pointer: '' });
    }
    const date = query.date?.[0] ?? o.today();
    const day = parseIsoDate(date);
    if (day === undefined) throw new ApiProblem({ status: 400, code: 'INVALID_FIELD', message: `date ${DATE_FORM}, not ${JSON.stringify(date.slice(0, 40))}${dateReason(date)}`, pointer: '' });
    const id = c.req.param('id');
    // A value open to further notice is only known to hold up to the review horizon.
    checkHorizon(ruleSet, day, '');
    const r = parameterValue(ruleSet, id, day);
    if (!r.ok) throw new ApiProblem({ status: 404, code: r.code, message: r.message });
    return c.json(checked('parameterValue', r.value));
  });

  // A known path with another method: 405, not 404.
  for (const path of ['/health', '/openapi.json', '/rules', '/rules/:version', '/rules/:version/parameters/:id', '/evaluate', '/evaluate/batch', '/letters', '/ledger']) {
    app.all(path, (c) => {
      c.header('Allow', path.startsWith('/evaluate') || path === '/letters' || path === '/ledger' ? 'POST' : 'GET');
      return send(c, { status: 405, code: 'METHOD_NOT_ALLOWED', message: `${c.req.method} is not allowed on ${c.req.path}` });
    });
  }
  return app;
}

/** Whether a failure is the client aborting its request (the socket closed mid-body). */
function clientGone(e: unknown, c: Context): boolean {
  if (c.req.raw.signal?.aborted) return true;
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  return err?.name === 'AbortError' || err?.code === 'ECONNRESET' || err?.code === 'ERR_STREAM_PREMATURE_CLOSE' || err?.cause?.code === 'ECONNRESET' || /aborted|premature close/i.test(err?.message ?? '');
}

function versionParam(v: string): string {
  if (!/^(latest|[0-9a-f]{8,64})$/.test(v)) {
    throw new ApiProblem({ status: 404, code: 'UNKNOWN_RULES_VERSION', message: `a rules version is "latest" or at least 8 hex digits of its hash, not ${JSON.stringify(v.slice(0, 80))}` });
  }
  return v;
}
