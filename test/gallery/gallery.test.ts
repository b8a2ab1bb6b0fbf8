// The message gallery (docs/gallery): generated from the providers' samples with the
// compiled renderers, and laid out as HTML that shows every payload text as text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../adapters/registry.js';
import { layoutOf } from '../../scripts/gallery/html/page.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GALLERY = join(ROOT, 'docs', 'gallery');
const CONTEXT = { app: 'Herald', time: '10:30 AM' };

/** Every file under `dir`, relative to it; the screenshots are made by another command. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('screenshots'))
    .sort();
}

describe('docs/gallery', () => {
  let fresh: string;

  beforeAll(() => {
    fresh = mkdtempSync(join(tmpdir(), 'herald-gallery-test-'));
    // The generator renders with dist/, which `npm test` builds first.
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'gallery.mjs'), fresh], { stdio: 'pipe' });
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('is what the samples and renderers produce now', () => {
    const committed = files(GALLERY);
    const generated = files(fresh);
    const stale = [
      ...generated.filter((f) => !committed.includes(f)).map((f) => `not in docs/gallery: ${f}`),
      ...committed.filter((f) => !generated.includes(f)).map((f) => `no longer generated: ${f}`),
      ...generated.filter((f) => committed.includes(f) && readFileSync(join(fresh, f), 'utf8') !== readFileSync(join(GALLERY, f), 'utf8')).map((f) => `changed: ${f}`),
    ];
    const message = `docs/gallery is out of date (${stale.length} files): run \`npm run gallery\` and commit the result, and \`npm run gallery:screenshots\` for the pictures\n  ${stale.slice(0, 10).join('\n  ')}`;
    expect(stale, message).toEqual([]);
  });

  it('has a page per platform and pages that load nothing and run nothing', () => {
    const pages = files(fresh).filter((f) => f.endsWith('.html'));
    expect(pages).toEqual(['index.html', ...ADAPTERS.map((a) => `${a.platform}.html`)].sort());
    for (const page of pages) {
      const html = readFileSync(join(fresh, page), 'utf8');
      expect(html, page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`);
      expect(html, page).not.toMatch(/<script|<link|<iframe|<img[^>]+src="https?:|url\(/i);
    }
  });

  it('shows the hostile model output as text', () => {
    for (const page of ['slack.html', 'discord.html', 'teams.html', 'console.html']) {
      const html = readFileSync(join(fresh, page), 'utf8');
      expect(html, page).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});

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

describe('gallery layouts', () => {
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
      blocks: [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Download' }, url: 'https://example.com/d' }] }],
    }, CONTEXT);
    expect(slack).toContain('border-left-color:#2eb886');
    expect(slack).toContain('Resets Jan 15 10:30 UTC for @U123');
    expect(slack).toContain('<a href="https://example.com/d" rel="noopener noreferrer" target="_blank"><span class="button">Download</span></a>');

    const discord = layoutOf('discord').html({ embeds: [{ color: 0x57f287, description: 'Resets <t:1768473000:R>', fields: [{ name: 'Limit', value: '100', inline: true }] }] }, CONTEXT);
    expect(discord).toContain('border-left-color:#57f287');
    expect(discord).toContain('January 15, 2026 at 10:30 AM UTC');

    const card = layoutOf('teams').html({ '@type': 'MessageCard', themeColor: 'D13438', title: 'Down', sections: [{ facts: [{ name: 'Limit', value: '100' }] }] }, CONTEXT);
    expect(card).toContain('border-left-color:#d13438');
    expect(card).toMatch(/<td class="fact-title"><p>Limit<\/p><\/td><td><p>100<\/p><\/td>/);
  });
});
