/**
 * The OpenAPI 3.1 document of the HTTP API, built from the same JSON Schemas the API validates
 * with (embedded under components.schemas with their $id, so that their references between each
 * other resolve). A copy is checked in as docs/openapi.json (npm run gen:openapi); a test keeps it
 * equal to this.
 */
import { schemas } from '../rules/index.ts';

const API = 'https://inkassomotor.no/schemas/api.schema.json#/$defs/';
const ref = (def: string) => ({ $ref: `${API}${def}` });
const RESULT = { $ref: 'https://inkassomotor.no/schemas/result.schema.json' };

const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('error'), description);

const ERRORS = {
  '400': error('The body or a parameter is not valid: code INVALID_JSON, INVALID_FIELD, UNKNOWN_FIELD or DATE_ORDER, with the JSON pointer of the first bad field and every problem in problems.'),
  '401': error('A token is configured and the request has none, or the wrong one (UNAUTHORIZED).'),
  '404': error('No such rules version (UNKNOWN_RULES_VERSION), parameter (UNKNOWN_PARAMETER) or endpoint (NOT_FOUND).'),
  '500': error('The server failed (INTERNAL); the failure is logged, the request can be retried.'),
};
const BODY_ERRORS = {
  ...ERRORS,
  '413': error('The body is over the limit (PAYLOAD_TOO_LARGE).'),
  '415': error('The body is not sent as application/json (UNSUPPORTED_MEDIA_TYPE).'),
};

const versionParam = { name: 'version', in: 'path', required: true, description: 'A content hash, a unique prefix of at least 8 hex digits, or "latest".', schema: { type: 'string', pattern: '^(latest|[0-9a-f]{8,64})$' } };

export function openApiDocument() {
  const components = Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => ['common', 'claim', 'result', 'api'].includes(name.replace('.schema.json', '')))
      .map(([name, schema]) => [name.replace('.schema.json', '').replace(/^./, (c) => c.toUpperCase()), schema]),
  );
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Inkassomotor API',
      version: '1.0.0',
      description: [
        'Evaluates Norwegian inkasso claims against versioned rules: forsinkelsesrente per rate period, the fees allowed against those charged, violations with their hjemmel, the next lawful step and its earliest date, and a trace of every figure.',
        'Amounts are decimal strings in kroner with two decimals; dates are calendar dates (YYYY-MM-DD). Every result carries the rules version (content hash) it was computed with; pin one with rulesVersion to get the same figures later.',
        'When the server is started with a token (INKASSO_API_TOKEN), send Authorization: Bearer <token> on every endpoint but health and this document.',
      ].join('\n\n'),
    },
    servers: [{ url: '/api/v1' }],
    components: {
      schemas: components,
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
            '422': error('The rules have no value for a date the claim needs (RULE_VALUE_MISSING, with rule and date), or no step rule governs an event (NO_STEP_RULE). The engine never guesses.'),
          },
        },
      },
      '/evaluate/batch': {
        post: {
          operationId: 'evaluateBatch',
          summary: 'Evaluate up to 1000 claims as of one date',
          description: 'Each claim is checked on its own: a bad claim gets status invalid with its error (pointers under /claims/N) and the others are evaluated. At most 16 MiB.',
          requestBody: { required: true, ...json(ref('batchRequest'), 'The claims, the as-of date, and optionally the rules version and trace.') },
          responses: { '200': json(ref('batchResponse'), 'One item per claim, in the order sent.'), ...BODY_ERRORS },
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
            { name: 'date', in: 'query', required: false, description: "YYYY-MM-DD; today's date in Norway when left out.", schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': json(ref('parameterValue'), 'The value, its period, hjemmel, source and status.'), ...ERRORS },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Whether the server is up, and its latest rules version',
          security: [{}],
          responses: { '200': json(ref('health'), 'Up.') },
        },
      },
      '/openapi.json': {
        get: { operationId: 'openApi', summary: 'This document', security: [{}], responses: { '200': { description: 'The OpenAPI document.' } } },
      },
    },
  };
}
