import { describe, expect, it } from 'vitest';
import type { TeamsChannel } from '../../../adapters/teams/config.js';
import { renderTeams } from '../../../adapters/teams/render.js';
import { Secret } from '../../../src/config/secret.js';
import { baseEvent } from './hostile.js';
import { assertTeamsLimits, assertValidAdaptiveCard } from './limits.js';

const adaptive: TeamsChannel = { platform: 'teams', webhook_url: new Secret('https://x.logic.azure.com/workflows/1'), format: 'adaptive-card' };
const messagecard: TeamsChannel = { ...adaptive, format: 'messagecard' };

type Run = { type: string; text: string; fontType?: string };
type Card = { type: string; text?: string; color?: string; fontType?: string; facts?: unknown[]; items?: Card[]; inlines?: Run[] };

function cardOf(...args: Parameters<typeof renderTeams>): { body: Card[]; actions?: unknown[] } {
  const payload = renderTeams(...args).payload as { attachments: { content: { body: Card[]; actions?: unknown[] } }[] };
  return payload.attachments[0]!.content;
}

describe('teams render – adaptive card', () => {
  const event = baseEvent({
    severity: 'error',
    status: 'failed',
    title: 'Code generation failed',
    summary: 'TIMEOUT: upstream timed out',
    error: { code: 'TIMEOUT', message: 'upstream timed out' },
    fields: [{ name: 'Model', kind: 'text', value: 'm' }],
    prompt: 'Write\n  indented',
    links: [{ label: 'Logs', url: 'https://x.example/logs' }],
  });

  it('teams render – the Workflows envelope with a valid Adaptive Card 1.4', () => {
    const { payload } = renderTeams(event, adaptive);
    expect(payload).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: { type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' } } }],
    });
    assertTeamsLimits(payload);
  });

  it('teams render – headline coloured by severity, error in attention, facts in a FactSet, links as Action.OpenUrl', () => {
    const card = cardOf(event, adaptive);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: '❌ Code generation failed', color: 'attention', wrap: true });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: '**Error TIMEOUT**: upstream timed out', color: 'attention' });
    expect(card.body[2]).toEqual({ type: 'FactSet', facts: [{ title: 'Model', value: 'm' }] });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Logs', url: 'https://x.example/logs' }]);
  });

  it('teams render – code as written: a monospace TextRun, never read as Markdown, one line per line', () => {
    const code = 'class A:\n    def __init__(self, *args, **kw):\n\n- not a list  # [x](y)';
    const card = cardOf(baseEvent({ body: { format: 'code', content: code, language: 'python' } }), adaptive);
    const block = card.body.find((b) => b.type === 'RichTextBlock')!;
    expect(block.inlines).toEqual([
      {
        type: 'TextRun',
        fontType: 'Monospace',
        // Indentation and runs of spaces as no-break spaces so they cannot collapse.
        text: 'class A:\n\u00A0\u00A0\u00A0\u00A0def __init__(self, *args, **kw):\n\n- not a list\u00A0\u00A0# [x](y)',
      },
    ]);
    expect(card.body.some((b) => b.text === '**Completion** (python)')).toBe(true);
    assertValidAdaptiveCard(card);
  });

  it('teams render – markdown headings become bold and fenced code monospace', () => {
    const card = cardOf(baseEvent({ body: { format: 'markdown', content: '## Plan\n\nDo it.\n\n```sh\nnpm test\n```' } }), adaptive);
    expect(card.body.map((b) => b.text)).toContain('**Plan**\n\nDo it.');
    expect(card.body.find((b) => b.type === 'RichTextBlock')!.inlines).toEqual([{ type: 'TextRun', text: 'npm test', fontType: 'Monospace' }]);
    assertValidAdaptiveCard(card);
  });

  it('teams render – a here/channel mention is a visible note, never a real mention', () => {
    const card = cardOf(baseEvent(), adaptive, { mention: 'channel' });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: '📣 Heads-up, everyone in this channel' });
    expect(JSON.stringify(card)).not.toMatch(/<at>|"entities"/);
  });

  it('teams render – shrinks a multi-byte 200 KB completion under 28 KB with a truncation note', () => {
    const { payload } = renderTeams(baseEvent({ body: { format: 'markdown', content: '漢字😀 '.repeat(40_000) } }), adaptive);
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(28 * 1024);
    expect(JSON.stringify(payload)).toContain('truncated');
  });
});

describe('teams render – messagecard', () => {
  it('teams render – MessageCard with summary, theme colour, facts and OpenUri actions', () => {
    const { payload } = renderTeams(
      baseEvent({ severity: 'warning', summary: 'a < b & c', fields: [{ name: 'Pages', value: '8' }], links: [{ label: 'Download', url: 'https://x.example/d' }] }),
      messagecard,
    );
    expect(payload).toMatchObject({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: 'Code generation completed: a < b & c',
      themeColor: 'FFB900',
      title: '⚠️ Code generation completed',
      sections: [{ activityTitle: 'a &lt; b &amp; c', facts: [{ name: 'Pages', value: '8' }], markdown: true }],
      potentialAction: [{ '@type': 'OpenUri', name: 'Download', targets: [{ os: 'default', uri: 'https://x.example/d' }] }],
    });
    assertTeamsLimits(payload);
  });

  it('teams render – MessageCard code keeps its fence and language', () => {
    const { payload } = renderTeams(baseEvent({ body: { format: 'code', content: 'a <b>', language: 'html' } }), messagecard);
    const sections = (payload as { sections: { title?: string; text?: string }[] }).sections;
    expect(sections.at(-1)).toEqual({ title: '**Completion** (html)', text: '```html\na &lt;b&gt;\n```', markdown: true });
  });
});
