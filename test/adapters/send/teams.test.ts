import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { teamsAdapter } from '../../../adapters/teams/index.js';
import type { TeamsChannel } from '../../../adapters/teams/config.js';
import { startFakePlatform, type FakePlatform } from '../../fakes/fake-platform.mjs';
import { checkOutcome, outcomeOf, refusedOrigin, sendContext, statusClassRows, type Row } from './helpers.js';

const LEGACY_PATH = '/teams/webhookb2/4f1c2d3e-aaaa-bbbb-cccc-0123456789ab/IncomingWebhook/deadbeefcafe0123456789/secret';
const WORKFLOWS_PATH = '/teams/workflows/abc123def456/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SuperSecretSignature0123456789';
const message = { payload: { type: 'message', attachments: [] }, summary: 'hello' };

let fake: FakePlatform;
beforeAll(async () => {
  fake = await startFakePlatform();
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

function channelAt(origin: string, path = LEGACY_PATH): TeamsChannel {
  return teamsAdapter.configSchema.parse({ platform: 'teams', webhook_url: `${origin}${path}` });
}

async function run(row: Row, path = LEGACY_PATH) {
  const origin = row.transport === 'refused' ? await refusedOrigin() : fake.url;
  if (row.transport === 'timeout') fake.script('/teams/', { status: 200, body: '1', delayMs: 1000 });
  else if (row.reply) fake.script('/teams/', row.reply);
  const ctx = sendContext({ url: origin }, { timeoutMs: row.transport === 'timeout' ? 150 : 2000 });
  return outcomeOf(teamsAdapter.send(message, channelAt(origin, path), ctx));
}

describe('teams send – status → code → retryable', () => {
  const rows: Row[] = [
    { name: '200 "1" (legacy connector)', reply: { status: 200, body: '1' }, expect: 'delivered' },
    { name: '202 empty (Workflows)', reply: { status: 202 }, expect: 'delivered' },
    { name: '204', reply: { status: 204 }, expect: 'delivered' },
    { name: '200 empty (a flow answering 200)', reply: { status: 200, body: '' }, expect: 'delivered' },
    { name: '200 JSON (a flow with its own response)', reply: { status: 200, body: { status: 'accepted' } }, expect: 'delivered' },
    ...statusClassRows(() => 'Microsoft Teams endpoint returned an error'),
  ];
  it.each(rows)('$name', async (row) => {
    checkOutcome(row, await run(row));
  });
});

describe('teams send – legacy 200 with an error text', () => {
  const rows: Row[] = [
    { name: 'HTTP error 413', reply: { status: 200, body: 'Microsoft Teams endpoint returned HTTP error 413' }, expect: 'TOO_LARGE', status: 200 },
    { name: 'HTTP error 429', reply: { status: 200, body: 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=deadbeef' }, expect: 'RATE_LIMITED' },
    { name: 'HTTP error 500', reply: { status: 200, body: 'Microsoft Teams endpoint returned HTTP error 500' }, expect: 'SERVER' },
    { name: 'HTTP error 404', reply: { status: 200, body: 'Microsoft Teams endpoint returned HTTP error 404' }, expect: 'GONE' },
    { name: 'Summary or Text is required.', reply: { status: 200, body: 'Summary or Text is required.' }, expect: 'REJECTED' },
    { name: 'Bad payload', reply: { status: 200, body: 'Bad payload received by generic incoming webhook.' }, expect: 'REJECTED' },
  ];
  it.each(rows)('$name', async (row) => {
    checkOutcome(row, await run(row));
  });

  it('the error text is in the message', async () => {
    const outcome = await run({ name: '', reply: { status: 200, body: 'Microsoft Teams endpoint returned HTTP error 413' }, expect: 'TOO_LARGE' });
    expect((outcome as Error).message).toBe('teams answered 200: Microsoft Teams endpoint returned HTTP error 413');
  });
});

describe('teams send – Workflows', () => {
  it('202 from the fake Workflows route is delivered; the query (sig) is sent', async () => {
    const outcome = await run({ name: '', expect: 'delivered' }, WORKFLOWS_PATH);
    checkOutcome({ name: '', expect: 'delivered' }, outcome);
    expect(fake.requests[0]).toMatchObject({ status: 202, body: message.payload });
    expect(fake.requests[0]!.query.sig).toBe('SuperSecretSignature0123456789');
  });

  it('limitScopes is one hashed webhook scope; describe hides path and query', () => {
    const channel = channelAt('https://prod-00.westus.logic.azure.com', WORKFLOWS_PATH);
    expect(teamsAdapter.limitScopes(channel)).toEqual([expect.stringMatching(/^teams:webhook:[0-9a-f]{16}$/)]);
    expect(teamsAdapter.describe(channel)).toBe('teams adaptive-card webhook https://prod-00.westus.logic.azure.com/<redacted>');
  });
});
