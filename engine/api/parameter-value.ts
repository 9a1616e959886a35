/**
 * A parameter or policy as the API shows it: the value in force on a date, as the rule file writes
 * it, with its period, hjemmel, source and status; and the list of a rule set's parameters and steps.
 */
import { isoDate, type Day } from '../calendar/index.ts';
import { entryAt } from '../evaluate/index.ts';
import { parseYamlFile, type RuleSet, type Series } from '../rules/index.ts';
import type { VersionInfo } from './versions.ts';

const FAR = (d: Day) => (Number.isFinite(d) ? isoDate(d) : null);

export interface ParameterValue {
  readonly rulesVersion: string;
  readonly id: string;
  readonly kind: Series['kind'];
  readonly unit: string;
  readonly date: string;
  readonly value: string;
  readonly brackets?: readonly { upTo: string | null; rates: Record<string, string> }[];
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly hjemmel: string;
  readonly source: string;
  readonly status: string;
  readonly note?: string;
  readonly reason?: string;
  readonly file: string;
}

/** The value in force on a day, or why there is none. */
export function parameterValue(rules: RuleSet, id: string, day: Day): { ok: true; value: ParameterValue } | { ok: false; code: 'UNKNOWN_PARAMETER' | 'NO_VALUE_ON_DATE'; message: string } {
  const series = rules.series.get(id);
  if (!series) return { ok: false, code: 'UNKNOWN_PARAMETER', message: `the rules have no parameter or policy ${id}` };
  const e = entryAt(series, day);
  if (!e) {
    const gap = series.gaps.find((g) => g.from <= day && day <= g.to);
    const why = gap ? `it lies in a declared gap: ${gap.reason}` : `the values run from ${isoDate(series.entries[0]!.from)}${Number.isFinite(series.entries.at(-1)!.to) ? ` to ${isoDate(series.entries.at(-1)!.to)}` : ''}`;
    return { ok: false, code: 'NO_VALUE_ON_DATE', message: `${id} has no value on ${isoDate(day)}: ${why}` };
  }
  return {
    ok: true,
    value: {
      rulesVersion: rules.version,
      id,
      kind: series.kind,
      unit: series.unit,
      date: isoDate(day),
      value: e.text,
      ...(series.unit === 'scale' ? { brackets: bracketsAsWritten(rules, series, e.origin.pointer) } : {}),
      validFrom: isoDate(e.from),
      validTo: FAR(e.to),
      hjemmel: e.hjemmel,
      source: e.source,
      status: e.status,
      ...(e.note !== undefined ? { note: e.note } : {}),
      ...(e.reason !== undefined ? { reason: e.reason } : {}),
      file: `${e.origin.file}:${e.origin.line}`,
    },
  };
}

/** A scale's rows as the file writes them (the limits in kroner, the rates as written). */
function bracketsAsWritten(rules: RuleSet, series: Series, pointer: string): { upTo: string | null; rates: Record<string, string> }[] {
  const source = rules.sources.find((s) => s.path === series.file);
  const data = source ? parseYamlFile(series.file, source.text).parsed?.data : undefined;
  let node: unknown = data;
  for (const seg of pointer.split('/').filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[seg];
  const rows = (node as { brackets?: { up_to?: string; rates: Record<string, string> }[] } | undefined)?.brackets ?? [];
  return rows.map((b) => ({ upTo: b.up_to ?? null, rates: Object.fromEntries(Object.entries(b.rates).map(([k, v]) => [k, String(v)])) }));
}

export function ruleSetInfo(rules: RuleSet, version: VersionInfo) {
  return {
    version,
    parameters: [...rules.series.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((s) => ({
      id: s.id, kind: s.kind, unit: s.unit, description: s.description,
      from: isoDate(s.entries[0]!.from), to: FAR(s.entries.at(-1)!.to),
    })),
    steps: rules.steps.map((s) => ({ id: s.id, event: s.event, title: s.title, hjemmel: s.hjemmel })),
  };
}
