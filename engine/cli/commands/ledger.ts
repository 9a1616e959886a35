/**
 * inkasso ledger FILE --as-of YYYY-MM-DD [--accounts FILE] [--format csv|json] [--out FILE] [--rules DIR]
 *
 * The postings a claim gives rise to up to a date (engine/ledger/ledger.ts): exit 0, or 2 on bad input.
 * What their amounts rest on that has one source goes to stderr as warnings (and is in the JSON).
 */
import { EvaluationError } from '../../node.ts';
import { validatorForDef } from '../../rules/index.ts';
import { buildLedger, DEFAULT_ACCOUNTS, ledgerCsv, type Accounts } from '../../ledger/ledger.ts';
import { CliError, EXIT, err, out, parseJson, readInput } from '../io.ts';
import { refuseOverwriting, writeFileAtomic } from '../output.ts';
import { loadRulesOrExit } from '../rules-option.ts';
import { closestName } from '../../text/closest-name.ts';
import { cannotEvaluate, readClaimFile, requireClaimFile, requireDate } from '../claim-input.ts';

/**
 * A chart of accounts from a JSON file: any of the default's keys, each an account number, as the
 * API's definition has it (api.schema.json#/$defs/ledgerAccounts), said in the command's words.
 */
export function readAccounts(file: string): Accounts {
  const input = parseJson(readInput(file, 1 << 16), file);
  const validate = validatorForDef('api.schema.json', 'ledgerAccounts');
  if (validate(input)) return { ...DEFAULT_ACCOUNTS, ...(input as Partial<Accounts>) };
  const known = Object.keys(DEFAULT_ACCOUNTS);
  // Every problem at once, each once: a file with two mistakes is not mended one run at a time.
  const problems = new Set<string>();
  for (const e of validate.errors!) {
    if (e.instancePath !== '') problems.add(`${file}: ${e.instancePath}: an account number as a string, such as "1500"`);
    else if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const near = closestName(name, known);
      problems.add(`${file}: /${name}: unknown account (allowed: ${known.join(', ')}${near ? `; did you mean '${near}'?` : ''})`);
    } else throw new CliError(`${file}: a chart of accounts is a JSON object such as ${JSON.stringify(DEFAULT_ACCOUNTS)}`);
  }
  throw new CliError([...problems].join('\n'));
}

export function ledgerCommand(file: string | undefined, o: { asOf?: string | undefined; accounts?: string | undefined; format?: string | undefined; out?: string | undefined; rules?: string | undefined }): number {
  const claimFile = requireClaimFile('ledger', file);
  const asOf = requireDate('ledger', '--as-of', o.asOf);
  const format = o.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new CliError(`--format ${format}: must be csv or json`);
  refuseOverwriting([claimFile, o.accounts], [o.out]);
  const { name, claim } = readClaimFile(claimFile, '--as-of');
  const accounts = o.accounts ? readAccounts(o.accounts) : DEFAULT_ACCOUNTS;
  const rules = loadRulesOrExit(o.rules);
  try {
    const ledger = buildLedger(rules, claim, asOf, accounts);
    const text = format === 'json' ? `${JSON.stringify(ledger, null, 2)}\n` : ledgerCsv(ledger);
    if (!o.out || o.out === '-') out(text);
    else writeFileAtomic(o.out, text);
    // In the JSON too; the CSV has no place for them.
    for (const w of ledger.warnings) err(`inkasso ledger: warning: ${w.code}: ${w.message}`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof EvaluationError) throw cannotEvaluate(name, asOf, e);
    throw e;
  }
}
