/**
 * The rules the engine reads by id must exist, be of the right kind, and only use choices the
 * engine can apply.
 */
import { ENGINE_NEEDS } from '../engine-needs.ts';
import { at, whole, type Check } from './context.ts';

export const checkEngineNeeds: Check = ({ series, broken }) => {
  const out = [];
  for (const need of ENGINE_NEEDS) {
    const path = `${need.kind === 'parameter' ? 'parameters' : 'policies'}/${need.id.replace('.', '/')}.yaml`;
    const s = series.get(need.id);
    if (!s && broken.has(need.id)) continue;
    if (!s) {
      out.push(whole(path, 'REQUIRED_RULE_MISSING', `the engine needs the ${need.kind} ${need.id}`));
      continue;
    }
    if (s.kind !== need.kind) out.push(whole(s.file, 'WRONG_REFERENCE_KIND', `${need.id} must be a ${need.kind}`));
    if (need.unit && s.unit !== need.unit) out.push(whole(s.file, 'WRONG_REFERENCE_KIND', `${need.id} must be in ${need.unit}, not ${s.unit}`));
    if (need.choices) {
      if (s.unit !== 'choice') out.push(whole(s.file, 'WRONG_REFERENCE_KIND', `${need.id} must be a policy with choices`));
      for (const e of s.entries) {
        if (e.value.unit === 'choice' && !need.choices.includes(e.value.choice)) {
          out.push(at(e.origin, 'UNSUPPORTED_CHOICE', `the engine cannot apply '${e.value.choice}' for ${need.id}; it applies ${need.choices.join(', ')}`));
        }
      }
    }
  }
  return out;
};
