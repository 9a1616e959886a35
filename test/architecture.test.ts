/**
 * The engine's layers import only downward (calendar and money first, the CLI last), and the
 * pure core never touches the file system, the process or the clock: only engine/node.ts, the
 * rule folder and the caches beside it, and the adapters (cli, replay, api) may.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

const engine = fileURLToPath(new URL('../engine/', import.meta.url));

/** Each layer may import the layers before it, never those after it. */
const LAYERS = ['text', 'calendar', 'money', 'conditions', 'rules', 'claim', 'evaluate', 'letters', 'ledger', 'golden', 'replay', 'samlesak', 'api', 'cli'];
/** Adapters that talk to the outside world. */
const ADAPTERS = new Set(['replay', 'api', 'cli']);
/** The library's Node side: the rule folder read, what it keeps in the user's cache folder, and the folders it makes. */
const NODE_SIDE = new Set(['node.ts', 'rule-folder.ts', 'rule-cache.ts', 'cache-dir.ts', 'make-folder.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

const sources = files(engine).map((path) => ({ path: relative(engine, path), text: readFileSync(path, 'utf8') }));
const layerOf = (path: string) => path.split('/')[0]!;

describe('architecture', () => {
  it('layers import only the layers before them', () => {
    const problems: string[] = [];
    for (const { path, text } of sources) {
      const layer = layerOf(path);
      const own = LAYERS.indexOf(layer);
      if (own < 0) continue;
      for (const m of text.matchAll(/from '(\.\.?\/[^']+)'/g)) {
        const target = relative(engine, join(engine, path, '..', m[1]!));
        const targetLayer = layerOf(target);
        const idx = LAYERS.indexOf(targetLayer);
        if (idx > own) problems.push(`${path} imports ${target}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the pure core uses no file system, process or clock', () => {
    const problems: string[] = [];
    for (const { path, text } of sources) {
      if (ADAPTERS.has(layerOf(path)) || NODE_SIDE.has(path)) continue;
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (/from 'node:(fs|fs\/promises|child_process|worker_threads|http|net)'/.test(code)) problems.push(`${path}: file system or process I/O`);
      if (/\bprocess\./.test(code)) problems.push(`${path}: process`);
      if (/Date\.now\(\)|new Date\(\)/.test(code)) problems.push(`${path}: reads the clock`);
    }
    expect(problems).toEqual([]);
  });

  it('no float arithmetic on money: amounts are parsed by the money module only', () => {
    // conditions/operators.ts calls parseFloat only to mirror json-rules-engine's check that a
    // fact is number-like; it never computes with it.
    const problems = sources
      .filter(({ path }) => !path.startsWith('money/') && path !== 'conditions/operators.ts')
      .filter(({ text }) => /parseFloat\(|Number\([^)]*\.(fee|amount|principal)\b/.test(text))
      .map(({ path }) => path);
    expect(problems).toEqual([]);
  });
});
