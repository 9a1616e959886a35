/**
 * The JSON Schemas in schemas/, compiled once by Ajv (draft 2020-12, strict, all errors).
 * They are imported as modules, not read from disk, so the pure core stays free of the file system.
 */
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { precompiled } from './precompiled.ts';
import { FORMATS } from './formats.ts';
import { linearErrors } from './linear-errors.ts';
import common from '../../schemas/common.schema.json' with { type: 'json' };
import condition from '../../schemas/condition.schema.json' with { type: 'json' };
import parameter from '../../schemas/parameter.schema.json' with { type: 'json' };
import policy from '../../schemas/policy.schema.json' with { type: 'json' };
import step from '../../schemas/step.schema.json' with { type: 'json' };
import topic from '../../schemas/topic.schema.json' with { type: 'json' };
import regime from '../../schemas/regime.schema.json' with { type: 'json' };
import review from '../../schemas/review.schema.json' with { type: 'json' };
import letter from '../../schemas/letter.schema.json' with { type: 'json' };
import claim from '../../schemas/claim.schema.json' with { type: 'json' };
import result from '../../schemas/result.schema.json' with { type: 'json' };
import goldenCase from '../../schemas/golden-case.schema.json' with { type: 'json' };
import csvMap from '../../schemas/csv-map.schema.json' with { type: 'json' };
import replaySummary from '../../schemas/replay-summary.schema.json' with { type: 'json' };
import replayFinding from '../../schemas/replay-finding.schema.json' with { type: 'json' };
import replayImpact from '../../schemas/replay-impact.schema.json' with { type: 'json' };
import samlesakReport from '../../schemas/samlesak-report.schema.json' with { type: 'json' };
import lettersRun from '../../schemas/letters-run.schema.json' with { type: 'json' };
import api from '../../schemas/api.schema.json' with { type: 'json' };

/** Every schema, by file name; the editor feeds the same objects to Monaco. */
export const schemas = {
  'common.schema.json': common,
  'condition.schema.json': condition,
  'parameter.schema.json': parameter,
  'policy.schema.json': policy,
  'step.schema.json': step,
  'topic.schema.json': topic,
  'regime.schema.json': regime,
  'review.schema.json': review,
  'letter.schema.json': letter,
  'claim.schema.json': claim,
  'result.schema.json': result,
  'golden-case.schema.json': goldenCase,
  'csv-map.schema.json': csvMap,
  'replay-summary.schema.json': replaySummary,
  'replay-finding.schema.json': replayFinding,
  'replay-impact.schema.json': replayImpact,
  'samlesak-report.schema.json': samlesakReport,
  'letters-run.schema.json': lettersRun,
  'api.schema.json': api,
} as const;

export type SchemaName = keyof typeof schemas;

export const AMOUNT = /^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$/;

/** The Ajv options every validator is compiled with (scripts/build.ts precompiles with the same). */
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  // Unknown keywords in a schema stay errors (strictSchema). The conditional branches (if/then on
  // unit) narrow or require properties declared elsewhere, which strictTypes and strictRequired
  // would reject although the schema means exactly that.
  strictTypes: false,
  strictRequired: false,
  discriminator: true,
  allowUnionTypes: true,
  // Errors carry the failing schema, so that an unknown property can list the allowed ones.
  verbose: true,
};

/** Ajv with every schema registered; loaded only when a validator is not precompiled. */
export function createAjv(extra: object = {}): Ajv2020 {
  // Loaded on first use: the built package has every validator precompiled and never loads Ajv for them.
  const require = createRequire(import.meta.url);
  const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const { code, ...rest } = extra as { code?: object };
  const ajv = new AjvClass({ ...AJV_OPTIONS, ...rest, code: { process: linearErrors, ...code } });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format as Parameters<typeof ajv.addFormat>[1]);
  ajv.addFormat('amount', AMOUNT);
  // Editor-only annotations understood by Monaco's YAML language service.
  ajv.addKeyword({ keyword: 'markdownEnumDescriptions', schemaType: 'array' });
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  return ajv;
}

let shared: Ajv2020 | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/** The compiled validator for one schema (compiled on first use, then reused). */
export function validatorFor(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name) ?? (precompiled?.[name] as ValidateFunction | undefined);
  if (!fn) {
    shared ??= createAjv();
    fn = shared.getSchema(schemas[name].$id);
    if (!fn) throw new Error(`schema ${name} is not registered`);
    compiled.set(name, fn);
  }
  return fn;
}

/** The compiled validator for one definition of a schema (the HTTP API's bodies: api.schema.json#/$defs/…). */
export function validatorForDef(name: SchemaName, def: string): ValidateFunction {
  const key = `${name}#/$defs/${def}` as SchemaName;
  let fn = compiled.get(key) ?? (precompiled?.[key] as ValidateFunction | undefined);
  if (!fn) {
    shared ??= createAjv();
    fn = shared.getSchema(`${schemas[name].$id}#/$defs/${def}`);
    if (!fn) throw new Error(`schema ${name} has no definition ${def}`);
    compiled.set(key, fn);
  }
  return fn;
}

type SchemaNode = { properties?: Record<string, unknown>; $ref?: string; [k: string]: unknown };

function resolveRef(ref: string): SchemaNode | undefined {
  const [file = '', pointer = ''] = ref.split('#');
  const candidates = file ? [schemas[file as SchemaName]] : Object.values(schemas);
  for (const root of candidates) {
    let node: unknown = root;
    for (const seg of pointer.split('/').filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[seg];
    if (node && typeof node === 'object' && 'properties' in node) return node as SchemaNode;
  }
  return undefined;
}

/** The values a discriminated oneOf accepts for its tag (the event types of a claim, say). */
export function tagValuesOf(error: ErrorObject): string[] {
  const parent = error.parentSchema as { oneOf?: { $ref?: string }[] } | undefined;
  const tag = String((error.params as { tag?: string }).tag);
  return (parent?.oneOf ?? [])
    .map((b) => (b.$ref ? resolveRef(b.$ref.startsWith('#') ? `claim.schema.json${b.$ref}` : b.$ref) : undefined))
    .map((n) => (n?.properties?.[tag] as { const?: string } | undefined)?.const)
    .filter((v): v is string => typeof v === 'string');
}

/** What the messages for a schema error may cite: allowed property names and tag values. */
export const schemaHints = { allowedKeys: (e: ErrorObject) => allowedKeysOf(e), tagValues: (e: ErrorObject) => tagValuesOf(e) };

/** The property names the schema that rejected an unknown property accepts (following one $ref). */
export function allowedKeysOf(error: ErrorObject): string[] {
  const parent = error.parentSchema as SchemaNode | undefined;
  if (!parent) return [];
  const keys = new Set(Object.keys(parent.properties ?? {}));
  if (typeof parent.$ref === 'string') for (const k of Object.keys(resolveRef(parent.$ref)?.properties ?? {})) keys.add(k);
  return [...keys];
}
