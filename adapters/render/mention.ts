// The one way anyone gets mentioned: a route's `mention` option (README "Mentions"). Event text never
// produces a mention on any platform.

export type Mention =
  | { kind: 'here' }
  | { kind: 'channel' }
  | { kind: 'user'; id: string }
  | { kind: 'role'; id: string };

/**
 * `here`, `channel` (also `everyone`), a user id (`U024BE7LH`, `80351110224678912`, or
 * `user:<id>`), or `role:<id>` for a role / user group. Anything else mentions nobody.
 */
export function parseMention(mention: string | undefined): Mention | undefined {
  if (typeof mention !== 'string') return undefined;
  const text = mention.trim().replace(/^@/, '');
  const lower = text.toLowerCase();
  if (lower === 'here') return { kind: 'here' };
  if (lower === 'channel' || lower === 'everyone') return { kind: 'channel' };
  const role = /^role:([A-Za-z0-9]{1,40})$/.exec(text);
  if (role) return { kind: 'role', id: role[1]! };
  const user = /^(?:user:)?([A-Za-z0-9]{1,40})$/.exec(text);
  if (user) return { kind: 'user', id: user[1]! };
  return undefined;
}
