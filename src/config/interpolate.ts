/**
 * `${VAR}` and `${VAR:-default}` substitution on the parsed YAML's string values, so every
 * missing variable can be reported with the config path that uses it. `$${` escapes a `$`.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationError {
  path: (string | number)[];
  message: string;
}

export function interpolate(
  value: unknown,
  env: Record<string, string | undefined>,
  errors: InterpolationError[],
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, name: string | undefined, fallback: string | undefined) => {
      if (whole === '$${') return '${';
      const found = env[name!];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      if (found === '') return '';
      errors.push({ path, message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)` });
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, errors, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, errors, [...path, k])]));
  }
  return value;
}

/** The names of the variables a raw config string refers to: `${SLACK_WEBHOOK_URL:-}` → SLACK_WEBHOOK_URL. */
export function referencedVariables(text: string): string[] {
  return [...text.matchAll(REFERENCE)].flatMap((match) => (match[1] ? [match[1]] : []));
}
