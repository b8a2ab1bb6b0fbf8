/**
 * The one registry of HTTP error answers (README "Providers": the status table): code → status. Bodies carry the code
 * (and for invalid_payload a message); logs carry the cause; nobody sees a stack trace.
 */
export const HTTP_ERRORS = {
  invalid_payload: 400,
  invalid_request: 400,
  missing_signature: 401,
  invalid_signature: 401,
  timestamp_out_of_tolerance: 401,
  unauthorized: 401,
  unknown_source: 404,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  unavailable: 503,
  admin_disabled: 404,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

export interface ErrorBody {
  error: HttpErrorCode;
  message?: string;
}

export function errorBody(code: HttpErrorCode, message?: string): ErrorBody {
  return message === undefined ? { error: code } : { error: code, message };
}

/** Maps fastify's own errors (body parsing, limits) onto our codes. */
export function codeForFastifyError(err: { code?: string; statusCode?: number }): HttpErrorCode {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'invalid_payload';
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'internal';
}
