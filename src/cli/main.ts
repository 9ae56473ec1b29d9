/**
 * The `tracelight` command (bundled to dist/cli.js; bin/tracelight.js runs it). Commands: serve,
 * import. Planned: `--workspace DIR` for prompt links and `compare A B --json`; they slot into the
 * command table below.
 */
import { type CliIo, processIo, UsageError } from './cli-io';
import { runCompare } from './compare-command';
import { runImport } from './import-command';
import { runServe } from './serve-command';
import { MAIN_USAGE } from './usage';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  serve: runServe,
  import: runImport,
  compare: runCompare,
};

/** Runs one command line; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(MAIN_USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`tracelight: unknown command '${command}'\n\n${MAIN_USAGE}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    // parseArgs reports unknown options and missing values with its own error codes.
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`tracelight ${command}: ${(error as Error).message}\n(see tracelight ${command} --help)\n`);
      return 2;
    }
    io.stderr(`tracelight ${command}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}

export function runFromCommandLine(): void {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runFromCommandLine();
