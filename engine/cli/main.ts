/**
 * The inkasso command. The only module with argv, stdout and exit codes.
 * Exit codes: 0 ok, 1 violations found or tests failed, 2 bad input, 3 internal error.
 */
import { parseArgs } from 'node:util';
import { evaluateCommand } from './commands/evaluate.ts';
import { testCommand } from './commands/test.ts';
import { validateCommand } from './commands/validate.ts';
import { CliError, EXIT, err, out } from './io.ts';

const USAGE = `Usage: inkasso <command> [options]

Commands:
  validate [--rules DIR]                       Check the rule files; prints every problem as file:line:col
  evaluate FILE|- --as-of DATE [--rules DIR]   Evaluate one claim (JSON) as of a date
           [--format json|text] [--no-trace]
  test [--rules DIR] [--golden DIR] [-v]       Run the golden corpus against the rules

Exit codes: 0 ok, 1 violations found or tests failed, 2 bad input, 3 internal error.
`;

export type Command = (args: string[]) => number | Promise<number>;

/** Further commands (replay, generate, serve) register here. */
export const COMMANDS: Record<string, Command> = {
  validate(args) {
    const { values } = parseArgs({ args, options: { rules: { type: 'string' } }, strict: true });
    return validateCommand(values);
  },
  evaluate(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { 'as-of': { type: 'string' }, rules: { type: 'string' }, format: { type: 'string' }, 'no-trace': { type: 'boolean', default: false } },
    });
    if (positionals.length > 1) throw new CliError(`evaluate takes one claim file, got ${positionals.length}`);
    return evaluateCommand(positionals[0], { asOf: values['as-of'], rules: values.rules, format: values.format, trace: !values['no-trace'] });
  },
  test(args) {
    const { values } = parseArgs({ args, strict: true, options: { rules: { type: 'string' }, golden: { type: 'string' }, verbose: { type: 'boolean', short: 'v', default: false } } });
    return testCommand(values);
  },
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return command ? EXIT.ok : EXIT.badInput;
  }
  const run = COMMANDS[command];
  if (!run) {
    err(`inkasso: unknown command '${command}'\n\n${USAGE}`);
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(USAGE);
    return EXIT.ok;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      err(e.message);
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      err(`inkasso ${command}: ${(e as Error).message}`);
      return EXIT.badInput;
    }
    err(`inkasso: internal error: ${(e as Error).message}${process.env.INKASSO_DEBUG ? `\n${(e as Error).stack}` : ' (set INKASSO_DEBUG=1 for details)'}`);
    return EXIT.internal;
  }
}
