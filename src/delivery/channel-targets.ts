import type { Rate } from '../config/schema-parts.js';
import type { AnyAdapter } from './adapter.js';

/** What the worker needs to send to one configured channel. */
export interface ChannelTarget {
  channel: { platform: string };
  adapter: AnyAdapter;
  /** Rate-limit scopes, most specific (the destination) first. */
  scopes: string[];
  rate: Rate;
  /** Metric and log labels. */
  labels: { channel: string; platform: string };
}

/**
 * Works out each channel's scopes, pace and labels once per channel config, not once per
 * delivery (scopes hash the webhook URL). A reload brings new config objects, so the
 * entries of the old ones are simply dropped with them.
 */
export class ChannelTargets {
  readonly #targets = new WeakMap<object, ChannelTarget>();

  of(name: string, channel: { platform: string; rate?: unknown }, adapter: AnyAdapter): ChannelTarget {
    let target = this.#targets.get(channel);
    if (!target || target.adapter !== adapter) {
      target = {
        channel,
        adapter,
        scopes: adapter.limitScopes(channel),
        rate: (channel.rate as Rate | undefined) ?? adapter.defaultRate,
        labels: { channel: name, platform: adapter.platform },
      };
      this.#targets.set(channel, target);
    }
    return target;
  }
}
