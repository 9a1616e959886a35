/**
 * The inkasso command. The only module with argv, stdout and exit codes.
 * Exit codes: 0 ok, 1 violations found or tests failed, 2 bad input, 3 internal error.
 */
import { parseArgs } from 'node:util';
import { closestName } from '../text/closest-name.ts';
import { CliError, EXIT, err, out } from './io.ts';
import { cannotWrite, removeUnfinished } from './output.ts';

// Each command is loaded when it runs: `evaluate` never loads the HTTP server, the CSV reader or
// the chart code, so the CLI starts at once.

const USAGE = `Usage: inkasso <command> [options]
       inkasso --version

Commands:
  validate [--rules DIR]                       Check the rule files; prints every problem as file:line:col
  evaluate FILE|- --as-of DATE [--rules DIR]   Evaluate one claim (JSON) as of a date
           [--format json|text] [--no-trace]
  test [--rules DIR] [--golden DIR] [-v]       Run the golden corpus against the rules
  letter FILE --step S --date DATE             The letter for a step sent that day (purring, inkassovarsel,
         [--creditor F] [--format html|pdf|json] [--out F] [--force]   betalingsoppfordring) or the claim
         [--debtor F]                          statement (kravspesifikasjon); refused when not lawful;
                                               --debtor F: the addressee's name and address (JSON)
  letters FILE --date DATE --out DIR           The letters due that day for a file of claims (NDJSON or
          [--step S] [--creditor F]            CSV): one file each in DIR, and DIR/letters-DATE.json
          [--debtors F] [--format pdf|html|json]   with what was written (and the event to record),
          [--map F] [--quiet]                  what is not due and from when, what was refused
  ledger FILE --as-of DATE [--accounts F]      The postings the claim gives rise to (CSV or JSON)
         [--format csv|json] [--out F]
  replay FILE|- [--rules DIR]                  Replay historical claims (NDJSON or CSV, gzip or not):
         [--as-of DATE | --as-of-event]        findings per claim, a summary and an HTML report; --compare
         [--format auto|ndjson|csv] [--map F]  DIR shows what a proposed rule set would change
         [--compare DIR] [--out F] [--summary F] [--report F.html] [--workers N] [--all] [--quiet]
         [--shard K/N] [--ledger F]            only the K-th of N shards (K from 0); the ledger postings
  replay merge SUMMARY... [--summary F] [--report F.html]   combine the shards' summaries into one
  samlesak FILE [--rules DIR] [--as-of DATE]   Claims of one creditor against one debtor handed to the
           [--map F] [--format text|json]      inkassoforetak together, each charged salær: what one case
           [--out F] [--workers N] [--quiet]   allows; exit 1 when salær was overcharged or a line could
                                               not be read. FILE is NDJSON, or CSV as replay reads it
                                               (*.csv, *.tsv, another name whose text is CSV, or
                                               any file with --map), gzip or not
  generate [--count N] [--seed S]              Write synthetic claim histories with a share of planted
         [--violations SHARE] [--format ndjson|csv] [--out F] [--expect F]   violations
         [--samlesaker SHARE]                  and of claims handed over together (samlesaker)
  serve [--port N] [--host H] [--rules DIR]    Serve the HTTP API (/api/v1; docs/openapi.json); --data DIR
        [--data DIR] [--workers N]             serves every version the editor has published; one
        [--log-level error|warn|notice|info|debug]    worker process per core unless --workers says; the
        [--drain-seconds S]                    log is JSON lines on stderr; on SIGTERM open requests
        [--cors-origin ORIGIN,...]             finish for S seconds (30); CORS is off unless given.
        [--headers-timeout S] [--request-timeout S]   Limits per worker: headers within 10 s, the
        [--keep-alive-timeout S] [--idle-timeout S]   whole request within 30, idle keep-alive 5,
        [--max-connections N]                  no traffic 60; at most 1000 connections

Exit codes: 0 ok, 1 violations found or tests failed, 2 bad input, 3 internal error,
130 replay interrupted by Ctrl-C, SIGTERM or SIGHUP (what was done is written), samlesak stopped
by one (nothing is written), letters stopped by one (the letters so far are whole, no index).
`;

