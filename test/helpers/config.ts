/** The smallest valid config: one source, one console channel, one route taking everything. */
export const MINIMAL_CONFIG = `
sources:
  wpllm: { type: wp-llm, secret: s3cret }
channels:
  local: { platform: console }
routes:
  - to: [local]
`;

/** A YAML alias bomb: nine levels of nine aliases, 9^9 strings once expanded. */
export const ALIAS_BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
  .concat('bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
  .join('\n');
