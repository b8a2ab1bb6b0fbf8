// Teams rejects messages over ~28 KB ("Request Entity too large";
// docs/platform-limits.md#teams-webhooks-and-connectors): Herald counts 28 × 1024 bytes of
// the UTF-8 body as posted. Both formats are built from a
// budget and rebuilt with a smaller one until the serialized body fits.
import { FULL_REST, shrinkRest, shrinkRestFully, type RestBudget } from '../render/budget.js';
import { byteLength } from '../render/text.js';

export const TEAMS_MAX_BYTES = 28 * 1024;
/** Aim a little lower than the limit: the HTTP client may add nothing, but proxies re-encode. */
export const TEAMS_TARGET_BYTES = TEAMS_MAX_BYTES - 1024;

export interface TeamsBudget extends RestBudget {
  /** Characters of content (completion, report) to show. */
  contentChars: number;
}

const START: TeamsBudget = { ...FULL_REST, contentChars: 20_000 };
/** With content to show, everything else gets at most this share of the size. */
const REST_SHARE = 0.6;

export function payloadBytes(payload: unknown): number {
  return byteLength(JSON.stringify(payload));
}

/**
 * Builds with shrinking budgets until the payload fits. First the parts around the content
 * (issues, prompt, facts) shrink until they leave the content a fair share; then the
 * content shrinks, scaled by how far over the payload is (so multi-byte text converges
 * too). `minimal` (headline and context only) is the last resort and always fits.
 */
export function fitTeams<T>(build: (budget: TeamsBudget) => T, minimal: () => T, hasContent: boolean): T {
  let budget: TeamsBudget = START;
  const restLimit = hasContent ? TEAMS_TARGET_BYTES * REST_SHARE : TEAMS_TARGET_BYTES;
  while (payloadBytes(build({ ...budget, contentChars: 0 })) > restLimit) {
    const next = shrinkRest(budget);
    if (next === undefined) break;
    budget = next;
  }
  for (let attempt = 0; attempt < 24; attempt += 1) {
    const payload = build(budget);
    const bytes = payloadBytes(payload);
    if (bytes <= TEAMS_TARGET_BYTES) return payload;
    if (budget.contentChars > 200) {
      budget = { ...budget, contentChars: Math.floor(budget.contentChars * Math.min(TEAMS_TARGET_BYTES / bytes, 0.9)) };
      continue;
    }
    const next = shrinkRestFully({ ...budget, contentChars: 0 });
    if (next === undefined) break;
    budget = next;
  }
  return minimal();
}
