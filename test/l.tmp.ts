import { readFileSync } from 'node:fs';
import { loadRules } from '../engine/node.ts';
import { buildLetter } from '../engine/letters/letter.ts';
const rules = loadRules();
const claim = JSON.parse(readFileSync('examples/claim-egeninkasso.json', 'utf8'));
const base = { ...claim, events: [] };
for (const [step, date] of [['purring', '2024-04-02'], ['inkassovarsel', '2024-04-20'], ['kravspesifikasjon', '2024-07-01']] as const) {
  try {
    const l = buildLetter(rules, base, { step, date, creditor: { name: 'Fjellvann Strøm AS', organisationNumber: '987 654 321', account: '1234.56.78903' } });
    const { result, ...rest } = l;
    console.log(JSON.stringify(rest, null, 1).slice(0, 2500));
  } catch (e) { console.log('REFUSED', (e as Error).message); }
}
