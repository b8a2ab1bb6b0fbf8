import { Command, CommanderError } from 'commander';
import { heraldVersion } from '../version.js';
import { CliError } from './cli-error.js';

// Command definitions stay cheap: each command's implementation (and with it the config
// schema, the registries, the store or the server) is imported only when the command runs,
// so `herald --help` and `<command> --help` load commander and little else.

const CONFIG_HELP = 'config file (default: $HERALD_CONFIG, else config/herald.yaml)';

/** What `render --help` lists, from the registries; undefined when `render` is not on the command line. */
interface RenderLists {
  platforms: string;
  sourceTypes: string;
}

function program(setExit: (code: number) => void, renderLists: RenderLists | undefined): Command {
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
    .action(
      run(async (o: { config?: string }) => {
        const [{ serve }, { REGISTRIES }, { resolveConfigPath }] = await Promise.all([import('../main.js'), import('./context.js'), import('../config/loader.js')]);
        return serve(resolveConfigPath(o.config, process.env), REGISTRIES);
      }),
    );

  cli
    .command('validate')
    .description('check the config; print a summary of sources, channels and routes, or every error')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run(async (o: { config?: string }) => (await import('./validate.js')).validateCommand(o)));

  cli
    .command('route')
    .description('show which routes an event matches and which channels would receive it')
    .requiredOption('--source <key>', 'source key from the config (sources.<key>), not the provider type')
    .argument('<file>', 'a provider payload (JSON)')
    .option('--json', 'machine-readable output')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run(async (file: string, o: { source: string; config?: string; json?: boolean }) => (await import('./route.js')).routeCommand(file, o)));

  cli
    .command('render')
    .description('print the exact platform payload for a provider payload file (no network; no config with --source-type)')
    .requiredOption('--platform <platform>', renderLists?.platforms ?? 'a platform or one of its render formats')
    .option('--source-type <type>', `provider type, no config needed${renderLists ? `: ${renderLists.sourceTypes}` : ''}`)
    .option('--source <key>', 'or a source key from the config (sources.<key>), as route and simulate take')
    .option('--mention <who>', 'render as a route with `mention:` would (here | channel | <id>)')
    .option('--follow <prior-file>', "render FILE as the edit that follows PRIOR-FILE, the job's earlier event (route option follow)")
    .option('-c, --config <file>', `with --source: ${CONFIG_HELP}`)
    .argument('<file>', 'a provider payload (JSON)')
    .action(run(async (file: string, o: import('./render.js').RenderOptions) => (await import('./render.js')).renderCommand(file, o)));

  cli
    .command('simulate')
    .description('send a sample event for a source, signed exactly as the provider signs, to a running server')
    .requiredOption('--source <key>', 'source key from the config (sources.<key>), not the provider type')
    .option('--event <name>', "a sample from --list: the provider's event type, or <type>:<variant> when one type has several (onPromptFinished:failed); default: the first")
    .option('--url <url>', 'server base URL (default: from the config, e.g. http://127.0.0.1:8787)')
    .option('--list', 'list the samples this source can send, one name per line')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run(async (o: { source: string; event?: string; url?: string; list?: boolean; config?: string }) => (await import('./simulate.js')).simulateCommand(o)));

  cli
    .command('send-test')
    .description('post a sample message to one channel now (bypasses the queue)')
    .requiredOption('--channel <name>', 'channel name from the config')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run(async (o: { channel: string; config?: string }) => (await import('./send-test.js')).sendTestCommand(o)));

  const dlq = cli.command('dlq').description('inspect and retry dead letters (deliveries given up on)');
  dlq
    .command('list')
    .description("list dead letters: delivery id, event id, channel, attempts and reason")
    .option('--channel <name>', 'only this channel')
    .option('--json', 'machine-readable output')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run(async (o: { channel?: string; json?: boolean; config?: string }) => (await import('./dlq.js')).dlqList(o)));
  dlq
    .command('retry')
    .description('queue dead letters again: one by id, or --all [--channel]')
    .argument('[id]', 'delivery id (from `herald dlq list`)')
    .option('--all', 'every dead letter')
    .option('--channel <name>', 'with --all: only this channel')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run(async (id: string | undefined, o: { all?: boolean; channel?: string; config?: string }) => (await import('./dlq.js')).dlqRetry(id, o)));
  dlq
    .command('purge')
    .description('delete dead letters (all, or only those older than a duration)')
    .option('--older-than <duration>', 'e.g. 7d, 12h')
    .option('-y, --yes', 'delete every dead letter without asking (required when stdin is not a terminal)')
    .option('-c, --config <file>', CONFIG_HELP)
    .action(run(async (o: { olderThan?: string; yes?: boolean; config?: string }) => (await import('./dlq.js')).dlqPurge(o)));

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
  // `render`'s help lists the registries' platforms and provider types, and loading the
  // registries costs most of a second: only when the command line names `render`
  // (`herald render …`, `herald help render`).
  const renderLists = argv.slice(2).includes('render') ? (await import('./render.js')).renderHelp() : undefined;
  const cli = program((c) => (code = c), renderLists);
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
