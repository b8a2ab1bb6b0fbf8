// Request and response plumbing of the fake platform server (fake-platform.mjs).

export function headerValue(headers, name) {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return String(value);
  return undefined;
}

/** JSON, or a form (chat.postMessage from the SDK) whose JSON-looking fields are decoded, or text. */
export function parseBody(raw, contentType = '') {
  if (raw === '') return undefined;
  if (contentType.includes('json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (contentType.includes('x-www-form-urlencoded')) {
    const out = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      out[key] = value;
      if (/^[[{]/.test(value)) {
        try {
          out[key] = JSON.parse(value);
        } catch {
          /* keep the text */
        }
      }
    }
    return out;
  }
  return raw;
}

export function answer(req, res, reply) {
  if (reply.destroy) {
    req.socket.destroy();
    return;
  }
  if (reply.hang || res.destroyed) return;
  const status = reply.status ?? 200;
  const headers = { ...(reply.headers ?? {}) };
  let payload = '';
  if (reply.body !== undefined && reply.body !== null && status !== 204) {
    if (typeof reply.body === 'string') payload = reply.body;
    else {
      payload = JSON.stringify(reply.body);
      if (headerValue(headers, 'content-type') === undefined) headers['content-type'] = 'application/json';
    }
  }
  if (payload && headerValue(headers, 'content-type') === undefined) headers['content-type'] = 'text/plain; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, headers);
  res.end(payload);
}
