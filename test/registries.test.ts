// The registries are the only list of providers and platforms: every folder is registered,
// every declaration holds, and a provider or platform added to the registries alone is
// configured, received, logged safely, routed, rendered and delivered.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import { REGISTRIES } from '../src/cli/context.js';
import { renderTargets } from '../src/cli/render.js';
import { parseConfigText } from '../src/config/loader.js';
import { requiredSecret, webhookUrl } from '../src/config/schema-parts.js';
import type { Secret } from '../src/config/secret.js';
import type { Adapter, AnyAdapter, RenderedMessage } from '../src/delivery/adapter.js';
import { DeliveryWorker } from '../src/delivery/worker.js';
import { loggerOptions } from '../src/log.js';
import { Metrics } from '../src/metrics.js';
import { signatureCarriers, type Registries } from '../src/registries.js';
import { buildRuntime } from '../src/runtime.js';
import { safeEqual } from '../src/sources/crypto.js';
import { SourceError, type SourceType } from '../src/sources/source.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { sampleEvent } from './helpers/event.js';
import { captureLog } from './helpers/log.js';

const ROOT = join(import.meta.dirname, '..');

/** Folders holding an index.ts: one provider (src/sources/) or platform (adapters/) each. */
function registeredFolders(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

describe('registries – every folder is registered, once', () => {
  it('source registry – each provider folder under src/sources/ is registered once, under its folder name', () => {
    expect(REGISTRIES.sources.map((s) => s.type).sort()).toEqual(registeredFolders('src/sources'));
  });

  it('adapter registry – each platform folder under adapters/ is registered once, under its folder name', () => {
    expect(REGISTRIES.adapters.map((a) => a.platform).sort()).toEqual(registeredFolders('adapters'));
  });
});

describe.each(REGISTRIES.sources.map((s) => [s.type, s] as const))('%s declarations', (type, source) => {
  it(`${type} declarations – the example config is valid`, () => {
    expect(source.configSchema.safeParse(source.exampleConfig).error).toBeUndefined();
  });

  it(`${type} declarations – the signature headers and token parameters are the ones it signs with`, () => {
    const signed = source.sign(Buffer.from('{}'), source.configSchema.parse(source.exampleConfig), new Date());
    const sent = Object.keys(signed.headers).map((h) => h.toLowerCase());
    expect(source.signatureHeaders.length + (source.signatureQuery?.length ?? 0)).toBeGreaterThan(0);
    if (source.signatureHeaders.length > 0) expect(source.signatureHeaders.some((h) => sent.includes(h))).toBe(true);
    for (const name of source.signatureQuery ?? []) expect(Object.keys(signed.query ?? {})).toContain(name);
  });

  it(`${type} declarations – its logged signature headers and tokens are censored`, () => {
    const config = source.configSchema.parse(source.exampleConfig);
    const signed = source.sign(Buffer.from('{"id":"x"}'), config, new Date());
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const { log, lines } = captureLog();
    log.info({ req: { headers, query: signed.query ?? {} } }, 'webhook rejected');
    const text = JSON.stringify(lines);
    for (const name of source.signatureHeaders) if (headers[name]) expect(text).not.toContain(headers[name]);
    for (const name of source.signatureQuery ?? []) expect(text).not.toContain(signed.query![name]);
  });
});

describe.each(REGISTRIES.adapters.map((a) => [a.platform, a] as const))('%s declarations', (platform, adapter) => {
  it(`${platform} declarations – every render format's channel is a valid channel of the platform`, () => {
    const formats = Object.values(adapter.renderFormats);
    expect(formats.length).toBeGreaterThan(0);
    for (const format of formats) expect((adapter.configSchema as z.ZodType).safeParse(format.channel).error).toBeUndefined();
  });

  it(`${platform} declarations – its platform settings, if any, all have defaults`, () => {
    if (adapter.platformSchema) expect(adapter.platformSchema.safeParse({}).error).toBeUndefined();
  });
});

it('adapter registry – render format names are unique across platforms (they name golden and gallery folders)', () => {
  const names = REGISTRIES.adapters.flatMap((a) => Object.keys(a.renderFormats));
  expect(new Set(names).size).toBe(names.length);
});

// ---------------------------------------------------------------------------------------
// One more provider and one more platform, registered and nothing else.

interface AcmeConfig {
  type: 'acme';
  token: Secret;
}

const acmeSource: SourceType<AcmeConfig> = {
  type: 'acme',
  configSchema: z.strictObject({ type: z.literal('acme'), token: requiredSecret }),
  exampleConfig: { type: 'acme', token: 'example-acme-token' },
  signatureHeaders: ['x-acme-token'],
  create: (key, config) => ({
    key,
    provider: 'acme',
    verify(req) {
      const token = req.headers['x-acme-token'];
      if (token === undefined) throw new SourceError('missing_signature');
      if (!safeEqual(token, config.token.reveal())) throw new SourceError('invalid_signature');
    },
    parse(req) {
      const body = JSON.parse(req.raw.toString('utf8')) as { id: string; title: string };
      return { kind: 'event', event: sampleEvent({ id: body.id, source: key, provider: 'acme', type: 'acme.done', title: body.title }) };
    },
  }),
  samples: () => ({ 'acme.done': { id: 'acme_1', title: 'Acme job done' } }),
  sign: (_raw, config) => ({ headers: { 'X-Acme-Token': config.token.reveal() } }),
};

interface PagerChannel {
  platform: 'pager';
  webhook_url: Secret;
  style: 'short' | 'long';
}

const pages: { message: RenderedMessage; apiUrl: string }[] = [];
afterEach(() => void pages.splice(0));

const pagerAdapter: Adapter<PagerChannel, { api_url: string }> = {
  platform: 'pager',
  configSchema: z.strictObject({ platform: z.literal('pager'), webhook_url: webhookUrl, style: z.enum(['short', 'long']).default('short') }),
  platformSchema: z.strictObject({ api_url: z.url().default('https://pager.example/api') }),
  defaultRate: { count: 100, perMs: 1000 },
  renderFormats: {
    'pager-short': { channel: { platform: 'pager', webhook_url: 'https://pager.example/hook', style: 'short' }, what: 'a page', preview: 'read it' },
    'pager-long': { channel: { platform: 'pager', webhook_url: 'https://pager.example/hook', style: 'long' }, what: 'a long page', preview: 'read it' },
  },
  render: (event, channel) => ({ payload: channel.style === 'short' ? event.title : `${event.title} (${event.type})`, summary: event.title }),
  async send(message, _channel, ctx) {
    pages.push({ message, apiUrl: ctx.platformConfig.api_url });
    return {};
  },
  limitScopes: () => ['pager'],
  describe: () => 'pager',
};

const EXTENDED: Registries = { sources: [...REGISTRIES.sources, acmeSource as unknown as SourceType], adapters: [...REGISTRIES.adapters, pagerAdapter as unknown as AnyAdapter] };

const CONFIG = `
storage: { driver: memory }
platforms:
  pager: { api_url: "http://127.0.0.1:1/pager" }
sources:
  jobs: { type: acme, token: "\${ACME_TOKEN}" }
channels:
  oncall: { platform: pager, webhook_url: "https://pager.example/hook/oncall", style: long }
routes:
  - match: { type: "acme.*" }
    to: [oncall]
`;

describe('registries – a provider and a platform added to the registries alone', () => {
  it('registries – the config accepts their keys, and only where they are registered', () => {
    expect(parseConfigText(CONFIG, { ACME_TOKEN: 'tok' }, EXTENDED).ok).toBe(true);
    const without = parseConfigText(CONFIG, { ACME_TOKEN: 'tok' }, REGISTRIES);
    expect(without.ok ? [] : without.errors).toEqual(
      expect.arrayContaining([
        `sources.jobs.type: expected one of ${REGISTRIES.sources.map((s) => s.type).join(', ')}, got "acme"`,
        `channels.oncall.platform: expected one of ${REGISTRIES.adapters.map((a) => a.platform).join(', ')}, got "pager"`,
      ]),
    );
  });

  it('registries – their render formats are render targets, and the platform name renders its default format', () => {
    const targets = renderTargets(EXTENDED.adapters);
    expect(targets.get('pager-long')?.channel).toMatchObject({ style: 'long' });
    expect(targets.get('pager')).toMatchObject({ aliasOf: 'pager-short', channel: { style: 'short' } });
  });

  it('registries – the logger censors their signature header', () => {
    const lines: string[] = [];
    const log = pino(loggerOptions(signatureCarriers(EXTENDED)), { write: (line: string) => void lines.push(line) });
    log.info({ req: { headers: { 'x-acme-token': 'LEAKED-ACME-TOKEN' } } }, 'webhook rejected');
    expect(lines.join('')).not.toContain('LEAKED-ACME-TOKEN');
  });

  it('registries – an event of the new provider is received, routed and delivered by the new platform', async () => {
    const loaded = parseConfigText(CONFIG, { ACME_TOKEN: 'acme-secret' }, EXTENDED);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const runtime = buildRuntime(loaded.config, EXTENDED.sources);
    const store = new MemoryStore();
    const metrics = new Metrics({ store: () => store, defaults: false });
    const log = pino({ level: 'silent' });
    const worker = new DeliveryWorker({ runtime: () => runtime, store, metrics, log, adapters: EXTENDED.adapters });
    const app = buildApp({ runtime: () => runtime, store, metrics, notify: (channels) => worker.notify(channels) });
    await worker.start();
    try {
      const body = JSON.stringify({ id: 'acme_42', title: 'Nightly build done' });
      const refused = await app.inject({ method: 'POST', url: '/webhooks/jobs', payload: body, headers: { 'content-type': 'application/json', 'x-acme-token': 'wrong' } });
      expect(refused.statusCode).toBe(401);
      const res = await app.inject({ method: 'POST', url: '/webhooks/jobs', payload: body, headers: { 'content-type': 'application/json', 'x-acme-token': 'acme-secret' } });
      expect(res.json()).toEqual({ received: true, id: 'acme_42', deliveries: 1 });
      await expect.poll(() => pages.length).toBe(1);
      expect(pages[0]).toEqual({ message: { payload: 'Nightly build done (acme.done)', summary: 'Nightly build done' }, apiUrl: 'http://127.0.0.1:1/pager' });
    } finally {
      await worker.stop(1000);
      await app.close();
    }
  });
});
