// The gallery's HTML layouts of the platforms' payloads: every text from a payload shows
// as text, only web links are followed, and no payload shape breaks a page.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutOf } from '../../scripts/gallery/html/page.mjs';

const CONTEXT = { app: 'Herald', time: '10:30 AM' };
const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const SHOWN = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;';
const BAD_COLOR = 'red;background:url(https://evil.example/)';

/** Payloads with hostile text, links and colours in every field a layout reads. */
const HOSTILE: Record<string, [platform: string, payload: unknown]> = {
  slack: ['slack', {
    text: EVIL,
    username: EVIL,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: EVIL } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${EVIL}* <javascript:alert(3)|click> <https://ok.example/?q=&quot;&gt;|${EVIL}> &lt;script&gt;` },
        fields: [{ type: 'mrkdwn', text: `_${EVIL}_` }],
        accessory: { type: 'button', text: { type: 'plain_text', text: EVIL }, url: 'javascript:alert(3)' },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<!date^1768473000^{date}|${EVIL}> <@U123|${EVIL}>` }, { type: 'image', alt_text: EVIL }] },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: EVIL }, url: 'https://ok.example/?q="><script>x</script>' }] },
      { type: 'markdown', text: `[${EVIL}](javascript:alert(3)) ${EVIL}\n\`\`\`\n${EVIL}\n\`\`\`` },
      {
        type: 'rich_text',
        elements: [
          { type: 'rich_text_section', elements: [{ type: 'text', text: EVIL, style: { bold: true } }, { type: 'link', url: 'javascript:alert(3)', text: EVIL }, { type: 'emoji', name: EVIL, unicode: 'zz' }] },
          { type: 'rich_text_list', style: 'bullet', elements: [{ type: 'rich_text_section', elements: [{ type: 'user', user_id: EVIL }, { type: 'date', timestamp: 0, fallback: EVIL }] }] },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: EVIL }] },
        ],
      },
      { type: EVIL },
    ],
    attachments: [{ color: BAD_COLOR, pretext: EVIL, title: EVIL, title_link: 'javascript:alert(3)', text: EVIL, fields: [{ title: EVIL, value: EVIL, short: true }], footer: EVIL }],
  }],
  discord: ['discord', {
    content: `${EVIL} <t:${EVIL}:R>`,
    username: EVIL,
    embeds: [{
      title: EVIL,
      url: 'javascript:alert(3)',
      author: { name: EVIL, url: 'javascript:alert(3)' },
      description: `${EVIL} [x](javascript:alert(3)) **${EVIL}** \`${EVIL}\`\n> ${EVIL}\n\`\`\`html\n${EVIL}\n\`\`\``,
      color: BAD_COLOR,
      fields: [{ name: EVIL, value: EVIL, inline: true }, { name: EVIL, value: EVIL }],
      footer: { text: EVIL },
      timestamp: EVIL,
    }],
  }],
  'teams adaptive card': ['teams', {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          body: [
            { type: 'TextBlock', text: EVIL, size: EVIL, color: EVIL, spacing: EVIL },
            { type: 'FactSet', facts: [{ title: EVIL, value: EVIL }] },
            { type: 'Container', style: EVIL, items: [{ type: 'TextBlock', text: `**${EVIL}**` }] },
            { type: 'ColumnSet', columns: [{ width: EVIL, items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: EVIL, selectAction: { url: 'javascript:alert(3)' } }] }] }] },
            { type: 'Image', url: 'https://evil.example/pixel.png', altText: EVIL },
            { type: EVIL },
          ],
          actions: [{ type: 'Action.OpenUrl', title: EVIL, url: 'javascript:alert(3)' }],
        },
      },
      { contentType: EVIL },
    ],
  }],
  'teams messagecard': ['teams', {
    '@type': 'MessageCard',
    summary: EVIL,
    themeColor: BAD_COLOR,
    title: EVIL,
    text: `${EVIL} &lt;script&gt;`,
    sections: [{ activityTitle: EVIL, activitySubtitle: EVIL, activityImage: 'https://evil.example/a.png', title: EVIL, text: EVIL, facts: [{ name: EVIL, value: EVIL }] }],
    potentialAction: [{ '@type': 'OpenUri', name: EVIL, targets: [{ os: 'default', uri: 'javascript:alert(3)' }] }],
  }],
  console: ['console', `${EVIL}\n${EVIL}`],
  'platform without a layout': ['pager', { text: EVIL }],
};

