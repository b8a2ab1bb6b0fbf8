// The messages the fake platform keeps, answering as Slack's and Discord's APIs do: posts
// get a Slack `ts` or a Discord snowflake id, edits change what is kept, Discord threads
// are started once per message. Plain JavaScript, like fake-platform.mjs.

/** The channel a webhook posts into (one per fake): its messages' `channel_id` outside threads. */
const WEBHOOK_CHANNEL_ID = '100000000000000001';

const unknownMessage = () => ({ status: 404, body: { message: 'Unknown Message', code: 10008 } });

/** A parsed JSON object body, or an empty one. */
function objectOr(body) {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};
}

export function keptMessages() {
  /** Slack ts or Discord id → { platform, id, channel, body, edits, thread?, webhookId? } (FakeMessage). */
  const messages = new Map();
  /** Discord thread id → the thread channel. */
  const threads = new Map();
  let snowflake = BigInt(Date.now() - 1420070400000) << 22n;
  let slackSeq = 0;

  function keepDiscord(body, channel, { webhookId, thread }) {
    const id = (snowflake += 1n).toString();
    const message = { platform: 'discord', id, channel, body: objectOr(body), edits: 0 };
    if (thread !== undefined) message.thread = thread;
    if (webhookId !== undefined) message.webhookId = webhookId;
    messages.set(id, message);
    return discordMessage(message);
  }

  /** Edit Message: the fields given replace the kept message's. */
  function editDiscord(message, body) {
    message.body = { ...message.body, ...objectOr(body) };
    message.edits++;
    return { status: 200, body: { ...discordMessage(message), edited_timestamp: new Date().toISOString() } };
  }

  /** A Discord message the bot can reach in `channelId`, or undefined. */
  function inChannel(channelId, messageId) {
    const message = messages.get(messageId);
    return message?.platform === 'discord' && message.channel === channelId ? message : undefined;
  }

  return {
    messages,
    clear() {
      messages.clear();
      threads.clear();
    },

    /** chat.postMessage: a unique, increasing `ts`; a reply (thread_ts) needs its parent in the channel. */
    slackPost(raw) {
      const { channel = 'C0000000000', ...content } = objectOr(raw);
      const threadTs = typeof content.thread_ts === 'string' ? content.thread_ts : undefined;
      if (threadTs !== undefined) {
        const parent = messages.get(threadTs);
        if (parent?.platform !== 'slack' || parent.channel !== channel) return { status: 200, body: { ok: false, error: 'thread_not_found' } };
      }
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++slackSeq).padStart(6, '0')}`;
      messages.set(ts, { platform: 'slack', id: ts, channel, body: content, edits: 0, ...(threadTs !== undefined ? { thread: threadTs } : {}) });
      const message = { type: 'message', ts, bot_id: 'B0000000000', text: content.text ?? '', ...(threadTs !== undefined ? { thread_ts: threadTs } : {}) };
      return { status: 200, body: { ok: true, channel, ts, message } };
    },

    /** chat.update: the fields given replace the kept message's. */
    slackUpdate(raw) {
      const { channel, ts, ...content } = objectOr(raw);
      const message = messages.get(ts);
      if (message?.platform !== 'slack' || message.channel !== channel) return { status: 200, body: { ok: false, error: 'message_not_found' } };
      message.body = { ...message.body, ...content };
      message.edits++;
      const text = message.body.text ?? '';
      return { status: 200, body: { ok: true, channel, ts, text, message: { type: 'message', ts, text, edited: { ts } } } };
    },

    /** Execute Webhook: the message, in `threadId` when given. */
    webhookPost(webhookId, threadId, body) {
      return keepDiscord(body, threadId ?? WEBHOOK_CHANNEL_ID, { webhookId, thread: threadId });
    },

    /** Edit Webhook Message: found only by its webhook, and in a thread only with that `thread_id`. */
    webhookEdit(webhookId, messageId, threadId, body) {
      const message = messages.get(messageId);
      const found = message?.platform === 'discord' && message.webhookId === webhookId && message.thread === threadId;
      return found ? editDiscord(message, body) : unknownMessage();
    },

    /** Create Message: any channel; a thread started here is a channel too. */
    botPost(channelId, body) {
      return { status: 200, body: keepDiscord(body, channelId, { thread: threads.has(channelId) ? channelId : undefined }) };
    },

    botEdit(channelId, messageId, body) {
      const message = inChannel(channelId, messageId);
      return message ? editDiscord(message, body) : unknownMessage();
    },

    /** Start Thread from Message: the thread has the message's id; a second start is refused. */
    startThread(channelId, messageId, body) {
      if (!inChannel(channelId, messageId)) return unknownMessage();
      if (threads.has(messageId)) return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
      const name = typeof body?.name === 'string' ? body.name : '';
      if (name.length < 1 || name.length > 100) return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
      const thread = { id: messageId, type: 11, parent_id: channelId, name, owner_id: '100000000000000002', message_count: 0, thread_metadata: { archived: false, locked: false } };
      threads.set(messageId, thread);
      return { status: 201, body: thread };
    },
  };
}

function discordMessage(message) {
  return {
    id: message.id,
    type: 0,
    content: typeof message.body.content === 'string' ? message.body.content : '',
    channel_id: message.channel,
    embeds: Array.isArray(message.body.embeds) ? message.body.embeds : [],
    timestamp: new Date().toISOString(),
    ...(message.webhookId ? { webhook_id: message.webhookId } : {}),
  };
}