/** The usage of one command: its lines of USAGE (replay's include replay merge), and the exit codes. */
export function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const picked: string[] = [];
  let mine = false;
  for (const line of lines.slice(lines.indexOf('Commands:') + 1)) {
    if (/^ {2}\S/.test(line)) mine = line.slice(2).split(' ')[0] === command;
    else if (!line.startsWith('   ')) break;
    if (mine) picked.push(line);
  }
  const exitCodes = lines.slice(lines.findIndex((l) => l.startsWith('Exit codes:'))).join('\n');
  return `Usage: inkasso ${command} [options]\n\n${picked.join('\n')}\n\n${exitCodes}\ninkasso --help lists every command.`;
}

export type Command = (args: string[]) => number | Promise<number>;

/** Further commands (replay, generate, serve) register here. */
export const COMMANDS: Record<string, Command> = {
  validate(args) {
    const { values } = parseArgs({ args, options: { rules: { type: 'string' } }, strict: true });
    return import('./commands/validate.ts').then((m) => m.validateCommand(values));
  },
  evaluate(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { 'as-of': { type: 'string' }, rules: { type: 'string' }, format: { type: 'string' }, 'no-trace': { type: 'boolean', default: false } },
    });
    if (positionals.length > 1) throw new CliError(`evaluate takes one claim file, got ${positionals.length}`);
    return import('./commands/evaluate.ts').then((m) => m.evaluateCommand(positionals[0], { asOf: values['as-of'], rules: values.rules, format: values.format, trace: !values['no-trace'] }));
  },
  test(args) {
    const { values } = parseArgs({ args, strict: true, options: { rules: { type: 'string' }, golden: { type: 'string' }, verbose: { type: 'boolean', short: 'v', default: false } } });
    return import('./commands/test.ts').then((m) => m.testCommand(values));
  },
  replay(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        rules: { type: 'string' }, compare: { type: 'string' }, 'as-of': { type: 'string' }, 'as-of-event': { type: 'boolean' },
        format: { type: 'string' }, map: { type: 'string' }, out: { type: 'string', short: 'o' }, summary: { type: 'string' },
        report: { type: 'string' }, workers: { type: 'string' }, all: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
        shard: { type: 'string' }, ledger: { type: 'string' },
      },
    });
    if (positionals[0] === 'merge') return import('./commands/replay-merge.ts').then((m) => m.replayMergeCommand(positionals.slice(1), values));
    if (positionals.length > 1) throw new CliError(`replay takes one claims file, got ${positionals.length}`);
    return import('./commands/replay.ts').then((m) => m.replayCommand(positionals[0], values));
  },
  generate(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { count: { type: 'string' }, seed: { type: 'string' }, violations: { type: 'string' }, samlesaker: { type: 'string' }, format: { type: 'string' }, out: { type: 'string', short: 'o' }, expect: { type: 'string' }, rules: { type: 'string' } },
    });
    if (positionals.length) throw new CliError(`generate takes no file argument (use --out FILE), got ${positionals.join(' ')}`);
    return import('./commands/generate.ts').then((m) => m.generateCommand(values));
  },
  letters(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { date: { type: 'string' }, out: { type: 'string', short: 'o' }, step: { type: 'string' }, creditor: { type: 'string' }, debtors: { type: 'string' }, format: { type: 'string' }, map: { type: 'string' }, rules: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } },
    });
    if (positionals.length > 1) throw new CliError(`letters takes one claims file, got ${positionals.length}`);
    return import('./commands/letters.ts').then((m) => m.lettersCommand(positionals[0], values));
  },
  letter(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { step: { type: 'string' }, date: { type: 'string' }, creditor: { type: 'string' }, debtor: { type: 'string' }, format: { type: 'string' }, out: { type: 'string', short: 'o' }, force: { type: 'boolean' }, rules: { type: 'string' } },
    });
    if (positionals.length > 1) throw new CliError(`letter takes one claim file, got ${positionals.length}`);
    return import('./commands/letter.ts').then((m) => m.letterCommand(positionals[0], values));
  },
  ledger(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { 'as-of': { type: 'string' }, accounts: { type: 'string' }, format: { type: 'string' }, out: { type: 'string', short: 'o' }, rules: { type: 'string' } },
    });
    if (positionals.length > 1) throw new CliError(`ledger takes one claim file, got ${positionals.length}`);
    return import('./commands/ledger.ts').then((m) => m.ledgerCommand(positionals[0], { asOf: values['as-of'], accounts: values.accounts, format: values.format, out: values.out, rules: values.rules }));
  },
  samlesak(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { 'as-of': { type: 'string' }, format: { type: 'string' }, out: { type: 'string', short: 'o' }, rules: { type: 'string' }, map: { type: 'string' }, workers: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } },
    });
    if (positionals.length > 1) throw new CliError(`samlesak takes one claims file, got ${positionals.length}`);
    return import('./commands/samlesak.ts').then((m) => m.samlesakCommand(positionals[0], { asOf: values['as-of'], format: values.format, out: values.out, rules: values.rules, map: values.map, workers: values.workers, quiet: values.quiet }));
  },
  serve(args) {
    const { values } = parseArgs({ args, strict: true, options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, rules: { type: 'string' }, data: { type: 'string' }, workers: { type: 'string' }, 'log-level': { type: 'string' }, 'drain-seconds': { type: 'string' }, 'cors-origin': { type: 'string' }, 'headers-timeout': { type: 'string' }, 'request-timeout': { type: 'string' }, 'keep-alive-timeout': { type: 'string' }, 'idle-timeout': { type: 'string' }, 'max-connections': { type: 'string' } } });
    return import('./commands/serve.ts').then((m) => m.serveCommand(values));
  },
};

