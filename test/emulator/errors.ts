/** Google-style API errors: `{"error": {"code", "message", "status", "details"?}}`. */

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly apiStatus: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: unknown[]
  ) {
    super(message)
  }

  body(): string {
    return JSON.stringify({
      error: {
        code: this.httpStatus,
        message: this.message,
        status: this.apiStatus,
        ...(this.details ? { details: this.details } : {})
      }
    })
  }
}

export const invalidArgument = (message: string): ApiError =>
  new ApiError(400, 'INVALID_ARGUMENT', message)

export const notFound = (message = 'Requested entity was not found.'): ApiError =>
  new ApiError(404, 'NOT_FOUND', message)

export const unauthenticated = (): ApiError =>
  new ApiError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' }
  )

export const insufficientScopes = (): ApiError =>
  new ApiError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.')

/** The canonical status name Google gives an HTTP status. */
export function statusName(status: number): string {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ABORTED',
    429: 'RESOURCE_EXHAUSTED',
    499: 'CANCELLED',
    500: 'INTERNAL',
    501: 'NOT_IMPLEMENTED',
    502: 'UNAVAILABLE',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED'
  }
  return names[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION')
}

/** 429 for the daily request quota, or for the per-minute write limit. */
export function quotaError(daily: boolean, retryAfter: number | undefined): ApiError {
  const metric = daily ? 'All requests' : 'Write requests'
  const limit = daily ? 'All requests per day' : 'Write requests per minute per user'
  return new ApiError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric '${metric}' and limit '${limit}' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'.`,
    retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          consumer: 'projects/1',
          quota_metric: daily
            ? 'photoslibrary.googleapis.com/all_requests'
            : 'photoslibrary.googleapis.com/write_requests',
          quota_limit: daily ? 'ApiCallsPerProjectPerDay' : 'WriteRequestsPerMinutePerUser',
          service: 'photoslibrary.googleapis.com'
        }
      }
    ]
  )
}
