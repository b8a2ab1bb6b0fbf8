// Facts as text, each platform its own way. The numbers, durations and sizes read the same
// everywhere; what differs between platforms is how event text is escaped and how a moment
// is written (a Slack date token, a Discord timestamp, plain UTC for Teams and the console).
import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  formatTimestamp,
  formatTokens,
  isTimeMs,
} from '../../src/events/format.js';
import type { Fact } from './facts.js';

/** How a platform writes what plain text cannot say for it. */
export interface Dialect {
  /** Event text as the platform must receive it (escaped where the platform parses it). */
  text(text: string): string;
  /** A moment (epoch ms), absolute. */
  moment(ms: number): string;
  /** A moment relative to whenever the reader looks, where the platform can show that. */
  live?(ms: number): string | undefined;
}

/** Teams and the console: UTC text, relative to the event's own time. */
export const PLAIN: Dialect = {
  text: (text) => text,
  moment: formatTimestamp,
};

type ScoreBand = 'good' | 'fair' | 'poor';

function scoreBand(percent: number): ScoreBand {
  return percent >= 80 ? 'good' : percent >= 50 ? 'fair' : 'poor';
}

const BAND_EMOJI: Record<ScoreBand, string> = { good: '🟢', fair: '🟡', poor: '🔴' };

/**
 * The fact's value as the platform shows it. `eventMs` (the event's occurred_at) anchors
 * delays ("retry after 1 min" ends at a moment) and, where the platform cannot show live
 * relative times, says how far a moment is from the event ("in 1 min").
 */
export function factText(fact: Fact, dialect: Dialect, eventMs: number | undefined): string {
  switch (fact.kind) {
    case 'text':
      return dialect.text(fact.value);
    case 'number':
      return formatNumber(fact.value);
    case 'duration':
      return formatDuration(fact.value);
    case 'delay': {
      const end = eventMs === undefined ? NaN : eventMs + fact.value;
      if (!isTimeMs(end)) return formatDuration(fact.value);
      return `${formatDuration(fact.value)} (${dialect.live?.(end) ?? `at ${dialect.moment(end)}`})`;
    }
    case 'time': {
      const ms = Date.parse(fact.value);
      const relative = dialect.live?.(ms) ?? (eventMs === undefined ? undefined : formatRelative(ms, eventMs));
      return relative === undefined ? dialect.moment(ms) : `${dialect.moment(ms)} (${relative})`;
    }
    case 'tokens':
      return formatTokens(fact.value, fact.prompt, fact.completion);
    case 'score': {
      const percent = (fact.value / fact.max) * 100;
      return `${BAND_EMOJI[scoreBand(percent)]} ${formatPercent(percent)}`;
    }
    case 'percent':
      return formatPercent(fact.value);
    case 'credits':
      return `${formatNumber(fact.value)} ${fact.value === 1 ? 'credit' : 'credits'}`;
    case 'usage': {
      const percent = (fact.value / fact.limit) * 100;
      const share = fact.limit > 0 && Number.isFinite(percent) ? ` (${formatPercent(percent)})` : '';
      return `${formatNumber(fact.value)} of ${formatNumber(fact.limit)}${share}`;
    }
    case 'bytes':
      return formatBytes(fact.value);
    case 'flag':
      return fact.value ? 'yes' : 'no';
  }
}
