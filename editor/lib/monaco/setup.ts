/**
 * Monaco with monaco-yaml, fed by the JSON Schemas in schemas/ (the same the engine validates with),
 * for validation, completion and hover docs as the officer types. Client only.
 *
 * Rule files start with `# yaml-language-server: $schema=../../../schemas/<kind>.schema.json`; with
 * models named file:///rules/<path>, those resolve to file:///schemas/<kind>.schema.json, where each
 * schema is registered (without its $id, so its relative $refs resolve among the registered ones).
 */
import * as monaco from './monaco-slim.ts';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from './yaml.worker.ts?worker';
import common from '$schemas/common.schema.json';
import condition from '$schemas/condition.schema.json';
import parameter from '$schemas/parameter.schema.json';
import policy from '$schemas/policy.schema.json';
import step from '$schemas/step.schema.json';
import topic from '$schemas/topic.schema.json';

type Env = { getWorker(id: string, label: string): Worker };
let configured: typeof monaco | undefined;

const SCHEMAS: [string, object, string[]][] = [
  ['common.schema.json', common, []],
  ['condition.schema.json', condition, []],
  ['parameter.schema.json', parameter, ['file:///rules/parameters/**/[!i]*.yaml']],
  ['policy.schema.json', policy, ['file:///rules/policies/**/[!i]*.yaml']],
  ['step.schema.json', step, ['file:///rules/steps/[0-9]*.yaml']],
  ['topic.schema.json', topic, ['**/index.yaml']],
];

export function setupMonaco(): typeof monaco {
  if (configured) return configured;
  const env: Env = { getWorker: (_id, label) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()) };
  (globalThis as { MonacoEnvironment?: Env }).MonacoEnvironment = env;
  // monaco 0.55+ takes createWebWorker({ worker }); monaco-yaml 5.5.1 still passes { moduleId,
  // label, createData } (monaco-yaml issue #272): hand it a started worker (toolchain notes, workaround 2).
  const original = monaco.editor.createWebWorker;
  (monaco.editor as unknown as { createWebWorker: (o: Record<string, unknown>) => unknown }).createWebWorker = (opts) => {
    if ('worker' in opts) return original(opts as never);
    const worker = Promise.resolve(env.getWorker(String(opts.moduleId), String(opts.label))).then((w) => {
      w.postMessage('ignore');
      w.postMessage(opts.createData);
      return w;
    });
    return original({ ...opts, worker } as never);
  };
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    // Completion and hover come from the schemas; the checks (with Norwegian messages) from the
    // engine itself, through /editor-api/valider, so that the officer sees one list of problems.
    validate: false,
    completion: true,
    hover: true,
    format: { enable: false },
    schemas: SCHEMAS.map(([name, schema, fileMatch]) => {
      const { $id: _, ...rest } = schema as { $id?: string };
      return { uri: `file:///schemas/${name}`, fileMatch, schema: rest };
    }),
  });
  configured = monaco;
  return monaco;
}
