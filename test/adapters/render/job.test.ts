// A message that stands for a whole job (RenderOptions.job) says when the job started and
// how long it has run, where the context is. Without `job` the payloads are the goldens
// (golden.test.ts).
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../src/events/format.js';
import { assertLimits, assertPings, loadFixtures, PLATFORM_NAMES, renderAs } from './platforms.js';

const fixtures = loadFixtures();
const event = fixtures.find((f) => f.name === 'generation-completed-php')!.event;
const occurredMs = Date.parse(event.occurred_at);
/** Two minutes and five seconds before the event. */
const startedAt = occurredMs - 125_000;
const seconds = Math.floor(startedAt / 1000);
const job = { startedAt };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- payloads are read by shape

const payloadOf = (format: string, options = {}): Json => renderAs(format, event, options).payload as Json;

describe('render – a job\'s message', () => {
  it('slack: a second element in the context block, with a date token', () => {
    const payload = payloadOf('slack', { job });
    const context = payload.attachments[0].blocks.at(-1);
    expect(context.type).toBe('context');
    expect(context.elements[1]).toEqual({
      type: 'mrkdwn',
      text: `Started <!date^${seconds}^{date_short_pretty} {time}|${formatTimestamp(startedAt)}> · 2 min 5 s`,
    });
    expect(context.elements[0]).toEqual(payloadOf('slack').attachments[0].blocks.at(-1).elements[0]);
  });

  it('slack-markdown: the same element in its context block', () => {
    const context = payloadOf('slack-markdown', { job }).blocks.at(-1);
    expect(context.elements).toHaveLength(2);
    expect(context.elements[1].text).toMatch(/^Started <!date\^\d+\^/);
  });

  it('discord: a "Job" field, in the reader\'s time zone', () => {
    const fields = payloadOf('discord', { job }).embeds[0].fields as Json[];
    expect(fields).toContainEqual({ name: 'Job', value: `Started <t:${seconds}:f> · 2 min 5 s`, inline: true });
    expect(fields.filter((f) => f.name !== 'Job')).toEqual(payloadOf('discord').embeds[0].fields);
  });

  it('teams-adaptive: a small subtle line under the context line', () => {
    const body = payloadOf('teams-adaptive', { job }).attachments[0].content.body as Json[];
    const plain = payloadOf('teams-adaptive').attachments[0].content.body as Json[];
    expect(body.slice(0, -1)).toEqual(plain);
    expect(body.at(-1)).toEqual({
      type: 'TextBlock',
      text: `Started ${formatTimestamp(startedAt)} · 2 min 5 s`,
      wrap: true,
      isSubtle: true,
      size: 'Small',
      spacing: 'None',
    });
  });

  it('teams-messagecard: the main section\'s activity text', () => {
    const section = payloadOf('teams-messagecard', { job }).sections[0];
    expect(section.activityText).toBe(`Started ${formatTimestamp(startedAt)} · 2 min 5 s`);
    expect(section.activitySubtitle).toBe(payloadOf('teams-messagecard').sections[0].activitySubtitle);
  });

  it('the job\'s first event (under a second, or before the start by the source\'s clock): only when it started', () => {
    for (const at of [occurredMs - 400, occurredMs + 5_000]) {
      const value = (payloadOf('discord', { job: { startedAt: at } }).embeds[0].fields as Json[]).find((f) => f.name === 'Job')!.value;
      expect(value).toBe(`Started <t:${Math.floor(at / 1000)}:f>`);
    }
  });

  it('a start that is no valid time shows nothing', () => {
    expect(payloadOf('discord', { job: { startedAt: Number.NaN } })).toEqual(payloadOf('discord'));
  });

  it.each(PLATFORM_NAMES)('%s: every fixture within the limits, pinging nobody, with a job', (format) => {
    for (const fixture of fixtures) {
      const { payload } = renderAs(format, fixture.event, { job: { startedAt: 1_700_000_000_000 } });
      assertLimits(format, payload);
      assertPings(format, payload, undefined);
    }
  });
});
