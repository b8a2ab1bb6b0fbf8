import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../../adapters/render/markdown.js';
import { markdownToMrkdwn as mrkdwnOfBlocks } from '../../../adapters/slack/mrkdwn.js';
import { renderSlack } from '../../../adapters/slack/render.js';
import type { SlackChannel } from '../../../adapters/slack/config.js';
import { Secret } from '../../../src/config/secret.js';
import { fencesBalanced } from './fences.js';
import { baseEvent } from './hostile.js';
import { assertNoSlackPings, assertSlackLimits, slackBlocksOf } from './limits.js';

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text?: { text: string } | string; url?: string }[] };

const blocks: SlackChannel = { platform: 'slack', webhook_url: new Secret('https://hooks.slack.com/x'), slack_format: 'blocks' };
const markdown: SlackChannel = { ...blocks, slack_format: 'markdown' };

type Payload = { text: string; blocks: Block[]; attachments?: { color: string; blocks: Block[] }[]; username?: string; icon_emoji?: string };

/** The payload with every block in `blocks` (the message's own, then its attachment's) and no attachment. */
function payloadOf(...args: Parameters<typeof renderSlack>): Payload {
  const { attachments: _, ...payload } = renderSlack(...args).payload as Payload;
  return { ...payload, blocks: slackBlocksOf({ ...payload, attachments: _ }) as Block[] };
}

/** What a Markdown body becomes in a section: parsed (and made safe) by the layout, then converted. */
function markdownToMrkdwn(md: string): string {
  return mrkdwnOfBlocks(parseMarkdown(md));
}

