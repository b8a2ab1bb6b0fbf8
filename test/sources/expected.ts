// What each provider's documentation promises, written down by its tests independently of
// the normalizer: one file per provider, test/sources/expected/<type>.ts, found by the
// provider's registry type. The matrices (samples, drift) iterate the registry and read
// these; a provider without its file fails them.

export interface ProviderExpectations {
  /** Event types the documentation lists (its tables), which the samples must cover. */
  documentedTypes: readonly string[];
  /**
   * The core fields: the only ones whose unusable value may refuse an event. A path listed
   * here and every path above it are never mutated by the drift tests.
   */
  corePaths: readonly string[];
  /** Where the payload keeps its event id (so each drifted variant gets a fresh one); none: the id is a hash or a header. */
  idPath?: readonly (string | number)[];
  /** Headers a fixture is parsed with when part of the event travels in one (Standard Webhooks' `webhook-id`). */
  fixtureHeaders?: (fixture: string) => Record<string, string>;
}

export async function expectedOf(type: string): Promise<ProviderExpectations> {
  let module: { expected?: ProviderExpectations };
  try {
    module = (await import(`./expected/${type}.ts`)) as { expected?: ProviderExpectations };
  } catch (err) {
    throw new Error(`test/sources/expected/${type}.ts is missing: every registered provider states what its documentation promises there`, { cause: err });
  }
  if (!module.expected) throw new Error(`test/sources/expected/${type}.ts exports no \`expected\``);
  return module.expected;
}
