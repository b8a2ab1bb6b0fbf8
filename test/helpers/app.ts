import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../../src/app.js';
import { REGISTRIES } from '../../src/cli/context.js';
import { parseConfigText } from '../../src/config/loader.js';
import { loggerOptions } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { signatureCarriers } from '../../src/registries.js';
import { buildRuntime } from '../../src/runtime.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import type { Store } from '../../src/store/store.js';

export const WPLLM_SECRET = 'test-wpllm-secret';
export const STD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const ADMIN_TOKEN = 'test-admin-token';

export const TEST_CONFIG = `
server: { body_limit: 64kb, admin_token: "\${ADMIN:-}" }
storage: { driver: memory }
sources:
  wpllm: { type: wp-llm, secret: ${WPLLM_SECRET} }
  hooks: { type: standard-webhooks, secret: ${STD_SECRET} }
channels:
  local: { platform: console }
  other: { platform: console }
routes:
  - match: { type: "generation.*" }
    to: [local, other]
  - match: { source: hooks }
    to: [local]
`;

/** An app on a memory store (or the given one), with no worker: deliveries stay pending. */
export function testApp(options: { store?: Store; admin?: boolean; config?: string; logger?: FastifyBaseLogger } = {}) {
  const loaded = parseConfigText(options.config ?? TEST_CONFIG, options.admin ? { ADMIN: ADMIN_TOKEN } : {}, REGISTRIES);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const runtime = buildRuntime(loaded.config, REGISTRIES.sources);
  const store = options.store ?? new MemoryStore();
  const notified: string[][] = [];
  const metrics = new Metrics({ store: () => store, defaults: false });
  const app = buildApp({ runtime: () => runtime, store, metrics, notify: (c) => notified.push(c), ...(options.logger ? { logger: options.logger } : {}) });
  return { app, store, notified, metrics };
}

export function wpllmBody(id = 'evt_123456789', type = 'generation.completed'): string {
  return JSON.stringify({
    id,
    object: 'event',
    created: 1640995200,
    type,
    data: {
      id: 'gen_1',
      object: 'text_generation',
      created: 1640995200,
      model: 'wp-llm-13b',
      prompt: 'Create a custom post type for testimonials',
      completion: '<?php\nfunction register_testimonial_post_type() {}\n',
      usage: { prompt_tokens: 45, completion_tokens: 234, total_tokens: 279 },
      finish_reason: 'stop',
    },
  });
}

export function wpllmSign(body: string | Buffer, secret = WPLLM_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** A pino logger (Herald's own options) whose JSON lines are kept in `lines`. */
export function capturingLogger(): { logger: FastifyBaseLogger; lines: Record<string, unknown>[]; text: () => string } {
  const lines: Record<string, unknown>[] = [];
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino(loggerOptions(signatureCarriers(REGISTRIES), 'info'), stream) as FastifyBaseLogger, lines, text: () => text };
}
