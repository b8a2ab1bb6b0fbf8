import { describe, expect, it } from 'vitest';
import type { TeamsChannel } from '../../../adapters/teams/config.js';
import { renderTeams } from '../../../adapters/teams/render.js';
import { Secret } from '../../../src/config/secret.js';
import { baseEvent } from './hostile.js';
import { assertTeamsLimits, assertValidAdaptiveCard } from './limits.js';

const adaptive: TeamsChannel = { platform: 'teams', webhook_url: new Secret('https://x.logic.azure.com/workflows/1'), format: 'adaptive-card' };
const messagecard: TeamsChannel = { ...adaptive, format: 'messagecard' };

type Card = { type: string; text?: string; color?: string; fontType?: string; facts?: unknown[]; items?: Card[] };

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

  it('teams render – code in a monospace TextBlock with line breaks and indentation kept', () => {
    const card = cardOf(baseEvent({ body: { format: 'code', content: 'def f():\n    return 1\n\n- not a list', language: 'python' } }), adaptive);
    const code = card.body.find((b) => b.fontType === 'Monospace')!;
    expect(code.text).toBe('def f():\n\n\u00A0\u00A0\u00A0\u00A0return 1\n\n\u00A0\n\n\u200B- not a list');
    expect(card.body.some((b) => b.text === '**Completion** (python)')).toBe(true);
  });

  it('teams render – markdown headings become bold and fenced code monospace', () => {
    const card = cardOf(baseEvent({ body: { format: 'markdown', content: '## Plan\n\nDo it.\n\n```sh\nnpm test\n```' } }), adaptive);
    expect(card.body.map((b) => b.text)).toContain('**Plan**\n\nDo it.');
    expect(card.body.find((b) => b.fontType === 'Monospace')!.text).toBe('npm test');
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
