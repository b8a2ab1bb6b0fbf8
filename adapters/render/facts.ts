// The facts (name/value pairs) of a message, from the event's typed `fields`. Nothing here
// reads meaning out of text: a field's `kind` says what it is. This only checks what an
// event may carry (a stored event from an older version, a hostile one) and makes every
// fact safe to format: text cleaned and capped, numbers finite, times valid.
import type { EventField, NormalizedEvent } from '../../src/events/event.js';
import { epochMs } from '../../src/events/format.js';
import type { PlainText } from './plain.js';
import { truncateChars } from './text.js';

/** A fact ready to format: `kind` always set, lists kept apart. */
export type Fact = Exclude<EventField, { kind?: 'text' } | { kind: 'list' }> | { name: string; kind: 'text'; value: string };

/** A field of kind `list`: shown as a titled list (recommendations), not as one fact. */
export interface FactList {
  title: string;
  entries: string[];
}

const MAX_FACTS = 20;
const FACT_NAME_MAX_CHARS = 60;
const FACT_VALUE_MAX_CHARS = 300;
const MAX_LIST_ENTRIES = 10;
const LIST_ENTRY_MAX_CHARS = 300;

/** The event's fields that are objects at all (an event from storage is not checked). */
export function fieldsOf(event: NormalizedEvent): EventField[] {
  return Array.isArray(event.fields) ? event.fields.filter((f): f is EventField => f !== null && typeof f === 'object') : [];
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The field as a fact, or undefined when it carries nothing that can be shown. */
function factOf(field: EventField, plain: PlainText): Fact | undefined {
  const name = plain.line(field.name, FACT_NAME_MAX_CHARS);
  if (name === '') return undefined;
  const text = (value: unknown): Fact | undefined => {
    const shown = truncateChars(plain.text(value).trim(), FACT_VALUE_MAX_CHARS);
    return shown === '' ? undefined : { name, kind: 'text', value: shown };
  };
  switch (field.kind) {
    case undefined:
    case 'text':
      return text(field.value);
    case 'time': {
      const ms = epochMs(field.value);
      return ms === undefined ? text(field.value) : { name, kind: 'time', value: new Date(ms).toISOString() };
    }
    case 'flag':
      return typeof field.value === 'boolean' ? { name, kind: 'flag', value: field.value } : undefined;
    case 'list':
      return undefined;
    default: {
      // A kind this version does not know, or a number that arrived as text: shown as text.
      const value: unknown = field.value;
      return typeof value === 'number' ? numericFact(name, field) : text(value);
    }
  }
}

type NumericField = Extract<EventField, { value: number }>;

function numericFact(name: string, field: NumericField): Fact | undefined {
  if (!finite(field.value)) return undefined;
  const value = field.value;
  switch (field.kind) {
    case 'tokens': {
      const fact: Fact = { name, kind: 'tokens', value };
      // Both parts or neither: "279 (45 prompt + 234 completion)".
      return finite(field.prompt) && finite(field.completion) ? { ...fact, prompt: field.prompt, completion: field.completion } : fact;
    }
    case 'score':
      return finite(field.max) && field.max > 0 && value >= 0 && value <= field.max
        ? { name, kind: 'score', value, max: field.max }
        : { name, kind: 'number', value };
    case 'usage':
      return finite(field.limit) ? { name, kind: 'usage', value, limit: field.limit } : { name, kind: 'number', value };
    case 'duration':
    case 'delay':
    case 'bytes':
      return value >= 0 ? { name, kind: field.kind, value } : undefined;
    case 'number':
    case 'percent':
    case 'credits':
      return { name, kind: field.kind, value };
    default:
      return undefined;
  }
}

function listOf(field: EventField, plain: PlainText): FactList | undefined {
  if (field.kind !== 'list' || !Array.isArray(field.value)) return undefined;
  const title = plain.line(field.name, FACT_NAME_MAX_CHARS);
  const entries = field.value
    .map((entry) => plain.line(entry, LIST_ENTRY_MAX_CHARS))
    .filter((entry) => entry !== '')
    .slice(0, MAX_LIST_ENTRIES);
  return title === '' || entries.length === 0 ? undefined : { title, entries };
}

/**
 * The event's facts in its own order, except that scores lead, followed by the issue
 * count (`itemCounts`, made from the event's items); and its lists.
 */
export function factsOf(
  event: NormalizedEvent,
  itemCounts: string | undefined,
  plain: PlainText,
): { facts: Fact[]; lists: FactList[] } {
  const fields = fieldsOf(event);
  const facts = fields.map((f) => factOf(f, plain)).filter((f): f is Fact => f !== undefined);
  const lists = fields.map((f) => listOf(f, plain)).filter((l): l is FactList => l !== undefined);
  const scores = facts.filter((f) => f.kind === 'score');
  const lead: Fact[] = itemCounts === undefined ? scores : [...scores, { name: 'Issues', kind: 'text', value: itemCounts }];
  return { facts: [...lead, ...facts.filter((f) => f.kind !== 'score')].slice(0, MAX_FACTS), lists };
}
