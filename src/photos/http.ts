/**
 * HTTP to the Library API: bearer auth, timeouts, Google errors, and the retry policy.
 * Every request of the action goes through `send`.
 */
import type { Readable } from 'node:stream'
import { Agent, request, type Dispatcher } from 'undici'
import type { TokenSource } from '../auth.js'
import { ConnectionError, DailyQuotaError, PhotosApiError, type Operation } from './errors.js'
import {
  backoffDelay,
  parseRetryAfter,
  rateLimitDelay,
  timeoutFor,
  type RetryPolicy
} from './retry.js'

export interface HttpRequest {
  op: Operation
  method: 'GET' | 'POST'
  /** Absolute URL. */
  url: string
  headers?: Record<string, string>
  /** JSON bodies as strings; a stream factory so that a retry can read the bytes again. */
  body?: string | Buffer | (() => Readable)
  /** Body size in bytes, for the timeout of large uploads. */
  bodyBytes?: number
  /**
   * Safe to repeat after a 5xx, reset or timeout. A request that is not (batchCreate)
   * is still retried after a 429 or 401, which mean the server did nothing, but any
   * failure that may have followed the work is thrown to the caller to decide.
   */
  idempotent: boolean
  /** Attempts for this request; 1 turns retries off (the resumable uploader resumes itself). */
  maxAttempts?: number
}

export interface HttpResponse {
  status: number
  headers: Record<string, string | undefined>
  body: string
}

/** Called before each wait, for the progress log. */
export type RetryListener = (event: {
  op: Operation
  attempt: number
  delayMs: number
  reason: string
}) => void

export class PhotosHttp {
  readonly dispatcher: Dispatcher
  private readonly ownsDispatcher: boolean
  /** Calls made, by operation (every attempt counts: they all cost quota). */
  readonly calls: Record<string, number> = {}

  constructor(
    private readonly tokens: TokenSource,
    readonly policy: RetryPolicy,
    private readonly onRetry: RetryListener = () => undefined,
    dispatcher?: Dispatcher
  ) {
    this.ownsDispatcher = dispatcher === undefined
    this.dispatcher =
      dispatcher ??
      new Agent({
        connect: { timeout: 30_000 },
        keepAliveTimeout: 10_000,
        connections: 64
      })
  }

  /** Waits for requests in flight, then closes the connection pool. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close()
  }

  /** Closes the pool at once, abandoning requests in flight. */
  async destroy(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.destroy()
  }

  /** Sends with retries; returns a 2xx answer or throws PhotosApiError / ConnectionError. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const maxAttempts = req.maxAttempts ?? this.policy.maxAttempts
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      let failure: PhotosApiError | ConnectionError
      try {
        const res = await this.once(req)
        if (res.status >= 200 && res.status < 300) return res
        failure = toApiError(req.op, res)
      } catch (err) {
        if (!(err instanceof ConnectionError)) throw err
        failure = err
      }

      if (failure instanceof PhotosApiError) {
        if (failure.isDailyQuota) throw new DailyQuotaError(failure)
        if (failure.httpStatus === 401 && !refreshed) {
          // A 401 did nothing on the server: refresh once and send again. A token that
          // cannot be refreshed throws an AuthError that says what to do.
          refreshed = true
          await this.tokens.refresh()
          attempt--
          continue
        }
      }
      const delay = this.retryDelay(req, failure, attempt, maxAttempts)
      if (delay === undefined) throw failure
      this.onRetry({ op: req.op, attempt, delayMs: delay, reason: shortReason(failure) })
      await this.policy.sleep(delay)
    }
  }

  /** Wait before the next attempt, or undefined when the failure is final. */
  private retryDelay(
    req: HttpRequest,
    failure: PhotosApiError | ConnectionError,
    attempt: number,
    maxAttempts: number
  ): number | undefined {
    if (attempt >= maxAttempts) return undefined
    if (failure instanceof ConnectionError) {
      if (!req.idempotent && failure.maybeProcessed) return undefined
      return backoffDelay(this.policy, attempt)
    }
    if (failure.isRateLimit) {
      const wait = rateLimitDelay(this.policy, failure.retryAfterMs)
      return wait > this.policy.maxRetryAfterMs ? undefined : wait
    }
    if (failure.isTransient && req.idempotent) return backoffDelay(this.policy, attempt)
    return undefined
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    this.calls[req.op] = (this.calls[req.op] ?? 0) + 1
    const token = await this.tokens.getToken()
    const body = typeof req.body === 'function' ? req.body() : req.body
    const timeout = timeoutFor(this.policy, req.bodyBytes ?? 0)
    const signal = AbortSignal.timeout(timeout)
    let sent = false
    try {
      const res = await request(req.url, {
        method: req.method,
        dispatcher: this.dispatcher,
        headers: { ...req.headers, authorization: `Bearer ${token}` },
        body,
        signal,
        headersTimeout: timeout,
        bodyTimeout: timeout
      })
      sent = true
      const text = await res.body.text()
      return { status: res.statusCode, headers: flatHeaders(res.headers), body: text }
    } catch (err) {
      if (body && typeof body === 'object' && 'destroy' in body) body.destroy()
      throw toConnectionError(req.op, err, sent, signal.aborted)
    }
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>) {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(headers))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return out
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string } | string
  error_description?: string
}

export function toApiError(op: Operation, res: HttpResponse): PhotosApiError {
  let message = res.body.trim().slice(0, 500) || `HTTP ${res.status}`
  let status: string | undefined
  try {
    const parsed = JSON.parse(res.body) as GoogleErrorBody
    if (typeof parsed.error === 'object' && parsed.error) {
      message = parsed.error.message ?? message
      status = parsed.error.status
    }
  } catch {
    // Not JSON (a proxy's page, say): keep the text.
  }
  return new PhotosApiError(
    op,
    res.status,
    message,
    status,
    parseRetryAfter(res.headers['retry-after'])
  )
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT'
])

function toConnectionError(
  op: Operation,
  err: unknown,
  headersReceived: boolean,
  timedOut: boolean
): ConnectionError | Error {
  const e = err as { code?: string; cause?: { code?: string }; message?: string; name?: string }
  const code = timedOut ? 'ETIMEDOUT' : (e.code ?? e.cause?.code ?? e.name ?? 'ERROR')
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_ARG_TYPE') return err as Error
  const notSent = NOT_SENT_CODES.has(code)
  const detail = timedOut
    ? 'no answer in time'
    : headersReceived
      ? 'the answer was cut off'
      : notSent
        ? 'could not connect'
        : 'the connection was lost before an answer'
  return new ConnectionError(op, code, detail, !notSent)
}

function shortReason(failure: PhotosApiError | ConnectionError): string {
  if (failure instanceof ConnectionError) return failure.code
  return `HTTP ${failure.httpStatus}${failure.apiStatus ? ` ${failure.apiStatus}` : ''}`
}
