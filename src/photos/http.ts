/**
 * HTTP to the Library API: bearer auth, timeouts, Google errors, and the retry policy.
 * Every request of the action goes through `send`.
 */
import type { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { createDispatcher } from './dispatcher.js'
import type { TokenSource } from '../auth.js'
import {
  AuthError,
  ConnectionError,
  DailyQuotaError,
  PhotosApiError,
  StoppedError,
  UploadTokensRefusedError,
  type Operation
} from './errors.js'
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
  body?: string | Buffer | (() => Readable | AsyncIterable<Buffer>)
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
  /** A read the run can do without: a 403 for a missing scope goes to the caller, the run goes on. */
  scopeOptional?: boolean
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

/** How long a write in flight gets to answer after a fatal answer to another request. */
export const STOP_GRACE_MS = 1000

/** Writes whose lost answer may leave something made: a cancellation lets them finish. */
const GRACEFUL_OPS: ReadonlySet<Operation> = new Set(['batchCreate', 'albums.create'])

/**
 * Answers after which no request of the run can succeed: the daily quota, credentials
 * that cannot give a token, a token refused (401 after a refresh) or short of a scope (403),
 * and the answers of PhotosApiError.haltsRun (full storage, a foreign album, …).
 */
export function haltsRun(err: unknown): boolean {
  if (err instanceof DailyQuotaError || err instanceof AuthError) return true
  if (err instanceof UploadTokensRefusedError) return true
  return err instanceof PhotosApiError && err.haltsRun
}

export class PhotosHttp {
  readonly dispatcher: Dispatcher
  private readonly ownsDispatcher: boolean
  /** Calls made, by operation (every attempt counts: they all cost quota). */
  readonly calls: Record<string, number> = {}
  /** What stopped the run; undefined while it goes on. */
  private reason: unknown
  private stoppedAt = false
  /** Aborts every wait, and tells the pipeline that the run stopped. */
  private readonly halt = new AbortController()
  private graceTimer: NodeJS.Timeout | undefined
  /** Requests on their way, so that a stop abandons them. */
  private readonly inFlight = new Set<Exchange>()

  constructor(
    private readonly tokens: TokenSource,
    readonly policy: RetryPolicy,
    private readonly onRetry: RetryListener = () => undefined,
    /**
     * HTTP/1.1 connections to one host: one for each request the run can have in flight
     * there at once (`concurrency` uploads and a batchCreate). undici frees a connection
     * that has answered only a turn of the event loop later, so without a limit the next
     * upload, sent the moment one ends, opened another (12 connections for 120 uploads at
     * concurrency 6 against the emulator, each a new handshake). At the limit, a request
     * waits for that turn and goes out on the connection that answered. HTTP/2 is not
     * offered (see `dispatcher.ts`), so this holds against Google too.
     */
    connections = 64,
    dispatcher?: Dispatcher
  ) {
    this.ownsDispatcher = dispatcher === undefined
    this.dispatcher =
      dispatcher ??
      createDispatcher({
        connect: { timeout: 30_000 },
        keepAliveTimeout: 10_000,
        connections
      })
  }

  /** True once the run stopped: no request starts, none is retried. */
  get stopped(): boolean {
    return this.stoppedAt
  }

  get stopReason(): unknown {
    return this.reason
  }

  /** Aborts when the run stops (fatal answer or cancellation). */
  get stopSignal(): AbortSignal {
    return this.halt.signal
  }

  /**
   * Stops the run now: nothing starts or retries, and every request in flight is abandoned,
   * except a batchCreate or albums.create on its way, which gets `STOP_GRACE_MS` to answer
   * (its answer says what was made; the stop still ends the run within a second or two).
   * A second call abandons everything at once.
   */
  stop(reason: unknown): void {
    if (!this.stoppedAt) {
      this.stoppedAt = true
      this.reason = reason
      this.halt.abort(reason)
      this.abandonAllBut(STOP_GRACE_MS)
      return
    }
    clearTimeout(this.graceTimer)
    for (const exchange of this.inFlight) exchange.abort(this.reason)
  }

  /**
   * Cancels the run: nothing new starts and requests in flight are abandoned, except a
   * batchCreate or albums.create, which gets `graceMs` to answer (its answer says what
   * was made).
   */
  cancel(reason: unknown, graceMs: number): void {
    if (this.stoppedAt) return
    this.stoppedAt = true
    this.reason = reason
    this.halt.abort(reason)
    this.abandonAllBut(graceMs)
  }

  /** Abandons the requests in flight: the graceful ones only once `graceMs` are over. */
  private abandonAllBut(graceMs: number): void {
    const reason = this.reason
    for (const exchange of this.inFlight) if (!exchange.graceful) exchange.abort(reason)
    this.graceTimer = setTimeout(() => {
      for (const exchange of this.inFlight) exchange.abort(reason)
    }, graceMs)
  }

  /** A wait between attempts that ends (with StoppedError) when the run stops. */
  async sleep(ms: number, op: Operation): Promise<void> {
    if (this.stoppedAt) throw new StoppedError(op, this.reason, false)
    try {
      await this.policy.sleep(ms, this.halt.signal)
    } catch (err) {
      if (!this.stoppedAt) throw err
    }
    if (this.stoppedAt) throw new StoppedError(op, this.reason, false)
  }

  /** Waits for requests in flight, then closes the connection pool. */
  async close(): Promise<void> {
    clearTimeout(this.graceTimer)
    if (this.ownsDispatcher) await this.dispatcher.close()
  }

  /** Closes the pool at once, abandoning requests in flight (the run is stopped). */
  async destroy(reason: unknown = new Error('the connection pool was closed')): Promise<void> {
    this.stop(this.reason ?? reason)
    if (this.ownsDispatcher) await this.dispatcher.destroy()
  }

  /** Sends with retries; returns a 2xx answer or throws PhotosApiError / ConnectionError. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const maxAttempts = req.maxAttempts ?? this.policy.maxAttempts
    try {
      return await this.attempts(req, maxAttempts)
    } catch (err) {
      const spared = req.scopeOptional && err instanceof PhotosApiError && err.isInsufficientScopes
      if (!this.stoppedAt && haltsRun(err) && !spared) this.stop(err)
      throw err
    }
  }

  private async attempts(req: HttpRequest, maxAttempts: number): Promise<HttpResponse> {
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      if (this.stoppedAt) throw new StoppedError(req.op, this.reason, false)
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
      if (delay === undefined || this.stoppedAt) throw this.final(failure, attempt)
      this.onRetry({ op: req.op, attempt, delayMs: delay, reason: shortReason(failure) })
      await this.sleep(delay, req.op)
    }
  }

  /**
   * The failure that ends a request, saying why it was not tried again where its own text
   * does not: the attempts it took, or a wait longer than the action sits out.
   */
  private final<E extends PhotosApiError | ConnectionError>(failure: E, attempt: number): E {
    if (this.stoppedAt) return failure
    let note = attempt > 1 ? ` (after ${attempt} attempts)` : ''
    if (failure instanceof PhotosApiError && failure.isRateLimit && failure.retryAfterMs) {
      const wait = rateLimitDelay(this.policy, failure.retryAfterMs)
      if (wait > this.policy.maxRetryAfterMs) {
        note =
          ` (Google asked for a wait of ${Math.ceil(failure.retryAfterMs / 1000)} s before another ` +
          `try, more than the ${Math.round(this.policy.maxRetryAfterMs / 60_000)} minutes the ` +
          'action waits: re-run later)'
      }
    }
    // Inside the text's last full stop: "Injected HTTP 500 (after 6 attempts)."
    if (note) failure.message = failure.message.replace(/\.?\s*$/, `${note}.`)
    return failure
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
    const token = this.tokens.currentToken?.() ?? (await this.tokens.getToken())
    const body = typeof req.body === 'function' ? req.body() : req.body
    const timeout = timeoutFor(this.policy, req.bodyBytes ?? 0)
    const headers: Record<string, string> = {}
    for (const name in req.headers) headers[name] = req.headers[name] as string
    headers.authorization = `Bearer ${token}`
    const exchange = new Exchange(GRACEFUL_OPS.has(req.op), timeout)
    this.inFlight.add(exchange)
    try {
      exchange.dispatch(this.dispatcher, {
        url: req.url,
        method: req.method,
        headers,
        // Undici sends an async iterable piece by piece, waiting for the socket to drain;
        // its typings name only streams.
        body: body as Exclude<typeof body, AsyncIterable<Buffer>>
      })
      return await exchange.answer
    } catch (err) {
      if (body && typeof body === 'object' && 'destroy' in body) body.destroy()
      // Abandoned because the run stopped: the request was on its way.
      if (this.stoppedAt && !exchange.timedOut) throw new StoppedError(req.op, this.reason, true)
      throw toConnectionError(req.op, err, exchange.answered, exchange.timedOut)
    } finally {
      exchange.done()
      this.inFlight.delete(exchange)
    }
  }
}

/**
 * One request, no retry, its answer read whole within `timeoutMs`: for a request outside
 * the Library API (tokeninfo), which has no bearer token, policy or count of its own.
 */
export async function requestOnce(
  dispatcher: Dispatcher,
  req: { url: string; method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
  timeoutMs: number,
  /** The run's stop: a cancellation abandons the request at once (its reason is thrown). */
  signal?: AbortSignal
): Promise<HttpResponse> {
  signal?.throwIfAborted()
  const handler = new Exchange(false, timeoutMs)
  const abandon = () => handler.abort(signal?.reason)
  signal?.addEventListener('abort', abandon, { once: true })
  try {
    handler.dispatch(dispatcher, { ...req, headers: req.headers ?? {} })
    return await handler.answer
  } finally {
    handler.done()
    signal?.removeEventListener('abort', abandon)
  }
}

/**
 * One request and its answer, read whole, with the one timer that bounds it. Undici's
 * `request` wraps the same dispatch in an async resource, a readable stream for the body
 * and a signal listener: about a tenth of a millisecond per upload, during which the
 * answers of the other slots wait for the CPU.
 */
class Exchange implements Dispatcher.DispatchHandler {
  /** The status and headers arrived: the request was received. */
  answered = false
  timedOut = false
  readonly answer: Promise<HttpResponse>
  private resolve!: (res: HttpResponse) => void
  private reject!: (err: unknown) => void
  private controller: Dispatcher.DispatchController | undefined
  private reason: unknown
  private status = 0
  private headers: Record<string, string | string[] | undefined> = {}
  private readonly chunks: Buffer[] = []
  private readonly timer: NodeJS.Timeout

  constructor(
    /** Spared by a cancellation until its grace ends. */
    readonly graceful: boolean,
    private readonly timeoutMs: number
  ) {
    this.answer = new Promise((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    this.timer = setTimeout(() => {
      this.timedOut = true
      this.abort(new DOMException('no answer in time', 'TimeoutError'))
    }, timeoutMs)
  }

  /** Hands the request to undici, whose own header and body timeouts are the exchange's. */
  dispatch(
    dispatcher: Dispatcher,
    req: {
      url: string
      method: 'GET' | 'POST'
      headers: Record<string, string>
      body?: string | Buffer | Readable | null
    }
  ): void {
    const { origin, path } = splitUrl(req.url)
    dispatcher.dispatch(
      {
        origin,
        path,
        method: req.method,
        headers: req.headers,
        body: req.body ?? null,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs
      },
      this
    )
  }

  /** Abandons the request: the answer rejects now, even while it waits for a connection. */
  abort(reason: unknown): void {
    if (this.reason !== undefined) return
    this.reason = reason
    this.controller?.abort(reason as Error)
    this.reject(reason)
  }

  done(): void {
    clearTimeout(this.timer)
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.reason !== undefined) controller.abort(this.reason as Error)
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>
  ): void {
    // An interim answer (100 Continue, 103 Early Hints): the real one follows.
    if (statusCode < 200) return
    this.answered = true
    this.status = statusCode
    this.headers = headers
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk)
  }

  onResponseEnd(): void {
    const body =
      this.chunks.length === 1
        ? (this.chunks[0] as Buffer).toString()
        : Buffer.concat(this.chunks).toString()
    this.resolve({ status: this.status, headers: flatHeaders(this.headers), body })
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.reject(this.reason ?? err)
  }
}

/** Origin and path of an absolute URL the action built itself (endpoint + path). */
function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf('/', url.indexOf('//') + 2)
  if (slash < 0) return { origin: url, path: '/' }
  return { origin: url.slice(0, slash), path: url.slice(slash) }
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

const UNDICI_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

function toConnectionError(
  op: Operation,
  err: unknown,
  headersReceived: boolean,
  timedOut: boolean
): ConnectionError | Error {
  const e = err as { code?: string; cause?: { code?: string }; message?: string; name?: string }
  const raw = e.code ?? e.cause?.code ?? e.name ?? 'ERROR'
  // undici's own header and body timeouts can fire before the request's timer: the same event.
  if (UNDICI_TIMEOUTS.has(raw)) timedOut = true
  const code = timedOut ? 'ETIMEDOUT' : raw
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
