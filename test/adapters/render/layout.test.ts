import { describe, expect, it } from 'vitest';
import { PLAIN } from '../../../adapters/render/format.js';
import { buildLayout, contextLine } from '../../../adapters/render/layout.js';
import type { NormalizedEvent } from '../../../src/events/event.js';
import { baseEvent } from './hostile.js';

describe('layout', () => {
  it('layout headline – says a failure or a cancellation the title does not say, and nothing else', () => {
    expect(buildLayout(baseEvent({ title: 'Prompt run', status: 'failed', severity: 'error' })).headline).toBe('Prompt run — failed');
    expect(buildLayout(baseEvent({ title: 'Deck', status: 'cancelled' })).headline).toBe('Deck — cancelled');
    expect(buildLayout(baseEvent({ title: 'Prompt run failed', status: 'failed' })).headline).toBe('Prompt run failed');
    // An event with no lifecycle is not "completed" or "started": "File uploaded", "User created".
    expect(buildLayout(baseEvent({ title: 'File uploaded', status: 'completed' })).headline).toBe('File uploaded');
    expect(buildLayout(baseEvent({ title: 'User created', status: 'started' })).headline).toBe('User created');
    expect(buildLayout(baseEvent({ title: 'New Ask message', status: 'progress' })).headline).toBe('New Ask message');
    expect(buildLayout(baseEvent({ title: '', type: 'x.y' })).headline).toBe('x.y');
  });

  it('layout summary and lead – the summary once in the body; the preview line says the most it can', () => {
    const message = buildLayout(
      baseEvent({ category: 'conversation', summary: 'Reset it from **Settings**.', body: { format: 'markdown', content: 'Reset it from **Settings**.\n\nMore.' } }),
    );
    expect(message.summary).toBeUndefined();
    expect(message.lead).toBe('Reset it from **Settings**.');
    const facts = buildLayout(baseEvent({ fields: [{ name: 'Remaining', kind: 'credits', value: 50 }, { name: 'Threshold', kind: 'credits', value: 100 }, { name: 'User', value: 'u' }] }));
    expect(facts.lead).toBe('Remaining 50 credits, Threshold 100 credits');
    const failed = buildLayout(baseEvent({ status: 'failed', summary: 'x', error: { code: 'E', message: 'boom' } }));
    expect(failed.lead).toBe('boom');
  });

  it('layout emoji – by severity, an hourglass for work that started', () => {
    expect(buildLayout(baseEvent({ severity: 'critical' })).emoji).toBe('🚨');
    expect(buildLayout(baseEvent({ status: 'started', severity: 'info' })).emoji).toBe('⏳');
  });

  it('layout facts – in the event order, scores first and then the issue count', () => {
    const layout = buildLayout(
      baseEvent({
        fields: [
          { name: 'Pages', kind: 'number', value: 8 },
          { name: 'Score', kind: 'score', value: 0.3, max: 1 },
          { name: 'Model', value: 'm' },
        ],
        items: [{ severity: 'error', title: 'e1' }, { severity: 'warning', title: 'w1' }],
      }),
    );
    expect(layout.facts).toEqual([
      { name: 'Score', kind: 'score', value: 0.3, max: 1 },
      { name: 'Issues', kind: 'text', value: '1 error · 1 warning' },
      { name: 'Pages', kind: 'number', value: 8 },
      { name: 'Model', kind: 'text', value: 'm' },
    ]);
  });

  it('layout facts – model, usage and duration_ms alone make no facts: normalizers say what to show', () => {
    expect(buildLayout(baseEvent({ model: 'm', usage: { total_tokens: 3 }, duration_ms: 1500 })).facts).toEqual([]);
  });

  it('layout facts – a field of an older event (no kind) is text, cleaned and capped', () => {
    const layout = buildLayout(baseEvent({ fields: [{ name: ' Retry\nafter ', value: `60 [x](javascript:alert(1)) ${'v'.repeat(400)}` }] }));
    expect(layout.facts[0]!.name).toBe('Retry after');
    expect(layout.facts[0]!.kind).toBe('text');
    expect(layout.facts[0]!.value).toMatch(/^60 x v+…$/);
    expect((layout.facts[0]!.value as string).length).toBe(300);
  });

  it('layout facts – values that do not fit their kind are dropped or shown as what they are', () => {
    const fields = [
      { name: 'Infinite', kind: 'number', value: Number.POSITIVE_INFINITY },
      { name: 'Negative duration', kind: 'duration', value: -5 },
      { name: 'Not a time', kind: 'time', value: 'soon' },
      { name: 'Score out of range', kind: 'score', value: 7, max: 1 },
      { name: 'Usage without limit', kind: 'usage', value: 7 },
      { name: 'Flag as text', kind: 'flag', value: 'yes' },
      { name: 'Future kind', kind: 'money', value: '12 EUR' },
      { name: 'Tokens with one part', kind: 'tokens', value: 12, prompt: 5 },
    ] as unknown as NormalizedEvent['fields'];
    expect(buildLayout(baseEvent({ fields })).facts).toEqual([
      { name: 'Not a time', kind: 'text', value: 'soon' },
      { name: 'Score out of range', kind: 'number', value: 7 },
      { name: 'Usage without limit', kind: 'number', value: 7 },
      { name: 'Future kind', kind: 'text', value: '12 EUR' },
      { name: 'Tokens with one part', kind: 'tokens', value: 12 },
    ]);
  });

  it('layout error – the event error, with or without a code; no error is read out of the summary', () => {
    const typed = buildLayout(baseEvent({ status: 'failed', summary: 'E_X: boom', error: { code: 'E_X', message: 'boom' } }));
    expect(typed.error).toEqual({ code: 'E_X', message: 'boom' });
    expect(typed.summary).toBeUndefined();
    expect(buildLayout(baseEvent({ status: 'failed', error: { message: 'it broke' } })).error).toEqual({ message: 'it broke' });
    const untyped = buildLayout(baseEvent({ status: 'failed', summary: 'Project 123 · prompt 457' }));
    expect(untyped.error).toBeUndefined();
    expect(untyped.summary).toBe('Project 123 · prompt 457');
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

  it('layout lists – a list field becomes a titled list, not a fact', () => {
    const layout = buildLayout(baseEvent({ fields: [{ name: 'Recommendations', kind: 'list', value: ['One', ' ', 'Two\nlines'] }] }));
    expect(layout.lists).toEqual([{ title: 'Recommendations', entries: ['One', 'Two lines'] }]);
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
      omittedChars: 0,
    });
    expect(buildLayout(baseEvent({ body: { format: 'markdown', content: '[x](javascript:1)\n```js\nopen' } })).content).toMatchObject({
      kind: 'markdown',
      title: 'Completion',
      text: 'x\n```js\nopen\n```',
      omittedChars: 0,
    });
  });

  it('layout content – a body longer than any platform shows is cut once, and the cut is counted', () => {
    const content = buildLayout(baseEvent({ body: { format: 'text', content: 'w'.repeat(300_000) } })).content!;
    expect(content.text.length).toBe(20_000);
    expect(content.omittedChars).toBe(280_000);
  });

  it('layout context – source · type · id · time, the time written by the platform', () => {
    const layout = buildLayout(baseEvent());
    expect(layout.context).toEqual(['wpllm (wp-llm)', 'generation.completed', 'evt_hostile']);
    expect(contextLine(layout, PLAIN)).toBe('wpllm (wp-llm) · generation.completed · evt_hostile · 2024-01-15 10:30:00 UTC');
    // An occurred_at that is no time is shown as the text it is.
    expect(buildLayout(baseEvent({ occurred_at: 'yesterday' })).context).toEqual(['wpllm (wp-llm)', 'generation.completed', 'evt_hostile', 'yesterday']);
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
