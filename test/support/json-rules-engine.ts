/**
 * Answers the engine's condition questions with json-rules-engine itself: one Engine per step's
 * condition group (built once), one Engine.run per question, each condition a rule whose event
 * is its index. Used by the differential test and by the benchmark's naive baseline.
 */
import { Engine } from 'json-rules-engine';
import type { Ask, ConditionGroup } from '../../engine/node.ts';

export function jsonRulesEngineAnswerer(): (ask: Pick<Ask, 'group' | 'facts'>) => Promise<boolean[]> {
  const engines = new Map<ConditionGroup, Engine>();
  return async ({ group, facts }) => {
    let engine = engines.get(group);
    if (!engine) {
      engine = new Engine(group.conditions.map((c, i) => ({ conditions: c as never, event: { type: String(i) } })));
      engines.set(group, engine);
    }
    const answers = new Array<boolean>(group.conditions.length).fill(false);
    if (group.conditions.length === 0) return answers;
    const { events } = await engine.run({ ...facts });
    for (const e of events) answers[Number(e.type)] = true;
    return answers;
  };
}
