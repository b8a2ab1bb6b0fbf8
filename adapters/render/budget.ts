// How the parts around a message's content give way when a platform's size limit is hit:
// the same order everywhere, so a Discord embed and a Teams card of one event drop the same
// things. The content (completion, report) itself is cut by each renderer.

export interface RestBudget {
  /** Issues shown before "and N more". */
  maxItems: number;
  maxFacts: number;
  maxListEntries: number;
  withPrompt: boolean;
}

export const FULL_REST: RestBudget = { maxItems: 30, maxFacts: 20, maxListEntries: 10, withPrompt: true };

/** Below these, the message would stop saying what happened; only `shrinkRestFully` goes lower. */
const KEEP_ITEMS = 3;
const KEEP_FACTS = 5;
const KEEP_LIST_ENTRIES = 3;

/** One step smaller, keeping the essentials (a few issues, facts and list entries). */
export function shrinkRest<B extends RestBudget>(b: B): B | undefined {
  if (b.withPrompt) return { ...b, withPrompt: false };
  if (b.maxListEntries > KEEP_LIST_ENTRIES) return { ...b, maxListEntries: KEEP_LIST_ENTRIES };
  if (b.maxFacts > 10) return { ...b, maxFacts: 10 };
  if (b.maxItems > KEEP_ITEMS) return { ...b, maxItems: Math.max(KEEP_ITEMS, Math.floor(b.maxItems / 2)) };
  if (b.maxFacts > KEEP_FACTS) return { ...b, maxFacts: KEEP_FACTS };
  return undefined;
}

/** One step smaller, down to nothing: the last resort before a headline-only message. */
export function shrinkRestFully<B extends RestBudget>(b: B): B | undefined {
  const kept = shrinkRest(b);
  if (kept) return kept;
  if (b.maxItems > 0) return { ...b, maxItems: 0 };
  if (b.maxListEntries > 0) return { ...b, maxListEntries: 0 };
  if (b.maxFacts > 0) return { ...b, maxFacts: 0 };
  return undefined;
}
