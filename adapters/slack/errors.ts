import { DeliveryError, type DeliveryErrorCode } from '../http.js';

/**
 * Slack's quirk on top of the status table in ../http.ts: the Web API answers HTTP 200
 * with `{"ok":false,"error":"<code>"}`, and incoming webhooks answer with the code as the
 * whole body. One table for both (docs/platform-limits.md#slack-errors and
 * #slack-incoming-webhooks).
 */
const SLACK_ERRORS: Readonly<Record<string, DeliveryErrorCode>> = {
  // Transient: retried by the worker.
  ratelimited: 'RATE_LIMITED',
  rate_limited: 'RATE_LIMITED',
  message_limit_exceeded: 'RATE_LIMITED', // chat.postMessage: "too many messages" for the workspace
  internal_error: 'SERVER',
  service_unavailable: 'SERVER',
  request_timeout: 'SERVER',
  rollup_error: 'SERVER', // incoming webhook 500
  team_added_to_org: 'SERVER', // workspace migrating into an org: "try again later" (chat.postMessage docs)

  // `fatal_error` may have partly succeeded, so a retry risks a duplicate.
  // Herald allows a duplicate only for a delivery in flight at a crash, so it is not
  // retried: it is dead-lettered with a reason that says to check the channel, and
  // `herald dlq retry` re-sends it once a person has looked.
  fatal_error: 'REJECTED',

  // Permanent: credentials and permissions.
  invalid_auth: 'AUTH',
  not_authed: 'AUTH',
  account_inactive: 'AUTH',
  token_revoked: 'AUTH',
  token_expired: 'AUTH',
  missing_scope: 'AUTH',
  no_permission: 'AUTH',
  not_allowed_token_type: 'AUTH',
  ekm_access_denied: 'AUTH',
  access_denied: 'AUTH',
  restricted_action: 'AUTH',
  invalid_token: 'AUTH', // incoming webhook 403
  action_prohibited: 'AUTH', // incoming webhook 403
  posting_to_general_channel_denied: 'AUTH',
  team_access_not_granted: 'AUTH',
  // The channel exists but the bot is not a member: fixed by inviting it, i.e. a permission.
  not_in_channel: 'AUTH',

  // Permanent: the destination is gone.
  channel_not_found: 'GONE',
  is_archived: 'GONE',
  channel_is_archived: 'GONE', // incoming webhook 410
  no_service: 'GONE', // incoming webhook 404: the webhook was removed
  no_active_hooks: 'GONE', // incoming webhook 404
  user_not_found: 'GONE', // incoming webhook 400
  team_not_found: 'GONE',

  // A follow-up whose message is gone (deleted, or no longer editable): the worker posts a
  // new job message instead (docs/platform-limits.md#slack-edits-and-threads). chat.update:
  // message_not_found, cant_update_message, edit_window_closed; chat.postMessage with
  // thread_ts: thread_not_found (the thread's parent was deleted).
  message_not_found: 'MESSAGE_GONE',
  cant_update_message: 'MESSAGE_GONE',
  edit_window_closed: 'MESSAGE_GONE',
  thread_not_found: 'MESSAGE_GONE',

  // Permanent: the message is too big (~12k characters over all blocks: docs/platform-limits.md#slack-total-message-size).
  msg_too_long: 'TOO_LARGE',
  msg_blocks_too_long: 'TOO_LARGE',
  metadata_too_large: 'TOO_LARGE',

  // Permanent: the payload is wrong.
  invalid_blocks: 'REJECTED',
  invalid_blocks_format: 'REJECTED',
  too_many_attachments: 'REJECTED',
  invalid_attachments: 'REJECTED',
  no_text: 'REJECTED',
  invalid_arguments: 'REJECTED',
  invalid_payload: 'REJECTED', // incoming webhook 400
  invalid_form_data: 'REJECTED',
  invalid_json: 'REJECTED',
  json_not_object: 'REJECTED',
  invalid_charset: 'REJECTED',
  invalid_metadata_format: 'REJECTED',
  invalid_metadata_schema: 'REJECTED',
  markdown_text_conflict: 'REJECTED',
};

/** The code for a Slack error string; unknown codes are permanent (Slack's other errors are). */
export function slackErrorCode(error: string): DeliveryErrorCode {
  return SLACK_ERRORS[error] ?? 'REJECTED';
}

export function isKnownSlackError(error: string): boolean {
  return Object.hasOwn(SLACK_ERRORS, error);
}

/** The Web API methods Herald calls. */
export type SlackMethod = 'chat.postMessage' | 'chat.update';

/** A DeliveryError for a Slack error string (`ok:false` or a webhook's error body). */
export function slackError(
  error: string,
  options: { status?: number; retryAfterMs?: number; scope?: string; via: 'webhook' | SlackMethod; cause?: unknown },
): DeliveryError {
  const code = slackErrorCode(error);
  const hint =
    error === 'fatal_error'
      ? ' (Slack may have posted the message anyway; not retried to avoid a duplicate: check the channel, then retry the dead letter)'
      : '';
  const shown = /^[a-z0-9_]{1,64}$/.test(error) ? error : 'unexpected answer';
  return new DeliveryError(code, `slack ${options.via} answered ${shown}${hint}`, {
    ...(options.status !== undefined ? { status: options.status } : {}),
    ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
    // A scope only means something for a wait.
    ...(options.scope !== undefined && code === 'RATE_LIMITED' ? { scope: options.scope } : {}),
    ...(options.cause !== undefined ? { cause: options.cause } : {}),
  });
}
