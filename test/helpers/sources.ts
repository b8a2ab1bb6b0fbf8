// Every registered provider, for the tests that throw input at all of them.
import { REGISTRIES } from '../../src/cli/context.js';

/** `sources:` entries of a config: one source per provider type, keyed by the type, from its example config. */
export function everySourceYaml(indent = '  '): string {
  return REGISTRIES.sources.map((s) => `${indent}${s.type}: ${JSON.stringify(s.exampleConfig)}`).join('\n');
}

/** The headers (lower case) providers send as they sign, and the ones they declare carry signatures. */
export function providerHeaderNames(): string[] {
  const now = new Date();
  const names = REGISTRIES.sources.flatMap((s) => {
    const signed = s.sign(Buffer.from('{}'), s.configSchema.parse(s.exampleConfig), now);
    return [...Object.keys(signed.headers), ...s.signatureHeaders];
  });
  return [...new Set(names.map((n) => n.toLowerCase()))];
}
