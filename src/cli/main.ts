import { Command, CommanderError } from 'commander';
import { resolveConfigPath } from '../config/loader.js';
import { SOURCE_TYPES } from '../sources/registry.js';
import { serve } from '../main.js';
import { heraldVersion } from '../version.js';
import { CliError } from './context.js';
import { dlqList, dlqPurge, dlqRetry } from './dlq.js';
import { renderCommand, RENDER_TARGETS, type RenderOptions } from './render.js';
import { routeCommand } from './route.js';
import { sendTestCommand } from './send-test.js';
import { simulateCommand } from './simulate.js';
import { validateCommand } from './validate.js';

const CONFIG_HELP = 'config file (default: $HERALD_CONFIG, else config/herald.yaml)';

function program(setExit: (code: number) => void): Command {
  const run =
    <A extends unknown[]>(fn: (...args: A) => number | Promise<number>) =>
    async (...args: A) =>
      setExit(await fn(...args));

  const cli = new Command('herald')
    .description('Signed AI-service webhooks in; Slack, Discord and Teams messages out.')
    .version(heraldVersion())
    .showHelpAfterError()
    .exitOverride();

  cli
    .command('serve')
    .description('run the webhook receiver and the delivery worker')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run((o: { config?: string }) => serve(resolveConfigPath(o.config, process.env))));

  cli
    .command('validate')
    .description('check the config; print a summary of sources, channels and routes, or every error')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run((o: { config?: string }) => validateCommand(o)));

  cli
    .command('route')
    .description('show which routes an event matches and which channels would receive it')
    .requiredOption('--source <key>', 'source key from the config (sources.<key>), not the provider type')
    .argument('<file>', 'a provider payload (JSON)')
    .option('--json', 'machine-readable output')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run((file: string, o: { source: string; config?: string; json?: boolean }) => routeCommand(file, o)));

  cli
    .command('render')
    .description('print the exact platform payload for a provider payload file (no network; no config with --source-type)')
    .requiredOption('--platform <platform>', `${Object.keys(RENDER_TARGETS).join(' | ')} (teams = teams-adaptive, the default Teams format)`)
    .option('--source-type <type>', `provider type, no config needed: ${SOURCE_TYPES.map((s) => s.type).join(' | ')}`)
    .option('--source <key>', 'or a source key from the config (sources.<key>), as route and simulate take')
    .option('--mention <who>', 'render as a route with `mention:` would (here | channel | <id>)')
    .option('-c, --config <file>', `with --source: ${CONFIG_HELP}`)
    .argument('<file>', 'a provider payload (JSON)')
    .action(run((file: string, o: RenderOptions) => renderCommand(file, o)));

  cli
    .command('simulate')
    .description('send a sample event for a source, signed exactly as the provider signs, to a running server')
    .requiredOption('--source <key>', 'source key from the config (sources.<key>), not the provider type')
    .option('--event <name>', "a sample from --list: the provider's event type, or <type>:<variant> when one type has several (onPromptFinished:failed); default: the first")
    .option('--url <url>', 'server base URL (default: from the config, e.g. http://127.0.0.1:8787)')
    .option('--list', 'list the samples this source can send, one name per line')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run((o: { source: string; event?: string; url?: string; list?: boolean; config?: string }) => simulateCommand(o)));

  cli
    .command('send-test')
    .description('post a sample message to one channel now (bypasses the queue)')
    .requiredOption('--channel <name>', 'channel name from the config')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run((o: { channel: string; config?: string }) => sendTestCommand(o)));

  const dlq = cli.command('dlq').description('inspect and retry dead letters (deliveries given up on)');
  dlq
    .command('list')
    .description("list dead letters: delivery id, event id, channel, attempts and reason")
    .option('--channel <name>', 'only this channel')
    .option('--json', 'machine-readable output')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run((o: { channel?: string; json?: boolean; config?: string }) => dlqList(o)));
  dlq
    .command('retry')
    .description('queue dead letters again: one by id, or --all [--channel]')
    .argument('[id]', 'delivery id (from `herald dlq list`)')
    .option('--all', 'every dead letter')
    .option('--channel <name>', 'with --all: only this channel')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run((id: string | undefined, o: { all?: boolean; channel?: string; config?: string }) => dlqRetry(id, o)));
  dlq
    .command('purge')
    .description('delete dead letters (all, or only those older than a duration)')
    .option('--older-than <duration>', 'e.g. 7d, 12h')
    .option('-y, --yes', 'delete every dead letter without asking (required when stdin is not a terminal)')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run((o: { olderThan?: string; yes?: boolean; config?: string }) => dlqPurge(o)));

  return cli;
}

/**
 * Output piped into a reader that stops early (`herald dlq list | head -1`) ends quietly.
 * node reports the closed pipe as an 'error' event (EPIPE) on the stream, which without a
 * listener ends the process with a stack trace; here the rest of the output is dropped and
 * the command finishes as it would have (`serve` keeps serving).
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

/** The `herald` command. Exits with the command's code; user errors never print a stack. */
export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  let code = 0;
  const cli = program((c) => (code = c));
  try {
    if (argv.length <= 2) {
      cli.outputHelp();
      process.exitCode = 1;
      return;
    }
    await cli.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are "errors" with exit code 0; usage errors were printed already.
      code = err.exitCode;
    } else if (err instanceof CliError) {
      process.stderr.write(`herald: ${err.message}\n`);
      code = err.exitCode;
    } else {
      throw err;
    }
  }
  process.exitCode = code;
}
