import { severityRank, type NormalizedEvent, type Severity, type Status } from '../events/event.js';
import type { FollowMode } from '../store/store.js';
import { globToRegExp } from './glob.js';
import { failedCondition } from './where.js';

/** One channel an event goes to, with the options of the first route that sent it there. */
export interface Target {
  channel: string;
  mention?: string;
  /** Later events of the same job edit (or reply under) this channel's job message. */
  follow?: FollowMode;
  /** With `follow: edit`: how often a running stream may update the message (ms). */
  streamUpdateMs?: number;
}

export interface RouteVerdict {
  route: string;
  matched: boolean;
  /** Why it did not match, or why it was not evaluated (an earlier `stop`). */
  reason?: string;
  /** The route's `follow`, when it is not `off`. */
  follow?: FollowMode;
}

export interface RoutingResult {
  targets: Target[];
  verdicts: RouteVerdict[];
}

/** A route as the config schema reads it (`routes[]`); the schema's output satisfies it. */
export interface Route {
  name?: string | undefined;
  match: {
    source?: readonly string[] | undefined;
    type?: readonly string[] | undefined;
    status?: readonly Status[] | undefined;
    severity?: Severity | undefined;
    where?: Record<string, unknown> | undefined;
  };
  to: readonly string[];
  stop: boolean;
  mention?: string | undefined;
  /** `edit` | `thread` | `off` (every event its own message). */
  follow?: FollowMode | 'off' | undefined;
  /** ms; see Target.streamUpdateMs. */
  stream_update?: number | undefined;
}

interface CompiledRoute {
  name: string;
  config: Route;
  types?: RegExp[];
}

/**
 * Routes are evaluated in order; the event goes to the union of the `to` lists of every
 * matching route (each channel once), up to and including the first matching `stop: true`.
 */
export class Router {
  readonly #routes: CompiledRoute[];

  readonly #disabled: ReadonlySet<string>;

  /** `disabled`: optional channels without credentials; routes naming them skip them. */
  constructor(routes: readonly Route[], disabled: Iterable<string> = []) {
    this.#disabled = new Set(disabled);
    this.#routes = routes.map((config, i) => ({
      name: config.name ?? `routes[${i}]`,
      config,
      ...(config.match.type ? { types: config.match.type.map(globToRegExp) } : {}),
    }));
  }

  route(event: NormalizedEvent): RoutingResult {
    const targets = new Map<string, Target>();
    const verdicts: RouteVerdict[] = [];
    let stopped: string | undefined;
    for (const route of this.#routes) {
      if (stopped !== undefined) {
        verdicts.push({ route: route.name, matched: false, reason: `not evaluated: route "${stopped}" has stop: true` });
        continue;
      }
      const reason = this.#mismatch(route, event);
      const follow = route.config.follow && route.config.follow !== 'off' ? { follow: route.config.follow } : {};
      verdicts.push(reason === undefined ? { route: route.name, matched: true, ...follow } : { route: route.name, matched: false, reason, ...follow });
      if (reason !== undefined) continue;
      for (const channel of route.config.to) {
        if (targets.has(channel) || this.#disabled.has(channel)) continue;
        const { mention, follow, stream_update: streamUpdateMs } = route.config;
        const following = follow && follow !== 'off' ? { follow, ...(follow === 'edit' && streamUpdateMs ? { streamUpdateMs } : {}) } : {};
        targets.set(channel, { channel, ...(mention ? { mention } : {}), ...following });
      }
      if (route.config.stop) stopped = route.name;
    }
    return { targets: [...targets.values()], verdicts };
  }

  #mismatch(route: CompiledRoute, event: NormalizedEvent): string | undefined {
    const { match } = route.config;
    if (match.source && !match.source.includes(event.source)) return `source "${event.source}" is not one of ${match.source.join(', ')}`;
    if (route.types && !route.types.some((re) => re.test(event.type))) return `type "${event.type}" matches none of ${match.type!.join(', ')}`;
    if (match.status && !match.status.includes(event.status)) return `status ${event.status} is not one of ${match.status.join(', ')}`;
    if (match.severity && severityRank(event.severity) < severityRank(match.severity)) {
      return `severity ${event.severity} is below ${match.severity}`;
    }
    if (match.where) return failedCondition(event, match.where);
    return undefined;
  }
}
