/** Errors of the Google Photos client, with the likely cause and the fix. */

export const SCOPE_APPEND = 'https://www.googleapis.com/auth/photoslibrary.appendonly'
export const SCOPE_READ = 'https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata'
export const SCOPE_EDIT = 'https://www.googleapis.com/auth/photoslibrary.edit.appcreateddata'

/** Operations of the client; also the keys of the report's `apiCalls`. */
export type Operation =
  | 'upload'
  | 'upload.start'
  | 'upload.chunk'
  | 'upload.query'
  | 'batchCreate'
  | 'batchGet'
  | 'search'
  | 'albums.list'
  | 'albums.create'
  | 'albums.get'

const WRITE_OPS: ReadonlySet<Operation> = new Set([
  'upload',
  'upload.start',
  'upload.chunk',
  'upload.query',
  'batchCreate',
  'albums.create'
])

/** The scope an operation needs, for the message of a 403 insufficient scopes. */
export function scopeFor(op: Operation): string {
  return WRITE_OPS.has(op) ? SCOPE_APPEND : SCOPE_READ
}

/** An HTTP answer that is an error. */
export class PhotosApiError extends Error {
  readonly op: Operation
  readonly httpStatus: number
  readonly apiStatus: string | undefined
  readonly apiMessage: string
  readonly retryAfterMs: number | undefined

  constructor(
    op: Operation,
    httpStatus: number,
    apiMessage: string,
    apiStatus?: string,
    retryAfterMs?: number
  ) {
    super(
      `${op}: HTTP ${httpStatus}${apiStatus ? ` ${apiStatus}` : ''}: ${apiMessage}${hintFor(op, httpStatus, apiMessage)}`
    )
    this.name = 'PhotosApiError'
    this.op = op
    this.httpStatus = httpStatus
    this.apiStatus = apiStatus
    this.apiMessage = apiMessage
    this.retryAfterMs = retryAfterMs
  }

  get isDailyQuota(): boolean {
    return isDailyQuotaMessage(this.httpStatus, this.apiMessage)
  }

  get isRateLimit(): boolean {
    return (
      this.httpStatus === 429 ||
      (this.httpStatus === 400 && /quota|rate limit/i.test(this.apiMessage) && !this.isDailyQuota)
    )
  }

  get isTransient(): boolean {
    return this.httpStatus >= 500 || this.httpStatus === 408
  }

  /** 403: the token lacks the scope this call needs. */
  get isInsufficientScopes(): boolean {
    return this.httpStatus === 403 && /insufficient authentication scopes/i.test(this.apiMessage)
  }

  /**
   * A batch refused whole for an upload token: invalid, expired, or (Google does not say)
   * already used by an earlier call.
   */
  get isInvalidUploadToken(): boolean {
    return this.httpStatus === 400 && /upload token/i.test(this.apiMessage)
  }
}

/** No answer, or no whole answer: a reset, a refused connection, a timeout. */
export class ConnectionError extends Error {
  readonly op: Operation
  readonly code: string
  /** True when the request may have reached the server (so a write may have been done). */
  readonly maybeProcessed: boolean

  constructor(op: Operation, code: string, detail: string, maybeProcessed: boolean) {
    super(`${op}: ${detail} (${code})`)
    this.name = 'ConnectionError'
    this.op = op
    this.code = code
    this.maybeProcessed = maybeProcessed
  }
}

/** The daily request quota is spent: stop now, re-run later. */
export class DailyQuotaError extends Error {
  constructor(cause: PhotosApiError) {
    super(
      `The project's daily Google Photos API quota is spent (${cause.apiMessage}). ` +
        'The quota resets at midnight Pacific Time: re-run the workflow then ' +
        '(with `skip-existing: true` for files, items already created are not uploaded again).'
    )
    this.name = 'DailyQuotaError'
  }
}

/**
 * A request not started, or abandoned in flight, because the run stopped (a fatal answer
 * elsewhere, or a cancellation). `reason` is what stopped the run.
 */
export class StoppedError extends Error {
  constructor(
    readonly op: Operation,
    readonly reason: unknown,
    /** True when the request was on its way: a write may have been done. */
    readonly sent: boolean
  ) {
    super(`${op}: not finished: the run stopped`)
    this.name = 'StoppedError'
  }
}

/** Credentials that cannot give an access token. */
export class AuthError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AuthError'
  }
}

export function isDailyQuotaMessage(httpStatus: number, message: string): boolean {
  return (httpStatus === 429 || httpStatus === 400) && /per day|perday|daily/i.test(message)
}

function hintFor(op: Operation, httpStatus: number, message: string): string {
  if (httpStatus === 403 && /insufficient authentication scopes/i.test(message)) {
    return (
      ` The token lacks the scope this step needs (${scopeFor(op)}). ` +
      'Authorize the OAuth client with that scope and use the new refresh or access token.'
    )
  }
  if (httpStatus === 403 && /no permission to add media items/i.test(message)) {
    return (
      ' The Library API adds items only to albums created by this same OAuth client; ' +
      'albums made in the Google Photos app or by another client cannot be used. ' +
      'Use `album-title` to let the action create (and later reuse) an album of its own.'
    )
  }
  if (httpStatus === 401) {
    return ' The access token was refused: it has expired or is not valid for this API.'
  }
  return ''
}
