import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DRIFT_WARN_INTERVAL_MS, DriftLog, MAX_DRIFT_FIELDS_PER_SOURCE, OTHER_FIELD } from '../../src/http/drift-log.js';
import { Metrics } from '../../src/metrics.js';
import type { DriftEntry } from '../../src/sources/lenient.js';
import { capturingLogger, testApp, wpllmSign } from '../helpers/app.js';

const entry = (field: string): DriftEntry => ({ field, expected: 'string', found: 'object' });

async function driftCount(metrics: Metrics, source: string, field: string): Promise<number> {
  const metric = await metrics.payloadDrift.get();
  return metric.values.find((v) => v.labels.source === source && v.labels.field === field)?.value ?? 0;
}

describe('drift log', () => {
  it('drift log – warns once per source + field per hour, and counts every occurrence', async () => {
    const { logger, lines } = capturingLogger();
    const metrics = new Metrics({ defaults: false });
    let now = 1_000_000;
    const drift = new DriftLog({ log: logger, metrics, now: () => now });

    drift.report('wpllm', [entry('data.model')]);
    now += DRIFT_WARN_INTERVAL_MS - 1;
    drift.report('wpllm', [entry('data.model')]);
    expect(lines.filter((l) => l.field === 'data.model')).toHaveLength(1);

    // Another field, and the same field of another source, are news of their own.
    drift.report('wpllm', [entry('data.usage')]);
    drift.report('other', [entry('data.model')]);
    expect(lines).toHaveLength(3);

    now += 1;
    drift.report('wpllm', [entry('data.model')]);
    expect(lines.filter((l) => l.source === 'wpllm' && l.field === 'data.model')).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, source: 'wpllm', field: 'data.model', expected: 'string', found: 'object' });
    expect(await driftCount(metrics, 'wpllm', 'data.model')).toBe(3);
    expect(await driftCount(metrics, 'other', 'data.model')).toBe(1);
  });

  it('drift log – a source tracks a bounded number of fields; the rest share one label', async () => {
    const metrics = new Metrics({ defaults: false });
    const drift = new DriftLog({ log: pino({ level: 'silent' }), metrics });
    for (let i = 0; i < MAX_DRIFT_FIELDS_PER_SOURCE + 50; i++) drift.report('hooks', [entry(`data.f${i}`)]);
    const labels = (await metrics.payloadDrift.get()).values.map((v) => v.labels.field);
    expect(labels.length).toBeLessThanOrEqual(MAX_DRIFT_FIELDS_PER_SOURCE);
    expect(labels).toContain(OTHER_FIELD);
    expect(await driftCount(metrics, 'hooks', OTHER_FIELD)).toBe(51);
  });

  it('drift log – the receiver logs and counts a drifted field by its path, never its value', async () => {
    const { logger, lines, text } = capturingLogger();
    const { app } = testApp({ logger });
    const body = JSON.stringify({
      id: 'evt_drift_1',
      type: 'analysis.completed',
      data: {
        model: { name: 'private-model-name-42' },
        issues: [
          { severity: 'high', line: 'not-a-line', message: 'a' },
          { severity: 'low', line: { at: 'also-not-a-line' }, message: 'b' },
        ],
      },
    });
    const res = await app.inject({ method: 'POST', url: '/webhooks/wpllm', payload: body, headers: { 'content-type': 'application/json', 'x-wp-llm-signature': wpllmSign(body) } });
    expect(res.statusCode).toBe(200);

    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((w) => [w.field, w.expected, w.found])).toEqual([['data.issues[].line', 'number', 'string']]);
    expect(text()).not.toMatch(/not-a-line|also-not-a-line|private-model-name/);

    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toContain('herald_payload_drift_total{source="wpllm",field="data.issues[].line"} 1');
  });
});
