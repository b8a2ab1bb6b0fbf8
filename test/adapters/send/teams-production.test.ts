import { describe, expect, it } from 'vitest';
import { teamsAdapter } from '../../../adapters/teams/index.js';
import { answerOnce, goldenEvent, goldenPayload, productionContext, useProductionHosts } from './production.js';

useProductionHosts();

/** A Workflows "When a Teams webhook request is received" URL, as Teams shows it (`:443`, encoded `sp`). */
const WORKFLOWS_ORIGIN = 'https://prod-00.westus.logic.azure.com:443';
const WORKFLOWS_PATH =
  '/workflows/0a1b2c3d4e5f4a5b8c9d0e1f2a3b4c5d/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';
/** A legacy Office 365 connector URL. */
const CONNECTOR_PATH =
  '/webhook/4f1c2d3e-aaaa-bbbb-cccc-0123456789ab@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/0123456789abcdef0123456789abcdef/9e8d7c6b-5a4f-3e2d-1c0b-a9f8e7d6c5b4';

describe('teams production requests', () => {
  it('teams adaptive-card – POSTs the Workflows envelope to the URL exactly as given, sig and all', async () => {
    // Workflows answer 202 Accepted with an empty body.
    const seen = answerOnce(WORKFLOWS_ORIGIN, { status: 202 });
    const channel = teamsAdapter.configSchema.parse({ platform: 'teams', webhook_url: `${WORKFLOWS_ORIGIN}${WORKFLOWS_PATH}` });
    await expect(teamsAdapter.send(teamsAdapter.render(goldenEvent(), channel), channel, productionContext('teams'))).resolves.toEqual({});
    expect(seen).toEqual([
      {
        method: 'POST',
        url: `https://prod-00.westus.logic.azure.com:443${WORKFLOWS_PATH}`,
        headers: { host: 'prod-00.westus.logic.azure.com', 'content-type': 'application/json; charset=utf-8' },
        body: goldenPayload('teams-adaptive'),
      },
    ]);
  });

  it('teams messagecard – POSTs the MessageCard to the outlook.office.com connector URL', async () => {
    // Connectors answer 200 with body "1".
    const seen = answerOnce('https://outlook.office.com', { status: 200, body: '1' });
    const channel = teamsAdapter.configSchema.parse({ platform: 'teams', webhook_url: `https://outlook.office.com${CONNECTOR_PATH}`, format: 'messagecard' });
    await expect(teamsAdapter.send(teamsAdapter.render(goldenEvent(), channel), channel, productionContext('teams'))).resolves.toEqual({});
    expect(seen).toEqual([
      {
        method: 'POST',
        url: `https://outlook.office.com${CONNECTOR_PATH}`,
        headers: { host: 'outlook.office.com', 'content-type': 'application/json; charset=utf-8' },
        body: goldenPayload('teams-messagecard'),
      },
    ]);
  });
});
