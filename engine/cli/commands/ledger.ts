/**
 * inkasso ledger FILE --as-of YYYY-MM-DD [--accounts FILE] [--format csv|json] [--out FILE] [--rules DIR]
 *
 * The postings a claim gives rise to up to a date (engine/ledger/ledger.ts): exit 0, or 2 on bad input.
 */
import { checkClaim, EvaluationError, formatInputError, parseIsoDate } from '../../node.ts';
import { buildLedger, DEFAULT_ACCOUNTS, ledgerCsv, type Accounts } from '../../ledger/ledger.ts';
import { CliError, EXIT, out, parseJson, readInput } from '../io.ts';
import { writeFileAtomic } from '../output.ts';
import { loadRulesOrExit } from '../rules-option.ts';
import { MAX_CLAIM_BYTES } from './evaluate.ts';

/** A chart of accounts from a JSON file: any of the default's keys, each an account number. */
export function readAccounts(file: string): Accounts {
  const input = parseJson(readInput(file, 1 << 16), file);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new CliError(`${file}: a chart of accounts is a JSON object such as ${JSON.stringify(DEFAULT_ACCOUNTS)}`);
  for (const [k, v] of Object.entries(input)) {
    if (!(k in DEFAULT_ACCOUNTS)) throw new CliError(`${file}: /${k}: unknown account (allowed: ${Object.keys(DEFAULT_ACCOUNTS).join(', ')})`);
    if (typeof v !== 'string' || !/^[0-9A-Za-z.-]{1,20}$/.test(v)) throw new CliError(`${file}: /${k}: an account number as a string, such as "1500"`);
  }
  return { ...DEFAULT_ACCOUNTS, ...(input as Partial<Accounts>) };
}

export function ledgerCommand(file: string | undefined, o: { asOf?: string | undefined; accounts?: string | undefined; format?: string | undefined; out?: string | undefined; rules?: string | undefined }): number {
  if (!file) throw new CliError('ledger needs a claim file (or - for stdin); see inkasso ledger --help');
  if (!o.asOf) throw new CliError('ledger needs --as-of YYYY-MM-DD');
  if (parseIsoDate(o.asOf) === undefined) throw new CliError(`--as-of ${o.asOf}: must be a date (YYYY-MM-DD) from 1900 on`);
  const format = o.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new CliError(`--format ${format}: must be csv or json`);
  const name = file === '-' ? 'stdin' : file;
  const checked = checkClaim(parseJson(readInput(file, MAX_CLAIM_BYTES), name));
  if (!checked.ok) throw new CliError(checked.errors.map((e) => `${name}: ${formatInputError(e)}`).join('\n'));
  const accounts = o.accounts ? readAccounts(o.accounts) : DEFAULT_ACCOUNTS;
  const rules = loadRulesOrExit(o.rules);
  try {
    const ledger = buildLedger(rules, checked.claim, o.asOf, accounts);
    const text = format === 'json' ? `${JSON.stringify(ledger, null, 2)}\n` : ledgerCsv(ledger);
    if (!o.out || o.out === '-') out(text);
    else writeFileAtomic(o.out, text);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof EvaluationError) throw new CliError(`${name}: cannot evaluate as of ${o.asOf}: ${e.message} [${e.code}]`);
    throw e;
  }
}
