/**
 * The folder decides what a rule file is, never the keys inside it:
 *   parameters/<topic>/<name>.yaml  → a legal parameter, id <topic>.<name>
 *   policies/<topic>/<name>.yaml    → a policy, id <topic>.<name>
 *   steps/<n>-<name>.yaml           → a step of the ladder (or a charge), id <name>
 *   letters/<name>.yaml             → what a letter must and should carry, id <name>
 *   <folder>/index.yaml             → the folder's topic page
 */
import type { SchemaName } from './schemas.ts';

export type FileKind = 'parameter' | 'policy' | 'step' | 'topic' | 'regime' | 'review' | 'letter';

export interface FileIdentity {
  readonly kind: FileKind;
  /** The rule id: gebyrer.inkassosats, fristforskyvning.inkassovarsel, betalingsoppfordring, or the folder for a topic. */
  readonly id: string;
  readonly schema: SchemaName;
}

const SCHEMA: Record<FileKind, SchemaName> = {
  parameter: 'parameter.schema.json',
  policy: 'policy.schema.json',
  step: 'step.schema.json',
  topic: 'topic.schema.json',
  regime: 'regime.schema.json',
  review: 'review.schema.json',
  letter: 'letter.schema.json',
};

const SEGMENT = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether the loader reads the file at all (YAML files only; README.md and the like are ignored). */
export function isRuleFile(path: string): boolean {
  return /\.ya?ml$/.test(path);
}

/** What a file under rules/ is, from its path; undefined with a reason when the path fits no kind. */
export function identify(path: string): FileIdentity | { error: string } {
  const parts = path.replace(/\.ya?ml$/, '').split('/');
  const [root, ...rest] = parts;
  const name = rest[rest.length - 1];
  if (name === 'index') {
    if (root !== 'parameters' && root !== 'policies' && root !== 'steps') return { error: 'index.yaml belongs in parameters/, policies/ or steps/ or a folder below them' };
    return { kind: 'topic', id: parts.slice(0, -1).join('/'), schema: SCHEMA.topic };
  }
  if (root === 'parameters' || root === 'policies') {
    if (rest.length < 2) return { error: `a ${root === 'parameters' ? 'parameter' : 'policy'} file must sit in a topic folder: ${root}/<topic>/<name>.yaml` };
    if (!rest.every((s) => SEGMENT.test(s))) return { error: 'folder and file names must be lowercase ASCII words joined by hyphens (write salaer, not salær)' };
    const kind: FileKind = root === 'parameters' ? 'parameter' : 'policy';
    return { kind, id: rest.join('.'), schema: SCHEMA[kind] };
  }
  if (root === 'steps') {
    if (rest.length !== 1) return { error: 'step files sit directly in steps/' };
    const id = rest[0]!.replace(/^\d+-/, '');
    if (!SEGMENT.test(id)) return { error: 'a step file is named <number>-<name>.yaml with a lowercase ASCII name' };
    return { kind: 'step', id: id.replace(/-/g, '_'), schema: SCHEMA.step };
  }
  if (root === 'regimes') {
    if (rest.length !== 1 || !SEGMENT.test(rest[0]!)) return { error: 'a regime file is regimes/<id>.yaml with a lowercase ASCII id' };
    return { kind: 'regime', id: rest[0]!, schema: SCHEMA.regime };
  }
  if (root === 'letters') {
    if (rest.length !== 1 || !SEGMENT.test(rest[0]!)) return { error: 'a letter file is letters/<name>.yaml with a lowercase ASCII name' };
    return { kind: 'letter', id: rest[0]!, schema: SCHEMA.letter };
  }
  if (root === 'horisont' && rest.length === 0) return { kind: 'review', id: 'horisont', schema: SCHEMA.review };
  return { error: 'rule files belong in parameters/, policies/, steps/, letters/ or regimes/, or are horisont.yaml' };
}
