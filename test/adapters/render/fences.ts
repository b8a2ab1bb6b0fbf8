// Whether every code fence opened in a text is closed again: what "code fences stay
// balanced after splitting or truncation" means for one text field.
import { FenceTracker } from '../../../adapters/render/text.js';

export function fencesBalanced(text: string): boolean {
  const tracker = new FenceTracker();
  for (const line of text.split('\n')) tracker.feed(line);
  return tracker.open === undefined;
}
