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
    const hint = hintFor(op, httpStatus, apiMessage)
    // Google's texts mostly end with a full stop; one that does not gets one before a hint.
    const stop = hint && !/[.!?]$/.test(apiMessage) ? '.' : ''
    super(
      `${op}: HTTP ${httpStatus}${apiStatus ? ` ${apiStatus}` : ''}: ${apiMessage}${stop}${hint}`
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

  /** A per-minute or concurrent-write limit: wait and send again. */
  get isRateLimit(): boolean {
    const limited =
      this.httpStatus === 429 ||
      (this.httpStatus === 400 && /quota|rate limit/i.test(this.apiMessage))
    return limited && !this.isDailyQuota
  }

  get isTransient(): boolean {
    return this.httpStatus >= 500 || this.httpStatus === 408
  }

  /** 403: the token lacks the scope this call needs. */
  get isInsufficientScopes(): boolean {
    return this.httpStatus === 403 && /insufficient authentication scopes/i.test(this.apiMessage)
  }

  /**
   * An answer that every later request of the run would get too: a token refused or short
   * of a scope, full storage, an album this client may not add to, or (for batchCreate) a
   * relative item that is not in the album, which every batch is placed after until one
   * item is created.
   */
  get haltsRun(): boolean {
    if (this.httpStatus === 401 || this.httpStatus === 403) return true
    return this.isStorageFull || this.isForeignAlbum || this.isMissingRelativeItem
  }

  get isStorageFull(): boolean {
    return STORAGE_FULL.test(this.apiMessage)
  }

  get isForeignAlbum(): boolean {
    return FOREIGN_ALBUM.test(this.apiMessage)
  }

  get isMissingRelativeItem(): boolean {
    return (
      this.op === 'batchCreate' &&
      this.httpStatus === 400 &&
      (RELATIVE_ITEM.test(this.apiMessage) || INVALID_MEDIA_ITEM_ID.test(this.apiMessage))
    )
  }

  /** A read refused because an id is not one of this client's media items. */
  get isInvalidMediaItemId(): boolean {
    return this.httpStatus === 400 && INVALID_MEDIA_ITEM_ID.test(this.apiMessage)
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
        'The quota resets at midnight Pacific Time: re-run the workflow then.'
    )
    this.name = 'DailyQuotaError'
  }
}

/**
 * Every item of a batch was refused as an invalid upload token, each alone once split out:
 * the tokens are stale (older than a day) or another client's. The rest would cost about
 * two calls an item, for nothing: the run stops.
 */
export class UploadTokensRefusedError extends Error {
  constructor(batch: number, items: number, calls: number) {
    super(
      `Every upload token of batch ${batch} (${items} items) was refused as invalid, each alone ` +
        `(${calls} batchCreate calls): upload tokens live a day, and only the OAuth client that ` +
        'made them can use them. The run stopped rather than spend the quota on the rest: make ' +
        'the tokens again with the same OAuth client (less than a day before the run), and re-run.'
    )
    this.name = 'UploadTokensRefusedError'
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

const STORAGE_FULL = /remaining storage in the user's account is not enough/i

/** A stop whose fix ends in a re-run: the run adds how to re-run without making items twice. */
export function endsInRerun(err: unknown): boolean {
  return (
    err instanceof DailyQuotaError ||
    (err instanceof PhotosApiError && STORAGE_FULL.test(err.apiMessage))
  )
}

/**
 * How a re-run avoids making items twice. `skip-existing` needs an album (it is refused
 * without one); without an album, Google's de-duplication of identical bytes is what helps.
 */
export function rerunAdvice(hasAlbum: boolean): string {
  return hasAlbum
    ? 'With `skip-existing: true`, items already in the album are not uploaded or created again.'
    : 'The run has no album, so `skip-existing` cannot be used: the files are uploaded ' +
        'again, and Google gives back the media item it already made for identical bytes.'
}
const FOREIGN_ALBUM = /no permission to add media items to this album/i
const RELATIVE_ITEM = /relative (media|enrichment) item/i
const INVALID_MEDIA_ITEM_ID = /invalid media item id/i
const TOO_LARGE = /max file size limit/i

/**
 * The daily request quota ("… limit 'All requests per day' …"). Per-minute and
 * concurrent-write limits ("… 'Write requests per minute per user' …",
 * `WritesPerMinutePerUser`, "… 'concurrent write request' …") pass within a minute and
 * are never taken for it.
 */
export function isDailyQuotaMessage(httpStatus: number, message: string): boolean {
  if (httpStatus !== 429 && httpStatus !== 400) return false
  if (/per ?minute|per ?user|concurrent/i.test(message)) return false
  return /per ?day|daily/i.test(message)
}

function hintFor(op: Operation, httpStatus: number, message: string): string {
  if (httpStatus === 403 && /insufficient authentication scopes/i.test(message)) {
    return (
      ` The token lacks the scope this step needs (${scopeFor(op)}). ` +
      'Authorize the OAuth client with that scope and use the new refresh or access token.'
    )
  }
  if (FOREIGN_ALBUM.test(message)) {
    return (
      ' The Library API adds items only to albums created by this same OAuth client; ' +
      'albums made in the Google Photos app or by another client cannot be used. ' +
      'Use `album-title` to let the action create (and later reuse) an album of its own.'
    )
  }
  if (STORAGE_FULL.test(message)) {
    return (
      " The Google account's storage is full, so no media item can be created. Free space " +
      '(in Google Photos, Gmail or Drive) or buy more storage at https://one.google.com, then ' +
      're-run.'
    )
  }
  if (op === 'batchCreate' && RELATIVE_ITEM.test(message)) {
    return (
      ' Every batch is placed after `relative-item-id` until an item is created, so none can be: ' +
      'check that the id is in the album and was made by this OAuth client.'
    )
  }
  if (INVALID_MEDIA_ITEM_ID.test(message)) {
    return op === 'batchCreate'
      ? ' Check that `relative-item-id` is in the album and was made by this OAuth client: ' +
          'the Library API can only use media items that this same client created.'
      : ' Only media items that this same OAuth client created can be read: items made in the ' +
          'Google Photos app or by another client are invisible to it.'
  }
  if (op === 'batchCreate' && httpStatus === 400 && /upload token/i.test(message)) {
    return (
      ' Upload tokens live a day, and only the OAuth client that made them can use them: ' +
      'make the token again with the same client (a file is uploaded again by a re-run).'
    )
  }
  if (httpStatus === 413 || TOO_LARGE.test(message)) {
    return (
      ' The size check before upload let this file through (photos up to 200 MB, videos up to ' +
      '20 GB), so the file changed after it, or the limit did.'
    )
  }
  if (httpStatus === 401) {
    return ' The access token was refused: it has expired or is not valid for this API.'
  }
  if (
    httpStatus === 403 &&
    !/photoslibrary\.googleapis\.com|console\.(cloud|developers)\.google/i.test(message)
  ) {
    // Google's "API not enabled" answer carries its own link; other 403s say little.
    return (
      ' Google refused this OAuth client or account the call: check that the Photos Library ' +
      "API is enabled in the client's Google Cloud project, that the account may use Google " +
      'Photos (a Workspace admin can turn it off), and that the albums and items used were ' +
      'made by this same client.'
    )
  }
  return ''
}
