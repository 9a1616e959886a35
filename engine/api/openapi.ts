/**
 * The OpenAPI 3.1 document of the HTTP API, built from the same JSON Schemas the API validates
 * with, bundled so that every $ref resolves inside the document: each schema definition the API
 * uses becomes one entry of components.schemas (Claim, Result, EvaluateRequest, IsoDate, …), its
 * references rewritten to #/components/schemas/…, and no $id is left for a client generator to
 * fetch. A copy is checked in as docs/openapi.json (npm run gen:openapi); a test keeps it equal
 * to this, lints it with Redocly and generates a typed client from it with openapi-typescript.
 */
import { schemas } from '../rules/index.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const BASE = 'https://inkassomotor.no/schemas/';
const pascal = (name: string) => name.replace(/(^|[_-])([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());

/**
 * Bundles the schemas the API uses into components: the roots Claim and Result and every $def
 * reached from them or from the API's own definitions.
 */
function bundle(): { components: Record<string, Json>; ref: (file: string, def?: string) => { $ref: string } } {
  const byFile = new Map<string, Record<string, Json>>(Object.entries(schemas).map(([file, schema]) => [file, schema as unknown as Record<string, Json>]));
  const names = new Map<string, string>(); // "file#def" → component name
  const components: Record<string, Json> = {};
  const taken = new Set<string>();
  const nameFor = (file: string, def: string | undefined): string => {
    const key = `${file}#${def ?? ''}`;
    let name = names.get(key);
    if (name) return name;
    // A property of a root (result.schema.json#/properties/trace) is named after both: ResultTrace.
    const property = def?.startsWith('properties/') ? def.slice('properties/'.length) : undefined;
    const fileName = pascal(file.replace('.schema.json', ''));
    const base = property ? `${fileName}${pascal(property)}` : def ? pascal(def) : fileName;
    name = taken.has(base) ? `${fileName}${base}` : base;
    taken.add(name);
    names.set(key, name);
    const schema = byFile.get(file);
    if (!schema) throw new Error(`openapi: no schema ${file}`);
    const target = property ? (schema.properties as Record<string, Json>)[property] : def ? (schema.$defs as Record<string, Json>)[def] : schema;
    if (target === undefined) throw new Error(`openapi: no definition ${def} in ${file}`);
    components[name] = {}; // reserved before the walk, for references that come back to it
    components[name] = rewrite(target, file, true);
    return name;
  };
  /** A copy of a schema with its references rewritten; the root loses $id, $schema and $defs. */
  const rewrite = (node: Json, file: string, root: boolean): Json => {
    if (Array.isArray(node)) return node.map((x) => rewrite(x, file, false));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(node)) {
      if (root && (k === '$id' || k === '$schema' || k === '$defs')) continue;
      if (k === '$ref' && typeof v === 'string') {
        out.$ref = `#/components/schemas/${resolveRef(v, file)}`;
        continue;
      }
      out[k] = rewrite(v, file, false);
    }
    return out;
  };
  const resolveRef = (ref: string, file: string): string => {
    const [path, pointer = ''] = (ref.startsWith(BASE) ? ref.slice(BASE.length) : ref).split('#');
    const target = path || file;
    const m = /^\/\$defs\/([^/]+)$/.exec(pointer);
    const property = /^\/properties\/([^/]+)$/.exec(pointer);
    if (pointer && !m && !property) throw new Error(`openapi: cannot bundle the reference ${ref} in ${file}`);
    return nameFor(target, property ? `properties/${property[1]}` : m?.[1]);
  };
  const ref = (file: string, def?: string) => ({ $ref: `#/components/schemas/${nameFor(file, def)}` });
  return { components, ref };
}

const versionParam = { name: 'version', in: 'path', required: true, description: 'A content hash, a unique prefix of at least 8 hex digits, or "latest".', schema: { type: 'string', pattern: '^(latest|[0-9a-f]{8,64})$' } };

export function openApiDocument() {
  const { components, ref: componentRef } = bundle();
  const ref = (def: string) => componentRef('api.schema.json', def);
  const RESULT = componentRef('result.schema.json');
  const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
  const error = (description: string) => json(ref('error'), description);
  const ERRORS = {
    '400': error('The body or a parameter is not valid: code INVALID_JSON, DUPLICATE_KEY, INVALID_UTF8, INVALID_FIELD, UNKNOWN_FIELD or DATE_ORDER, with the JSON pointer of the first bad field and every problem in problems.'),
    '401': error('A token is configured and the request has none, or the wrong one (UNAUTHORIZED).'),
    '404': error('No such rules version (UNKNOWN_RULES_VERSION), parameter (UNKNOWN_PARAMETER) or endpoint (NOT_FOUND).'),
    '500': error('The server failed (INTERNAL); the failure is logged, the request can be retried.'),
    '503': error('Older rule versions are being rebuilt at the limit of a few a second (BUSY); retry after a second.'),
  };
  const BODY_ERRORS = {
    ...ERRORS,
    '413': error('The body is over the limit (PAYLOAD_TOO_LARGE), or a batch has more events than allowed (BATCH_TOO_LARGE).'),
    '415': error('The body is not sent as application/json, or is sent compressed (Content-Encoding) (UNSUPPORTED_MEDIA_TYPE).'),
  };
  const document = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Inkassomotor API',
      version: '1.0.0',
      license: { name: 'Proprietary; all rights reserved', identifier: 'LicenseRef-Inkassomotor-Proprietary' },
      description: [
        'Evaluates Norwegian inkasso claims against versioned rules: forsinkelsesrente per rate period, the fees allowed against those charged, violations with their hjemmel, the next lawful step and its earliest date, and a trace of every figure.',
        'Amounts are decimal strings in kroner with two decimals; dates are calendar dates (YYYY-MM-DD). Every result carries the rules version (content hash) it was computed with; pin one with rulesVersion to get the same figures later.',
        'When the server is started with a token (INKASSO_API_TOKEN), send Authorization: Bearer <token> on every endpoint but health and this document.',
        'Limits: a body of at most 1 MiB (one claim) or 16 MiB (a batch); a batch of at most 1000 claims and 20 000 events in all, with a trace only for at most 10 claims. Every response carries X-Request-Id (the one sent, or a new one).',
      ].join('\n\n'),
    },
    servers: [{ url: '/api/v1' }],
    components: {
      schemas: components as Record<string, Json>,
      securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'Only when the server has a token (INKASSO_API_TOKEN).' } },
    },
    security: [{}, { token: [] }],
    paths: {
      '/evaluate': {
        post: {
          operationId: 'evaluate',
          summary: 'Evaluate one claim as of a date',
          requestBody: { required: true, ...json(ref('evaluateRequest'), 'The claim, the as-of date, and optionally the rules version and trace. At most 1 MiB.') },
          responses: {
            '200': json(RESULT, 'The result (result.schema.json).'),
            ...BODY_ERRORS,
            '422': error('The rules have no value for a date the claim needs (RULE_VALUE_MISSING, with rule and date), no step rule governs an event (NO_STEP_RULE), or the date is after the rules\' review horizon (RULES_NOT_REVIEWED). The engine never guesses.'),
          },
        },
      },
      '/evaluate/batch': {
        post: {
          operationId: 'evaluateBatch',
          summary: 'Evaluate up to 1000 claims as of one date',
          description: 'Each claim is checked on its own: a bad claim (even a number or null) gets status invalid with its error (pointers under /claims/N) and the others are evaluated. At most 16 MiB, 1000 claims and 20 000 events; trace only for at most 10 claims. The answer is streamed as it is computed.',
          requestBody: { required: true, ...json(ref('batchRequest'), 'The claims, the as-of date, and optionally the rules version and trace.') },
          responses: { '200': json(ref('batchResponse'), 'One item per claim, in the order sent.'), ...BODY_ERRORS, '422': error('The as-of date is after the rules\' review horizon (RULES_NOT_REVIEWED, pointer /asOf): the whole batch is refused before any claim is read.') },
        },
      },
      '/letters/due': {
        post: {
          operationId: 'lettersDue',
          summary: 'The letters due on a day for many claims',
          description: 'Each claim evaluated as of the day: its first next step that is a letter (or the step asked for) is due once it may be sent with its lawful fee (a purring the day after forfall, but its fee only from 14 days after), and is given as the JSON letter POST /letters gives, with the event to record when it is sent. Claims with no letter due say why (paid, disputed, time-barred, before the courts, no letter step) or from when; letters refused say why (a betalingsoppfordring must name the creditor; with debtors, each letter needs its debtor\'s address). At most 1 000 claims and 20 000 events (413 BATCH_TOO_LARGE).',
          requestBody: { required: true, ...json(ref('lettersDueRequest'), 'The claims, the day, and the creditor and debtors to name.') },
          responses: {
            '200': json(ref('lettersDue'), 'The letters due, the claims with none due, and the letters refused, each claim in one list by its index.'),
            ...BODY_ERRORS,
            '413': error('More than 20 000 events in all (BATCH_TOO_LARGE), or a body over 16 MiB (PAYLOAD_TOO_LARGE).'),
            '422': error('The day is past the review horizon (RULES_NOT_REVIEWED).'),
          },
        },
      },
      '/letters': {
        post: {
          operationId: 'letter',
          summary: 'The letter for a step sent on a day, or the claim statement',
          description: 'Built from the claim evaluated as of the day with the letter added: the statutory minimum deadline (an inkassovarsel\'s is not moved for holidays), at most the lawful fee, and every field rules/letters/ asks for. 422 LETTER_REFUSED when the step is not lawful that day (unless force) or a MUST field cannot be filled (a betalingsoppfordring must name the creditor).',
          requestBody: { required: true, ...json(ref('letterRequest'), 'The claim, the step, the day, and the creditor.') },
          responses: {
            '200': { description: 'The letter: JSON (every field with its value, hjemmel and level), or HTML or PDF with format.', content: { 'application/json': { schema: ref('letter') }, 'text/html': { schema: { type: 'string' } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
            ...BODY_ERRORS,
            '422': error('The letter is refused (LETTER_REFUSED), or the rules have no value for the day (RULE_VALUE_MISSING, RULES_NOT_REVIEWED).'),
          },
        },
      },
      '/ledger': {
        post: {
          operationId: 'ledger',
          summary: 'The postings a claim gives rise to up to a date',
          description: 'Double-entry postings (debit and credit account, amount, VAT code, text, event): the invoice, each lawful fee and the forsinkelsesrente (VAT code 7), payments, a write-off as a loss with the evidence for merverdiavgiftsforskriften § 4-7-1 (1) b, and a payment after it as a recovery. The chart of accounts is yours to give.',
          requestBody: { required: true, ...json(ref('ledgerRequest'), 'The claim, the date, and optionally your accounts.') },
          responses: { '200': json(ref('ledger'), 'The postings and each account\'s balance.'), ...BODY_ERRORS, '422': error('The rules have no value for a date the claim needs.') },
        },
      },
      '/samlesak': {
        post: {
          operationId: 'samlesak',
          summary: 'Samlesaker: claims that should have been one case, each charged salær',
          description: 'Claims of one creditor against one debtor (creditor.id and debtor.id) that came to the inkassoforetak together (the first betalingsoppfordring or salær charge the same day), none disputed while in collection, are one case (inkassoloven § 17 first paragraph; unwritten law summarised in Finanstilsynet\'s rundskriv 1/2018; the policy samlesak.sammenslaaing). Each claim is evaluated as a case of its own and the case as one claim; what was lawful separately beyond what is lawful together is overcharged. At most 1000 claims and 20 000 events; every claim must be valid.',
          requestBody: { required: true, ...json(ref('samlesakRequest'), 'The claims, and optionally the as-of date and the rules version.') },
          responses: { '200': json(componentRef('samlesak-report.schema.json'), 'The cases found, with the trace of each case\'s salær.'), ...BODY_ERRORS },
        },
      },
      '/rules': {
        get: {
          operationId: 'listRuleVersions',
          summary: 'The published rules versions, oldest first',
          responses: { '200': json(ref('ruleVersions'), 'The versions and which one is the latest.'), ...ERRORS },
        },
      },
      '/rules/{version}': {
        get: {
          operationId: 'getRuleSet',
          summary: 'The parameters and steps of a rules version',
          parameters: [versionParam],
          responses: { '200': json(ref('ruleSetInfo'), 'The version, its parameters and policies with their periods, and its steps.'), ...ERRORS },
        },
      },
      '/rules/{version}/parameters/{id}': {
        get: {
          operationId: 'getParameterValue',
          summary: 'The value of a parameter or policy in force on a date',
          parameters: [
            versionParam,
            { name: 'id', in: 'path', required: true, description: 'The rule id, e.g. rente.forsinkelsesrente or gebyrer.inkassosats.', schema: { type: 'string' } },
            { name: 'date', in: 'query', required: false, description: "YYYY-MM-DD, given once; today's date in Norway when left out. Any other query parameter is refused (400 UNKNOWN_FIELD).", schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': json(ref('parameterValue'), 'The value, its period, hjemmel, source and status.'), ...ERRORS, '422': error('The date is after the rules\' review horizon (RULES_NOT_REVIEWED).') },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Whether the server is up, and its latest rules version',
          security: [{}],
          responses: { '200': json(ref('health'), 'Up.'), '405': error('Another method than GET (METHOD_NOT_ALLOWED).') },
        },
      },
      '/openapi.json': {
        get: { operationId: 'openApi', summary: 'This document', security: [{}], responses: { '200': json({ type: 'object' }, 'The OpenAPI document.'), '405': error('Another method than GET (METHOD_NOT_ALLOWED).') } },
      },
    },
  };
  return document;
}
