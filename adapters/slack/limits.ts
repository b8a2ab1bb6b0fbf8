// Slack limits Herald enforces; docs/platform-limits.md#slack-block-kit lists them with their sources.

// docs.slack.dev/reference/block-kit/blocks (src: node-slack-sdk packages/types/src/block-kit/):
/** 50 blocks per message. */
export const MAX_BLOCKS = 50;
/** `header` text: plain_text ≤ 150 chars. */
export const HEADER_MAX_CHARS = 150;
/** `section.text` 1–3000 chars. */
export const SECTION_TEXT_MAX_CHARS = 3000;
/** `section.fields` ≤ 10 items. */
export const SECTION_MAX_FIELDS = 10;
/** Each `section.fields` item ≤ 2000 chars. */
export const FIELD_MAX_CHARS = 2000;
/** `actions` ≤ 25 elements. */
export const ACTIONS_MAX_ELEMENTS = 25;
/** Button text ≤ 75 chars (about 30 show). */
export const BUTTON_TEXT_MAX_CHARS = 75;
/** Button url ≤ 3000 chars. */
export const BUTTON_URL_MAX_CHARS = 3000;

/**
 * Undocumented: `msg_blocks_too_long` at roughly 12–13k characters summed over all blocks
 * (community: slackapi/bolt-js #2509, #2867). Budget ~12,000 (docs/platform-limits.md#slack-total-message-size); we aim below
 * it so rounding in Slack's own count cannot tip a message over.
 */
export const BLOCKS_TEXT_BUDGET_CHARS = 11_500;

/** `markdown` block: 12,000 chars cumulative per payload (docs.slack.dev/reference/block-kit/blocks/markdown-block). */
export const MARKDOWN_BLOCK_MAX_CHARS = 12_000;

/**
 * Top-level `text`: the notification/accessibility fallback when `blocks` is set; ~4,000
 * recommended, 40,000 hard (docs/platform-limits.md#slack-block-kit). Herald keeps it to a one-line headline.
 */
export const FALLBACK_TEXT_MAX_CHARS = 300;

/** Text Slack counts toward the block total: every `text` and `url` string in the blocks. */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + blocksTextLength(v), 0);
  if (value === null || typeof value !== 'object') return 0;
  let total = 0;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && (key === 'text' || key === 'url')) total += v.length;
    else total += blocksTextLength(v);
  }
  return total;
}
