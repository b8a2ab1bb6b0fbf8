import { describe, expect, it } from 'vitest';
import { Metrics } from '../src/metrics.js';

describe('metrics', () => {
  it('metrics – hot-path counts add up across scrapes, per label set', async () => {
    const metrics = new Metrics({ defaults: false });
    metrics.countEvent('wpllm', 'generation.completed', 'accepted');
    metrics.countEvent('wpllm', 'generation.completed', 'accepted');
    metrics.countEvent('wpllm', '', 'invalid_signature');
    const first = await metrics.registry.metrics();
    expect(first).toContain('herald_events_received_total{source="wpllm",type="generation.completed",outcome="accepted"} 2');
    expect(first).toContain('herald_events_received_total{source="wpllm",type="",outcome="invalid_signature"} 1');

    metrics.countEvent('wpllm', 'generation.completed', 'accepted');
    metrics.countDelivery('ops', 'slack', 'sent');
    const second = await metrics.registry.metrics();
    expect(second).toContain('herald_events_received_total{source="wpllm",type="generation.completed",outcome="accepted"} 3');
    expect(second).toContain('herald_events_received_total{source="wpllm",type="",outcome="invalid_signature"} 1');
    expect(second).toContain('herald_deliveries_total{channel="ops",platform="slack",outcome="sent"} 1');
    expect(await metrics.registry.metrics()).toContain('herald_deliveries_total{channel="ops",platform="slack",outcome="sent"} 1');
  });
});
