// Hostile normalized events: whatever a model or a provider can put into an event.
import type { NormalizedEvent } from '../../../src/events/event.js';
import { sampleEvent } from '../../helpers/event.js';

const PINGS = '<!channel> @everyone <@123> <!here> <@&456> @here <#C024BE7LR> <!subteam^S123>';

/** `guardData`: reading `event.data` throws (off where a test framework prints events). */
export function baseEvent(overrides: Partial<NormalizedEvent> = {}, guardData = true): NormalizedEvent {
  const event = sampleEvent({
    id: 'evt_hostile',
    occurred_at: '2024-01-15T10:30:00.000Z',
    received_at: '2024-01-15T10:30:01.000Z',
    ...overrides,
  });
  // Renderers must never read `data` (personal data lives there): reading it throws.
  if (guardData) Object.defineProperty(event, 'data', {
    enumerable: true,
    get() {
      throw new Error('a renderer read event.data');
    },
  });
  return event;
}

function repeatTo(unit: string, chars: number): string {
  return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
}

const CODE_LINE = 'if ($a < $b && $c > $d) { echo "<!channel> <@U123>"; } // ``` not a fence\n';
const MD_UNIT =
  '## Section & more\n\nSome **bold**, a [link](https://example.com/a?b=1&c=2), a [trap](javascript:alert(1)) and `<!here>`.\n\n' +
  '- item one\n- item <@U999>\n\n```js\nconst x = a < b && c > d; // <!channel>\n```\n\n';

