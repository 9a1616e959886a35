/**
 * The published rules as a checked rule set: the files of the latest published version (from the
 * history: genesis and journal, never the rules folder, which is only a copy), parsed once per
 * version.
 */
import { createHash } from 'node:crypto';
import { rulesFromSources, type RuleSet, type RuleSource } from '$engine/node.ts';

/** A short fingerprint of a file's text: the version an edit was based on. */
export function textVersion(text: string | null): string {
  return text === null ? 'ny' : createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export class RulesStore {
  private readonly published: () => readonly RuleSource[];
  private cache: { of: readonly RuleSource[]; ruleSet: RuleSet; byPath: Map<string, string> } | undefined;

  /** @param published the published rule files now (the same array until the next publish) */
  constructor(published: () => readonly RuleSource[]) {
    this.published = published;
  }

  sources(): RuleSource[] {
    return [...this.load().ruleSet.sources];
  }

  /** The published rule set. It always loads: nothing that fails validation is ever published. */
  ruleSet(): RuleSet {
    return this.load().ruleSet;
  }

  text(path: string): string | null {
    return this.load().byPath.get(path) ?? null;
  }

  private load() {
    const of = this.published();
    if (this.cache?.of !== of) {
      const { ruleSet, diagnostics } = rulesFromSources(of);
      if (!ruleSet) throw new Error(`the published rules do not load: ${diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.col} ${d.message}`).join('; ')}`);
      this.cache = { of, ruleSet, byPath: new Map(ruleSet.sources.map((s) => [s.path, s.text])) };
    }
    return this.cache;
  }
}
