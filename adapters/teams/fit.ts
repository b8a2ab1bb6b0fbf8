// Teams rejects messages over ~28 KB ("Request Entity too large"; shared/PLATFORMS.md,
// SPEC §5: 28 × 1024 bytes of the UTF-8 body as posted). Both formats are built from a
// budget and rebuilt with a smaller one until the serialized body fits.
import { byteLength } from '../render/text.js';

export const TEAMS_MAX_BYTES = 28 * 1024;
/** Aim a little lower than the limit: the HTTP client may add nothing, but proxies re-encode. */
export const TEAMS_TARGET_BYTES = TEAMS_MAX_BYTES - 1024;

export interface TeamsBudget {
  /** Characters of content (completion, report) to show. */
  contentChars: number;
  /** Issues shown before "and N more". */
  maxItems: number;
  maxFacts: number;
  withPrompt: boolean;
}

const START: TeamsBudget = { contentChars: 20_000, maxItems: 30, maxFacts: 20, withPrompt: true };

export function payloadBytes(payload: unknown): number {
  return byteLength(JSON.stringify(payload));
}

/**
 * Builds with shrinking budgets until the payload fits: content first (scaled by how far
 * over it is, so multi-byte text converges too), then issues, prompt and facts; finally
 * `minimal` (headline and context only), which always fits.
 */
export function fitTeams<T>(build: (budget: TeamsBudget) => T, minimal: () => T): T {
  let budget = START;
  for (let attempt = 0; attempt < 24; attempt += 1) {
    const payload = build(budget);
    const bytes = payloadBytes(payload);
    if (bytes <= TEAMS_TARGET_BYTES) return payload;
    const ratio = TEAMS_TARGET_BYTES / bytes;
    if (budget.contentChars > 200) budget = { ...budget, contentChars: Math.floor(budget.contentChars * Math.min(ratio, 0.9)) };
    else if (budget.contentChars > 0) budget = { ...budget, contentChars: 0 };
    else if (budget.maxItems > 0) budget = { ...budget, maxItems: Math.floor(budget.maxItems / 2) };
    else if (budget.withPrompt) budget = { ...budget, withPrompt: false };
    else if (budget.maxFacts > 0) budget = { ...budget, maxFacts: Math.floor(budget.maxFacts / 2) };
    else break;
  }
  return minimal();
}
