import type { Adapter, PlatformUrls } from '../../adapters/adapter.js';
import type { Rate } from '../config/schema-parts.js';
import type { HeraldConfig } from '../config/schema.js';

/** What the worker needs to send to one configured channel. */
export interface ChannelTarget {
  channel: { platform: string };
  adapter: Adapter;
  /** Rate-limit scopes, most specific (the destination) first. */
  scopes: string[];
  rate: Rate;
  /** Metric and log labels. */
  labels: { channel: string; platform: string };
}

/**
 * Works out each channel's adapter, scopes, pace and labels once per channel config, not
 * once per delivery (scopes hash the webhook URL). A reload brings new config objects, so
 * the entries of the old ones are simply dropped with them.
 */
export class ChannelTargets {
  readonly #adapterFor: (platform: string) => Adapter;
  readonly #targets = new WeakMap<object, ChannelTarget>();
  readonly #platforms = new WeakMap<HeraldConfig, PlatformUrls>();

  constructor(adapterFor: (platform: string) => Adapter) {
    this.#adapterFor = adapterFor;
  }

  of(name: string, channel: { platform: string; rate?: unknown }): ChannelTarget {
    let target = this.#targets.get(channel);
    if (!target) {
      const adapter = this.#adapterFor(channel.platform);
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

  /** The platforms' base URLs of a config. */
  platforms(config: HeraldConfig): PlatformUrls {
    let urls = this.#platforms.get(config);
    if (!urls) {
      urls = { slackApiUrl: config.platforms.slack.api_url, discordApiUrl: config.platforms.discord.api_url };
      this.#platforms.set(config, urls);
    }
    return urls;
  }
}
