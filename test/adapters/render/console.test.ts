import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../adapters/console/render.js';
import { baseEvent } from './hostile.js';

function textOf(...args: Parameters<typeof renderConsole>): string {
  return renderConsole(...args).payload as string;
}

describe('console render', () => {
  it('console render – headline with a severity marker, facts, links and the context line', () => {
    const text = textOf(
      baseEvent({ severity: 'warning', fields: [{ name: 'Model', kind: 'text', value: 'm' }], links: [{ label: 'Download', url: 'https://x.example/d' }] }),
      { platform: 'console' },
    );
    expect(text).toBe(
      [
        '[WARN] Code generation completed',
        '',
        '  Model:             m',
        '',
        'Links:',
        '  Download: https://x.example/d',
        '',
        '— wpllm (wp-llm) · generation.completed · evt_hostile · 2024-01-15 10:30:00 UTC',
        '',
      ].join('\n'),
    );
  });

  it('console render – truncates the body at 2,000 characters with a note', () => {
    const text = textOf(baseEvent({ body: { format: 'text', content: 'x'.repeat(10_000) } }), { platform: 'console' });
    expect(text).toContain('… truncated (8,000 more characters)');
    expect(text.length).toBeLessThan(2500);
  });

  it('console render – issues with markers and locations', () => {
    const text = textOf(baseEvent({ items: [{ severity: 'critical', title: 'Bad', detail: 'Fix it', location: '3' }] }), { platform: 'console' });
    expect(text).toContain('Items (1 critical):\n  [CRITICAL] Bad (line 3)\n      → Fix it');
  });

  it('console render – no terminal escape sequences from event text', () => {
    const text = textOf(baseEvent({ title: '\u001b[2J\u001b[31mred', summary: 'bell\u0007' }), { platform: 'console' });
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
  });
});
