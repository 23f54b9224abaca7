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

/** Which quota a 429 names. */
export type QuotaKind = 'per-minute' | 'per-minute-legacy' | 'concurrent' | 'daily'

const QUOTA_TEXTS: Record<QuotaKind, { message: string; metric: string; limit: string }> = {
  'per-minute': {
    message:
      "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'.",
    metric: 'photoslibrary.googleapis.com/write_requests',
    limit: 'WriteRequestsPerMinutePerUser'
  },
  // The text older projects got.
  'per-minute-legacy': {
    message:
      "Quota exceeded for quota metric 'photoslibrary.googleapis.com/write_requests' and limit 'WritesPerMinutePerUser' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'.",
    metric: 'photoslibrary.googleapis.com/write_requests',
    limit: 'WritesPerMinutePerUser'
  },
  concurrent: {
    message:
      "Quota exceeded for quota 'concurrent write request' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'.",
    metric: 'photoslibrary.googleapis.com/concurrent_write_requests',
    limit: 'ConcurrentWriteRequestsPerUser'
  },
  daily: {
    message:
      "Quota exceeded for quota metric 'All requests' and limit 'All requests per day' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'.",
    metric: 'photoslibrary.googleapis.com/all_requests',
    limit: 'ApiCallsPerProjectPerDay'
  }
}

/** 429 RESOURCE_EXHAUSTED for a quota, in Google's words. */
export function quotaError(kind: QuotaKind, retryAfter: number | undefined): ApiError {
  const text = QUOTA_TEXTS[kind]
  return new ApiError(
    429,
    'RESOURCE_EXHAUSTED',
    text.message,
    retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          consumer: 'projects/1',
          quota_metric: text.metric,
          quota_limit: text.limit,
          service: 'photoslibrary.googleapis.com'
        }
      }
    ]
  )
}

export const storageFull = (): ApiError =>
  invalidArgument(
    "The remaining storage in the user's account is not enough to perform this operation."
  )

export const fileTooLarge = (): ApiError =>
  new ApiError(413, 'FAILED_PRECONDITION', 'The request exceeded the max file size limit of 20 GB.')

/** A media item id this client did not make (or that does not exist). */
export const invalidMediaItemId = (): ApiError =>
  invalidArgument('Request contains an invalid media item id.')

export const foreignAlbum = (): ApiError =>
  invalidArgument('No permission to add media items to this album.')