describe('slack mrkdwn', () => {
  it('slack mrkdwn – converts headings, emphasis, links, lists and code fences', () => {
    const out = markdownToMrkdwn('# Title\n\n**bold** _it_ ~~gone~~ [docs](https://x.example/a?b=1&c=2)\n\n- one\n- two\n\n```js\nconst a = 1;\n```');
    expect(out).toContain('*Title*');
    expect(out).toContain('*bold*');
    expect(out).toContain('_it_');
    expect(out).toContain('~gone~');
    expect(out).toContain('<https://x.example/a?b=1&amp;c=2|docs>');
    expect(out).toMatch(/•\s+one\n•\s+two/);
    expect(out).toContain('```\nconst a = 1;\n```');
  });

  it('slack mrkdwn – escapes &, < and > exactly once, in prose and in code', () => {
    expect(markdownToMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(markdownToMrkdwn('&amp; stays literal')).toBe('&amp;amp; stays literal');
    expect(markdownToMrkdwn('`<b>` and\n\n```\nif (a < b && c > d) {}\n```')).toBe('`&lt;b&gt;` and\n\n```\nif (a &lt; b &amp;&amp; c &gt; d) {}\n```');
  });

  it('slack mrkdwn – model output cannot ping or forge links', () => {
    const out = markdownToMrkdwn('<!channel> <@U123> <https://evil.example|https://bank.example> <b>x</b>');
    expect(out).not.toMatch(/<[!@]/);
    expect(out).not.toMatch(/<https?:/);
    expect(out).toContain('&lt;!channel&gt;');
  });

  it('slack mrkdwn – a javascript: link is only its text', () => {
    expect(markdownToMrkdwn('[click](javascript:alert(1)) ![i](javascript:x)')).toBe('click i');
  });

  it('slack mrkdwn – keeps blockquotes', () => {
    expect(markdownToMrkdwn('> quoted a > b')).toBe('> quoted a &gt; b');
  });
});

describe('slack render', () => {
  it('slack render – header, fallback text and context line', () => {
    const p = payloadOf(baseEvent({ summary: 'All good' }), blocks);
    expect(p.text).toBe('✅ Code generation completed: All good');
    expect(p.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '✅ Code generation completed', emoji: true } });
    expect(p.blocks.at(-1)).toEqual({
      type: 'context',
      // Slack shows the time in each reader's own time zone; the UTC text is the fallback.
      elements: [{ type: 'mrkdwn', text: 'wpllm (wp-llm) · generation.completed · evt_hostile · <!date^1705314600^{date_short_pretty} {time}|2024-01-15 10:30:00 UTC>' }],
    });
  });

  it('slack render – the details sit in an attachment whose colour bar shows the severity', () => {
    const event = baseEvent({ severity: 'critical', summary: 'All bad', fields: [{ name: 'Pages', kind: 'number', value: 8 }] });
    const p = renderSlack(event, blocks, { mention: 'here' }).payload as Payload;
    // Header and lead (with the route's mention, so it pings as a top-level mention) come first.
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'section']);
    expect(p.blocks[1]!.text!.text).toBe('<!here>\nAll bad');
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments![0]!.color).toBe('#8B0A1E');
    expect(p.attachments![0]!.blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(p.text).toBe('<!here> 🚨 Code generation completed: All bad');
    const colors = (['info', 'success', 'warning', 'error', 'critical'] as const).map(
      (severity) => (renderSlack(baseEvent({ severity }), blocks).payload as Payload).attachments![0]!.color,
    );
    expect(new Set(colors).size).toBe(5);
  });

  it('slack render – markdown format keeps one message-level markdown block, no attachment', () => {
    const p = renderSlack(baseEvent({ body: { format: 'markdown', content: 'hi' } }), markdown).payload as Payload;
    expect(p.attachments).toBeUndefined();
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'markdown', 'context']);
  });

  it('slack render – fallback text stays short', () => {
    const p = payloadOf(baseEvent({ title: 'T'.repeat(5000), summary: 'S'.repeat(5000) }), blocks);
    expect(p.text.length).toBeLessThanOrEqual(300);
    expect((p.blocks[0]!.text!.text).length).toBeLessThanOrEqual(150);
  });

  it.each([
    ['here', '<!here>'],
    ['channel', '<!channel>'],
    ['U024BE7LH', '<@U024BE7LH>'],
    ['role:S0614TZR7', '<!subteam^S0614TZR7>'],
  ])('slack render – mention option %s is prepended to the text and the first section', (mention, token) => {
    const p = payloadOf(baseEvent({ summary: 'hi' }), blocks, { mention });
    expect(p.text.startsWith(`${token} `)).toBe(true);
    expect(p.blocks[1]!.text!.text.startsWith(`${token}\n`)).toBe(true);
    assertSlackLimits(p, { mentionToken: token });
  });

  it('slack render – an unusable mention option mentions nobody', () => {
    const p = payloadOf(baseEvent({ summary: 'hi' }), blocks, { mention: '<!channel>' });
    assertNoSlackPings(p);
  });

  it('slack render – code as a fenced block with its language in the label', () => {
    const p = payloadOf(baseEvent({ body: { format: 'code', content: '<?php echo 1;', language: 'php' } }), blocks);
    const section = p.blocks.find((b) => b.text?.text.startsWith('*Completion*'));
    expect(section!.text!.text).toBe('*Completion* (php)\n```\n&lt;?php echo 1;\n```');
  });

  it('slack render – long content is split across sections with balanced fences, then noted as truncated', () => {
    const code = Array.from({ length: 3000 }, (_, i) => `line ${i} <tag> & more`).join('\n');
    const p = payloadOf(baseEvent({ body: { format: 'code', content: code, language: 'txt' } }), blocks);
    const sections = p.blocks.filter((b) => b.type === 'section' && b.text);
    expect(sections.length).toBeGreaterThan(2);
    for (const s of sections) expect(fencesBalanced(s.text!.text)).toBe(true);
    expect(sections.at(-1)!.text!.text).toMatch(/_…truncated \(about [\d,]+ more characters\)_$/);
    assertSlackLimits(p);
  });

  it('slack render – fact fields and link buttons', () => {
    const p = payloadOf(
      baseEvent({ fields: [{ name: 'Pages', value: '8' }], links: [{ label: 'Download', url: 'https://x.example/d?a=1&b=2' }] }),
      blocks,
    );
    expect(p.blocks).toContainEqual({ type: 'section', fields: [{ type: 'mrkdwn', text: '*Pages*\n8' }] });
    expect(p.blocks).toContainEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Download', emoji: true }, url: 'https://x.example/d?a=1&b=2' }],
    });
  });

  it('slack render – analysis issues worst first with line numbers, then "and N more"', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ severity: i === 150 ? ('critical' as const) : ('warning' as const), title: `Issue ${i}`, detail: 'Fix', location: String(i) }));
    const p = payloadOf(baseEvent({ category: 'analysis', items }), blocks);
    const text = p.blocks.filter((b) => b.text).map((b) => b.text!.text).join('\n');
    expect(text).toMatch(/\*Issues\* \(1 critical · 199 warnings\)\n🔴 \*Issue 150\* · line 150\n {6}↳ Fix\n🟡 \*Issue 0\* · line 0/);
    expect(text).toMatch(/_…and [\d,]+ more_/);
    assertSlackLimits(p);
  });

  it('slack render – username and icon_emoji overrides from the channel', () => {
    const p = payloadOf(baseEvent(), { ...blocks, username: 'Herald', icon_emoji: ':robot_face:' });
    expect([p.username, p.icon_emoji]).toEqual(['Herald', ':robot_face:']);
  });
});

describe('slack render – markdown format', () => {
  it('slack render – slack_format markdown sends one standard-Markdown block with header and context', () => {
    const p = payloadOf(baseEvent({ body: { format: 'code', content: 'echo 1;', language: 'php' }, fields: [{ name: 'Model', value: 'm' }] }), markdown);
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'markdown', 'context']);
    const md = p.blocks[1]!.text as unknown as string;
    expect(md).toContain('- **Model:** m');
    expect(md).toContain('**Completion**\n```php\necho 1;\n```');
  });

  it('slack render – markdown format neutralises pings and keeps code readable', () => {
    const p = payloadOf(baseEvent({ summary: '<!channel> a & b', body: { format: 'markdown', content: 'x <!here>\n\n```\nif (a <@b) {}\n```' } }), markdown);
    const md = p.blocks[1]!.text as unknown as string;
    expect(md).not.toMatch(/<[!@#]/);
    expect(md).toContain('\\&');
    expect(md).toContain('if (a <\u200B@b) {}');
  });

  it('slack render – markdown format keeps the mention option in its own section', () => {
    const p = payloadOf(baseEvent(), markdown, { mention: 'here' });
    expect(p.text.startsWith('<!here> ')).toBe(true);
    expect(p.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '<!here>' } });
  });
});
