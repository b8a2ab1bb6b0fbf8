/*
 * A PostgreSQL URL as Herald may show it. Kept apart from the driver so `herald validate`
 * can print it without loading PostgreSQL's client.
 */

/** The URL with its password (in the user info or a `password` parameter) replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return '<unparseable PostgreSQL URL>';
  }
}
