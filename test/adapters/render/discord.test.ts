import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { DiscordChannel } from '../../../adapters/discord/config.js';
import { renderDiscord } from '../../../adapters/discord/render.js';
import { fencesBalanced } from './fences.js';
import { Secret } from '../../../src/config/secret.js';
import { baseEvent } from './hostile.js';
import { assertDiscordLimits } from './limits.js';

const channel: DiscordChannel = { platform: 'discord', webhook_url: new Secret('https://discord.com/api/webhooks/1/x') };

function payloadOf(...args: Parameters<typeof renderDiscord>): { content?: string; embeds: APIEmbed[]; allowed_mentions: unknown; username?: string; avatar_url?: string } {
  return renderDiscord(...args).payload as never;
}

describe('discord render', () => {
  it.each([
    // Critical stands apart from error: discord.js DarkRed and Red.
    ['critical', 0x992d22],
    ['error', 0xed4245],
    ['warning', 0xfee75c],
    ['success', 0x57f287],
    ['info', 0x5865f2],
  ] as const)('discord render – %s is coloured %i', (severity, color) => {
    expect(payloadOf(baseEvent({ severity }), channel).embeds[0]!.color).toBe(color);
  });

  it('discord render – without a mention option nobody can be pinged', () => {
    const p = payloadOf(baseEvent({ title: '@everyone', summary: '@here <@123> <@&456>' }), channel);
    expect(p.allowed_mentions).toEqual({ parse: [] });
    expect(p.content).toBeUndefined();
  });

  it.each([
    ['here', '@here', { parse: ['everyone'] }],
    ['channel', '@everyone', { parse: ['everyone'] }],
    ['80351110224678912', '<@80351110224678912>', { parse: [], users: ['80351110224678912'] }],
    ['role:41771983423143936', '<@&41771983423143936>', { parse: [], roles: ['41771983423143936'] }],
  ])('discord render – mention option %s pings exactly that', (mention, content, allowed) => {
    const p = payloadOf(baseEvent(), channel, { mention });
    expect(p.content).toBe(content);
    expect(p.allowed_mentions).toEqual(allowed);
  });

  it('discord render – a non-numeric id mentions nobody', () => {
    const p = payloadOf(baseEvent(), channel, { mention: 'U024BE7LH' });
    expect([p.content, p.allowed_mentions]).toEqual([undefined, { parse: [] }]);
  });

  it('discord render – title, link, facts as fields, footer and timestamp', () => {
    const p = payloadOf(
      baseEvent({
        fields: [
          { name: 'Model', value: 'm' },
          { name: 'Pages', kind: 'number', value: 8 },
        ],
        links: [{ label: 'Download', url: 'https://x.example/d' }],
      }),
      { ...channel, username: 'Herald', avatar_url: 'https://x.example/a.png' },
    );
    const embed = p.embeds[0]!;
    expect(embed.title).toBe('✅ Code generation completed');
    expect(embed.url).toBe('https://x.example/d');
    expect(embed.fields).toEqual([
      { name: 'Model', value: 'm', inline: true },
      { name: 'Pages', value: '8', inline: true },
      { name: 'Links', value: '[Download](https://x.example/d)', inline: false },
    ]);
    expect(embed.footer).toEqual({ text: 'wpllm (wp-llm) · generation.completed · evt_hostile' });
    expect(embed.timestamp).toBe('2024-01-15T10:30:00.000Z');
    expect([p.username, p.avatar_url]).toEqual(['Herald', 'https://x.example/a.png']);
  });

  it('discord render – code in a fenced block with its language', () => {
    const p = payloadOf(baseEvent({ prompt: 'Make it', body: { format: 'code', content: '<?php echo 1;', language: 'php' } }), channel);
    expect(p.embeds[0]!.description).toBe('**Prompt**\n> Make it\n\n**Completion**\n```php\n<?php echo 1;\n```');
  });

  it('discord render – long content spreads over embeds with balanced fences, within 6000 in total', () => {
    const code = Array.from({ length: 2000 }, (_, i) => `console.log(${i});`).join('\n');
    const p = payloadOf(baseEvent({ body: { format: 'code', content: code, language: 'js' } }), channel);
    expect(p.embeds.length).toBeGreaterThan(1);
    for (const e of p.embeds) expect(fencesBalanced(e.description ?? '')).toBe(true);
    expect(p.embeds[1]!.description!.startsWith('```js\n')).toBe(true);
    expect(p.embeds.at(-1)!.description).toMatch(/\*…truncated \(about [\d,]+ more characters\)\*$/);
    expect(p.embeds.at(-1)!.footer).toBeDefined();
    expect(p.embeds[0]!.footer).toBeUndefined();
    assertDiscordLimits(p);
  });

  it('discord render – issues worst first with line numbers, then "and N more"', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ severity: 'warning' as const, title: `Issue ${i}`, location: String(i), detail: 'Fix' }));
    const p = payloadOf(baseEvent({ category: 'analysis', items: [...items, { severity: 'critical', title: 'Worst' }] }), channel);
    const description = p.embeds[0]!.description!;
    expect(description).toMatch(/^\*\*Issues\*\* \(1 critical · 100 warnings\)\n🔴 \*\*Worst\*\*\n🟡 \*\*Issue 0\*\* · line 0\n {2}↳ Fix/);
    expect(description).toMatch(/\*…and \d+ more\*$/);
  });
});