/** Any JSON, or hostile text, wherever a layout reads a field. */
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(EVIL));
const shaped = (keys: Record<string, fc.Arbitrary<unknown>>) => fc.oneof(value, fc.record(keys, { requiredKeys: [] }));
const many = (item: fc.Arbitrary<unknown>) => fc.oneof(value, fc.array(item, { maxLength: 4 }));
const typed = (types: string[], keys: Record<string, fc.Arbitrary<unknown>>) => shaped({ type: fc.constantFrom(...types, EVIL), ...keys });

const slackElement = typed(['button', 'image', 'mrkdwn', 'plain_text', 'rich_text_section', 'rich_text_list', 'text', 'link', 'emoji', 'user', 'date'], {
  text: shaped({ type: fc.constantFrom('mrkdwn', 'plain_text'), text: value }), url: value, elements: value, style: value, unicode: value,
});
const slackBlock = typed(['header', 'section', 'context', 'actions', 'divider', 'markdown', 'image', 'rich_text'], {
  text: shaped({ type: fc.constantFrom('mrkdwn', 'plain_text'), text: value }), fields: many(value), elements: many(slackElement), accessory: slackElement,
});
const cardElement = typed(['TextBlock', 'FactSet', 'Container', 'ColumnSet', 'ActionSet', 'Image', 'RichTextBlock'], {
  text: value, facts: many(value), items: value, columns: many(value), actions: value, inlines: many(value), size: value, color: value, weight: value, spacing: value, style: value,
});
const SHAPES: Record<string, fc.Arbitrary<unknown>> = {
  slack: shaped({ text: value, blocks: many(slackBlock), attachments: many(shaped({ color: value, text: value, fields: value, blocks: many(slackBlock), footer: value, title: value, title_link: value })) }),
  discord: shaped({ content: value, username: value, embeds: many(shaped({ title: value, url: value, description: value, color: value, fields: many(value), footer: value, timestamp: value, author: value })) }),
  teams: fc.oneof(
    shaped({ type: value, attachments: many(shaped({ contentType: fc.constantFrom('application/vnd.microsoft.card.adaptive', EVIL), content: shaped({ body: many(cardElement), actions: many(value) }) })) }),
    shaped({ '@type': fc.constant('MessageCard'), title: value, text: value, summary: value, themeColor: value, sections: many(shaped({ activityTitle: value, title: value, text: value, facts: many(value), potentialAction: many(value) })), potentialAction: many(value) }),
  ),
  console: value,
};

describe('gallery layouts', () => {
  it.each(Object.keys(SHAPES))('draw a %s payload of any shape without breaking the page', (platform) => {
    fc.assert(
      fc.property(SHAPES[platform]!, (payload) => {
        const html = layoutOf(platform).html(payload, CONTEXT);
        expect(html).not.toMatch(/<script|<img|<iframe/i);
      }),
      { numRuns: 300 },
    );
  });

  it.each(Object.entries(HOSTILE))('show every text of a %s payload as text, and follow only web links', (_name, [platform, payload]) => {
    const html = layoutOf(platform).html(payload, CONTEXT);
    expect(html).not.toMatch(/<script|<img|<iframe/i);
    expect(html).toContain(SHOWN);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
    expect(html).not.toContain('url(');
    expect(html).not.toContain('evil.example');
  });

  it("draws the platforms' colour bars, dates and buttons", () => {
    const slack = layoutOf('slack').html({
      text: 'fallback',
      attachments: [{ color: 'good', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Resets <!date^1768473000^{date_short}|Jan 15 10:30 UTC> for <@U123>' } }] }],
      blocks: [
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Download' }, url: 'https://example.com/d' }] },
        { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'emoji', name: 'thumbsup', unicode: '1f44d' }, { type: 'text', text: ' done', style: { bold: true } }] }] },
      ],
    }, CONTEXT);
    expect(slack).toContain('border-left-color:#2eb886');
    expect(slack).toContain('Resets Jan 15 10:30 UTC for @U123');
    expect(slack).toContain('<a href="https://example.com/d" rel="noopener noreferrer" target="_blank"><span class="button">Download</span></a>');
    expect(slack).toContain('👍<strong> done</strong>');

    const discord = layoutOf('discord').html({ embeds: [{ color: 0x57f287, description: 'Resets <t:1768473000:R>', fields: [{ name: 'Limit', value: '100', inline: true }] }] }, CONTEXT);
    expect(discord).toContain('border-left-color:#57f287');
    expect(discord).toContain('January 15, 2026 at 10:30 AM UTC');

    const card = layoutOf('teams').html({ '@type': 'MessageCard', themeColor: 'D13438', title: 'Down', sections: [{ facts: [{ name: 'Limit', value: '100' }] }] }, CONTEXT);
    expect(card).toContain('border-left-color:#d13438');
    expect(card).toMatch(/<td class="fact-title"><p>Limit<\/p><\/td><td><p>100<\/p><\/td>/);
  });
});
