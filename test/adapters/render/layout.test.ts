import { describe, expect, it } from 'vitest';
import { buildLayout } from '../../../adapters/render/layout.js';
import { baseEvent } from './hostile.js';

describe('layout', () => {
  it('layout headline – adds the status when the title does not say it', () => {
    expect(buildLayout(baseEvent({ title: 'LLM completion' })).headline).toBe('LLM completion');
    expect(buildLayout(baseEvent({ title: 'Prompt run', status: 'failed', severity: 'error' })).headline).toBe('Prompt run — failed');
    expect(buildLayout(baseEvent({ title: '', type: 'x.y' })).headline).toBe('x.y — completed');
  });

  it('layout emoji – by severity, an hourglass for work that started', () => {
    expect(buildLayout(baseEvent({ severity: 'critical' })).emoji).toBe('🚨');
    expect(buildLayout(baseEvent({ status: 'started', severity: 'info' })).emoji).toBe('⏳');
  });

  it('layout facts – model, tokens and duration from the event unless a field already has them', () => {
    const derived = buildLayout(baseEvent({ model: 'm', usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }, duration_ms: 1500 }));
    expect(derived.facts).toEqual([
      { name: 'Model', value: 'm' },
      { name: 'Tokens', value: '3 (1 prompt + 2 completion)' },
      { name: 'Duration', value: '1.5 s' },
    ]);
    const own = buildLayout(
      baseEvent({ model: 'm', duration_ms: 25_500, fields: [{ name: 'Pages', value: '8' }, { name: 'Generation time', value: '25.5 s' }, { name: 'Model', value: 'm' }] }),
    );
    expect(own.facts.map((f) => f.name)).toEqual(['Pages', 'Generation time', 'Model']);
  });

  it('layout facts – score as a percentage with its band', () => {
    const facts = (value: string) => buildLayout(baseEvent({ fields: [{ name: 'Score', value }] })).facts[0]!.value;
    expect(facts('0.3')).toBe('🔴 30%');
    expect(facts('0.65')).toBe('🟡 65%');
    expect(facts('92')).toBe('🟢 92%');
    expect(facts('8/10')).toBe('🟢 80%');
    expect(facts('n/a')).toBe('n/a');
  });

  it('layout facts – reset and retry times absolute and relative to occurred_at', () => {
    const layout = buildLayout(
      baseEvent({
        fields: [
          { name: 'Limit', value: '100' },
          { name: 'Current usage', value: '80' },
          { name: 'Resets at', value: '2024-01-15T11:30:00.000Z' },
          { name: 'reset_time', value: '1705314660' },
          { name: 'Retry after', value: '60' },
        ],
      }),
    );
    expect(layout.facts).toEqual([
      { name: 'Limit', value: '100' },
      { name: 'Current usage', value: '80 of 100 (80%)' },
      { name: 'Resets at', value: '2024-01-15 11:30:00 UTC (in 1 h)' },
      { name: 'reset_time', value: '2024-01-15 10:31:00 UTC (in 1 min)' },
      { name: 'Retry after', value: '1 min (at 2024-01-15 10:31:00 UTC)' },
    ]);
  });

  it('layout error – from error fields, or a failure summary split into code and message', () => {
    const fromFields = buildLayout(
      baseEvent({ status: 'failed', summary: 'E_X: boom', fields: [{ name: 'Error code', value: 'E_X' }, { name: 'Error message', value: 'boom' }] }),
    );
    expect(fromFields.error).toEqual({ code: 'E_X', message: 'boom' });
    expect(fromFields.summary).toBeUndefined();
    expect(fromFields.facts).toEqual([]);
    expect(buildLayout(baseEvent({ status: 'failed', summary: 'rate_limited: slow down' })).error).toEqual({ code: 'rate_limited', message: 'slow down' });
    expect(buildLayout(baseEvent({ status: 'failed', summary: 'Error: it broke' })).error).toEqual({ message: 'Error: it broke' });
  });

  it('layout items – worst first, stable, with line numbers and counts', () => {
    const layout = buildLayout(
      baseEvent({
        items: [
          { severity: 'warning', title: 'w1', location: '3' },
          { severity: 'critical', title: 'c1' },
          { severity: 'warning', title: 'w2', location: 'a.php:9' },
          { severity: 'error', title: 'e1', detail: 'fix it' },
        ],
      }),
    );
    expect(layout.items.map((i) => i.title)).toEqual(['c1', 'e1', 'w1', 'w2']);
    expect(layout.items[2]!.location).toBe('line 3');
    expect(layout.items[3]!.location).toBe('a.php:9');
    expect(layout.itemCounts).toBe('1 critical · 1 error · 2 warnings');
  });

  it('layout recommendations – a bulleted field becomes a list', () => {
    const layout = buildLayout(baseEvent({ fields: [{ name: 'Recommendations', value: '• One\n- Two\n3. Three' }] }));
    expect(layout.recommendations).toEqual(['One', 'Two', 'Three']);
    expect(layout.facts).toEqual([]);
  });

  it('layout links – http(s) only, deduplicated, labelled', () => {
    const layout = buildLayout(
      baseEvent({
        links: [
          { label: 'Download', url: 'https://x.example/d' },
          { label: 'Again', url: 'https://x.example/d' },
          { label: 'Evil', url: 'javascript:alert(1)' },
          { label: '', url: 'http://y.example' },
        ],
      }),
    );
    expect(layout.links).toEqual([
      { label: 'Download', url: 'https://x.example/d' },
      { label: 'Open', url: 'http://y.example' },
    ]);
  });

  it('layout content – code keeps its language, markdown gets balanced fences and safe links', () => {
    expect(buildLayout(baseEvent({ body: { format: 'code', content: '<?php\n', language: 'php' } })).content).toEqual({
      kind: 'code',
      title: 'Completion',
      language: 'php',
      text: '<?php',
    });
    expect(buildLayout(baseEvent({ body: { format: 'markdown', content: '[x](javascript:1)\n```js\nopen' } })).content).toEqual({
      kind: 'markdown',
      title: 'Completion',
      text: 'x\n```js\nopen\n```',
    });
  });

  it('layout context – source · type · id · time', () => {
    expect(buildLayout(baseEvent()).context).toEqual(['wpllm (wp-llm)', 'generation.completed', 'evt_hostile', '2024-01-15 10:30:00 UTC']);
  });

  it('layout – never reads event.data', () => {
    expect(() => buildLayout(baseEvent())).not.toThrow();
  });
});

describe('layout – duplicates', () => {
  it('layout summary – dropped when it only repeats the prompt', () => {
    expect(buildLayout(baseEvent({ summary: 'Create a post type', prompt: 'Create a post type\nwith fields' })).summary).toBeUndefined();
    expect(buildLayout(baseEvent({ summary: 'Done in 2 s', prompt: 'Create a post type' })).summary).toBe('Done in 2 s');
  });
});
