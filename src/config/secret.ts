import { inspect } from 'node:util';

const REDACTED = '<redacted>';

/**
 * A configured secret (HMAC key, token, webhook URL). It prints as `<redacted>` through
 * every path a value can leak by accident — string coercion, JSON, util.inspect, pino —
 * so only code that calls `reveal()` ever sees the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get empty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Shows a webhook URL's origin only; its path and query carry the secret. */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}