export const HOSTILE: Record<string, NormalizedEvent> = {
  'huge code completion': baseEvent({
    body: { format: 'code', content: repeatTo(CODE_LINE, 200 * 1024), language: 'php' },
    prompt: repeatTo('Write PHP. ', 20_000),
    model: 'wp-llm-13b',
    usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    duration_ms: 1234,
  }),
  'huge markdown completion': baseEvent({
    body: { format: 'markdown', content: `${repeatTo(MD_UNIT, 200 * 1024)}\n\`\`\`python\nunclosed = True\n` },
  }),
  'huge single line': baseEvent({ body: { format: 'markdown', content: `\`\`\`${'x'.repeat(50_000)}\n${'y'.repeat(150_000)}` } }),
  '500 analysis issues': baseEvent({
    type: 'analysis.completed',
    category: 'analysis',
    severity: 'critical',
    title: 'Code analysis completed',
    fields: [
      { name: 'Score', kind: 'score', value: 0.12, max: 1 },
      { name: 'Recommendations', kind: 'list', value: Array.from({ length: 100 }, (_, i) => `Recommendation ${i} ${'r'.repeat(400)} <!channel>`) },
    ],
    items: Array.from({ length: 500 }, (_, i) => ({
      severity: (['critical', 'error', 'warning', 'info', 'success'] as const)[i % 5]!,
      title: `Issue ${i}: ${'t'.repeat(i % 7 === 0 ? 2000 : 40)} <!channel>`,
      detail: `Fix it ${'d'.repeat(i % 11 === 0 ? 3000 : 30)} [x](javascript:alert(1))`,
      location: String(i + 1),
    })),
    body: { format: 'markdown', content: repeatTo(MD_UNIT, 50_000) },
  }),
  'unclosed code fence': baseEvent({
    body: { format: 'markdown', content: 'Here is the fix:\n\n```typescript\nexport const a = 1;\n\nfunction f() {\n  return a;\n' },
  }),
  'pings everywhere': baseEvent({
    title: `${PINGS} title`,
    summary: `${PINGS} summary`,
    prompt: `${PINGS} prompt`,
    model: `${PINGS}`,
    body: { format: 'markdown', content: `${PINGS}\n\n\`${PINGS}\`\n\n\`\`\`\n${PINGS}\n\`\`\`` },
    fields: [{ name: `${PINGS}`, value: `${PINGS}` }],
    items: [{ severity: 'error', title: PINGS, detail: PINGS, location: PINGS }],
    links: [{ label: PINGS, url: 'https://example.com/download' }],
  }),
  'pings in failed generation': baseEvent({
    status: 'failed',
    severity: 'error',
    title: 'Code generation failed',
    summary: `E_FAIL: ${PINGS}`,
    error: { code: '<!channel>', message: `${PINGS} [x](javascript:alert(1))` },
  }),
  'typed facts with hostile values': baseEvent({
    fields: [
      { name: `Big ${PINGS}`, kind: 'number', value: 1e308 },
      { name: 'Tiny', kind: 'number', value: -1e-300 },
      { name: 'Long wait', kind: 'delay', value: 8e15 },
      { name: 'Longer than time', kind: 'delay', value: 8.64e15 },
      { name: 'Edge of time', kind: 'time', value: '+275760-09-13T00:00:00.000Z' },
      { name: 'Before 1970', kind: 'time', value: '1900-01-01T00:00:00.000Z' },
      { name: 'Tokens', kind: 'tokens', value: 1e21, prompt: 1e21, completion: 0 },
      { name: 'Score', kind: 'score', value: 1e-9, max: 1e-9 },
      { name: 'Usage', kind: 'usage', value: 1e300, limit: 1e-300 },
      { name: 'Size', kind: 'bytes', value: 1e30 },
      { name: 'Credits', kind: 'credits', value: -0.5 },
      { name: 'Share', kind: 'percent', value: 1e200 },
      { name: PINGS, kind: 'list', value: [PINGS, '[x](javascript:alert(1))', '```\nopen fence', ''] },
      { name: 'Unknown', kind: 'money', value: `${PINGS} [x](javascript:alert(1))` },
    ] as unknown as NormalizedEvent['fields'],
    error: { code: '`a` <!here>', message: '' },
  }),
  'javascript links': baseEvent({
    title: 'Links [x](javascript:alert(1))',
    summary: 'See [x](javascript:alert(1)) and [y](JAVASCRIPT:alert(2)) and [z]( javascript:alert(3) "t")',
    prompt: '[p](javascript:alert(1))',
    body: {
      format: 'markdown',
      content: '[x](javascript:alert(1)) ![i](javascript:alert(1)) [r][1] [d](data:text/html,<script>alert(1)</script>) [v](vbscript:msgbox)\n\n[1]: javascript:alert(1)\n',
    },
    fields: [{ name: 'Link', value: '[f](javascript:alert(1))' }],
    items: [{ severity: 'warning', title: '[i](javascript:alert(1))', detail: '[d](javascript:alert(1))' }],
    links: [
      { label: 'Evil', url: 'javascript:alert(1)' },
      { label: 'Data', url: 'data:text/html,hi' },
      { label: 'Relative', url: '/download' },
    ],
  }),
  'emoji and RTL text': baseEvent({
    title: 'مرحبا بالعالم 👋🏽 שלום 👨‍👩‍👧‍👦 🇺🇦',
    summary: 'نص عربي مع **تنسيق** ‏and mixed‎ direction',
    body: { format: 'markdown', content: repeatTo('😀👨‍👩‍👧‍👦🇺🇦 עברית العربية ', 120_000) },
    items: Array.from({ length: 60 }, () => ({ severity: 'warning' as const, title: '⚠️ تحذير '.repeat(40), detail: '👨‍👩‍👧‍👦'.repeat(100) })),
    fields: Array.from({ length: 30 }, (_, i) => ({ name: `حقل ${i} 🇺🇦`, value: '漢字'.repeat(400) })),
  }),
  'multi-byte code': baseEvent({ body: { format: 'code', content: repeatTo('漢字かな😀\n', 150_000), language: 'text' } }),
  'empty strings': baseEvent({
    title: '',
    summary: '',
    prompt: '',
    model: '',
    body: { format: 'markdown', content: '' },
    fields: [{ name: '', value: '' }, { name: 'Only name', value: '' }, { name: '', value: 'only value' }],
    items: [{ severity: 'info', title: '', detail: '', location: '' }],
    links: [{ label: '', url: 'https://example.com/x' }],
  }),
  'missing optional fields': baseEvent({ category: 'other', status: 'info', severity: 'info', title: 'Something happened' }),
  'oversized everything': baseEvent({
    title: 'T'.repeat(10_000),
    summary: 'S'.repeat(10_000),
    fields: Array.from({ length: 100 }, (_, i) => ({ name: `N${i}${'n'.repeat(500)}`, value: 'v'.repeat(5000) })),
    links: Array.from({ length: 50 }, (_, i) => ({ label: 'L'.repeat(500), url: `https://example.com/${i}/${'p'.repeat(4000)}` })),
    items: Array.from({ length: 50 }, () => ({ severity: 'error' as const, title: 'x'.repeat(5000), detail: 'y'.repeat(5000), location: 'z'.repeat(5000) })),
    body: { format: 'text', content: 'w'.repeat(300_000) },
    id: 'i'.repeat(5000),
    type: 't'.repeat(5000),
    source: 's'.repeat(5000),
  }),
  'control characters': baseEvent({
    title: 'Red \u001b[31malert\u001b[0m \u0007bell',
    summary: 'nul \u0000 here \r\n and \u001b]0;title\u0007',
    body: { format: 'text', content: 'line1\r\nline2\u001b[2J\u0000' },
    prompt: '\ud800 lone surrogate \udc00',
  }),
  'fences inside code': baseEvent({ body: { format: 'code', content: '```\nnot a fence\n```\n~~~\n````md\n', language: 'md' } }),
};

export const MENTIONS = [undefined, 'here', 'channel', '123456789012345678', 'role:987654321098765432'] as const;
