import { describe, expect, it } from 'vitest';
import { LOG_LEVELS } from '../src/log.js';
import { captureLog as capture } from './helpers/log.js';

describe('log redaction', () => {
  it('log – shows the listening URL, which is not a secret', () => {
    const { log, lines } = capture();
    log.info({ url: 'http://127.0.0.1:8787', storage: 'sqlite' }, 'herald ready');
    expect(lines[0]).toMatchObject({ url: 'http://127.0.0.1:8787', storage: 'sqlite', msg: 'herald ready' });
  });

  it('log – censors webhook URLs, tokens, secrets, the database URL and PromptPal request URLs', () => {
    const { log, lines } = capture();
    log.info({
      channel: { webhook_url: 'https://hooks.slack.com/services/T/B/HOOKSECRET', token: 'xoxb-TOKENSECRET' },
      source: { secret: 'HMACSECRET', secrets: ['OLDSECRET'] },
      server: { admin_token: 'ADMINSECRET' },
      storage: { url: 'postgres://herald:DBPASSWORD@127.0.0.1:5432/herald' },
      config: { storage: { url: 'postgres://herald:DBPASSWORD2@127.0.0.1/herald' } },
      req: { url: '/webhooks/promptpal?token=QUERYSECRET', headers: { authorization: 'Bearer BEARERSECRET' } },
    });
    const text = JSON.stringify(lines);
    for (const secret of ['HOOKSECRET', 'TOKENSECRET', 'HMACSECRET', 'OLDSECRET', 'ADMINSECRET', 'DBPASSWORD', 'QUERYSECRET', 'BEARERSECRET']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]!.storage).toEqual({ url: '<redacted>' });
  });

  it('log – the accepted levels are pino levels plus silent', () => {
    expect(LOG_LEVELS).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);
  });
});