/**
 * Standard output that cannot be written: a reader that went away (`inkasso … | head`) ends the
 * command quietly, as it ends any Unix tool; anything else (a full disk) is said in words, exit 2,
 * instead of an unhandled 'error' event and its stack trace.
 */
function stdoutFailed(e: NodeJS.ErrnoException): void {
  // Nothing is left half-written: an output file not yet complete is removed, as after any failure.
  removeUnfinished();
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  err(cannotWrite('standard output', e).message);
  process.exit(EXIT.badInput);
}

/**
 * A negative number after an option is its value (`--count -1`, `--workers -2`): node's parseArgs
 * would take it for an option and answer "argument is ambiguous", so it is joined to its option
 * (`--count=-1`) and the option's own check says what is wrong with it.
 */
export function negativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (next !== undefined && /^-\d/.test(next) && /^--[a-z][a-z-]*$/.test(a)) {
      out.push(`${a}=${next}`);
      i++;
    } else if (next !== undefined && /^-\d/.test(next) && /^-[a-z]$/i.test(a)) {
      out.push(`${a}${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  if (!process.stdout.listeners('error').includes(stdoutFailed)) process.stdout.on('error', stdoutFailed);
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return command ? EXIT.ok : EXIT.badInput;
  }
  if (command === '--version' || command === '-V' || command === 'version') return import('./commands/version.ts').then((m) => m.versionCommand());
  // Only a command of ours: not what every object inherits ('constructor', 'toString').
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    const meant = closestName(command, Object.keys(COMMANDS));
    err(`inkasso: unknown command '${command}'${meant ? ` (did you mean '${meant}'?)` : ''}\n\n${USAGE}`);
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(usageOf(command));
    return EXIT.ok;
  }
  try {
    return await run(negativeValues(rest));
  } catch (e) {
    if (e instanceof CliError) {
      err(e.message);
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      err(`inkasso ${command}: ${unknownOption(command, (e as Error).message)}`);
      return EXIT.badInput;
    }
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      err(`inkasso ${command}: ${(e as Error).message}`);
      return EXIT.badInput;
    }
    err(`inkasso: internal error: ${(e as Error).message}${process.env.INKASSO_DEBUG ? `\n${(e as Error).stack}` : ' (set INKASSO_DEBUG=1 for details)'}`);
    return EXIT.internal;
  }
}

/**
 * node's "Unknown option '--as-off'. To specify a positional argument starting with a '-', …",
 * said for someone who mistyped an option: which one, the option likely meant, and where the
 * command's options are listed.
 */
function unknownOption(command: string, message: string): string {
  const typed = /Unknown option '([^']+)'/.exec(message)?.[1];
  if (typed === undefined) return message;
  // The options the command's usage names: a new option needs no second list.
  const options = [...new Set(usageOf(command).match(/--[a-z][a-z-]*/g) ?? [])];
  const meant = typed.startsWith('--') ? closestName(typed.split('=')[0]!, options) : undefined;
  return `unknown option '${typed}'${meant ? ` (did you mean ${meant}?)` : ''}; inkasso ${command} --help lists its options`;
}
