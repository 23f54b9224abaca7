/**
 * A Google Photos Library API emulator: a real HTTP server on 127.0.0.1 that follows the
 * discovery document (revision 20240605) and SPEC.md, with fault injection, a request log,
 * and direct access to its state for assertions.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Auth } from './auth.js'
import {
  ApiError,
  insufficientScopes,
  invalidArgument,
  notFound,
  quotaError,
  statusName
} from './errors.js'
import { FaultPlan } from './faults.js'
import { Library, type Answer, type ItemFailureRule } from './library.js'
import type {
  EmulatorConfig,
  Fault,
  FaultRule,
  MediaItemRecord,
  Operation,
  RecordedRequest,
  ReusedUploadToken,
  UploadRecord
} from './types.js'

export { ALL_SCOPES, SCOPE_APPEND, SCOPE_EDIT, SCOPE_READ } from './types.js'
export type {
  EmulatorConfig,
  QuotaKind,
  Fault,
  FaultRule,
  ItemFailure,
  MediaItemRecord,
  Operation,
  RecordedRequest,
  ReusedUploadToken,
  UploadRecord
} from './types.js'

const SESSION_PREFIX = '/v1/uploads/session/'
/** Where Google's consent page is (on accounts.google.com). */
const CONSENT_PATH = '/o/oauth2/v2/auth'
const JSON_BODY_OPS: ReadonlySet<Operation> = new Set(['batchCreate', 'search', 'albums.create'])

interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

function classify(method: string, path: string, headers: http.IncomingHttpHeaders): Operation {
  const command = String(headers['x-goog-upload-command'] ?? '').toLowerCase()
  if (method === 'POST') {
    if (path === '/token') return 'token'
    if (path === '/tokeninfo') return 'tokeninfo'
    if (path === '/v1/uploads') {
      const protocol = String(headers['x-goog-upload-protocol'] ?? '').toLowerCase()
      return protocol === 'resumable' ? 'upload.start' : 'upload'
    }
    if (path.startsWith(SESSION_PREFIX))
      return command.includes('query') ? 'upload.query' : 'upload.chunk'
    if (path === '/v1/mediaItems:batchCreate') return 'batchCreate'
    if (path === '/v1/mediaItems:search') return 'search'
    if (path === '/v1/albums') return 'albums.create'
  }
  if (method === 'GET') {
    if (path === '/tokeninfo') return 'tokeninfo'
    if (path === CONSENT_PATH) return 'consent'
    if (path === '/v1/mediaItems:batchGet') return 'batchGet'
    if (path.startsWith('/v1/mediaItems/')) return 'mediaItems.get'
    if (path === '/v1/albums') return 'albums.list'
    if (path.startsWith('/v1/albums/')) return 'albums.get'
  }
  return 'unknown'
}

function errorReply(err: ApiError): Reply {
  return {
    status: err.httpStatus,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...err.headers },
    body: err.body()
  }
}

function faultError(fault: Fault): ApiError | undefined {
  switch (fault.type) {
    case 'http':
      return new ApiError(
        fault.status,
        fault.apiStatus ?? statusName(fault.status),
        fault.message ?? `Injected HTTP ${fault.status}.`,
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}
      )
    case '429':
      return quotaError(fault.quota ?? (fault.daily ? 'daily' : 'per-minute'), fault.retryAfter)
    case 'insufficient-scopes':
      return insufficientScopes()
    default:
      return undefined
  }
}

/**
 * The whole body, in the pieces it arrived in, or a rejection when the client goes away
 * before sending it all.
 */
function readBody(req: http.IncomingMessage): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(chunks))
    req.on('error', reject)
    req.on('close', () => {
      if (!req.complete) reject(new Error('The client went away before the end of the body.'))
    })
  })
}

/** The first `afterBytes` of the body (default: half of Content-Length, or of what arrives). */
function readPart(req: http.IncomingMessage, afterBytes: number | undefined): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  const limit = afterBytes ?? (Number.isFinite(declared) ? Math.floor(declared / 2) : undefined)
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let received = 0
    let settled = false
    const finish = () => {
      if (settled) return
      settled = true
      req.off('data', onData)
      req.pause()
      const all = Buffer.concat(chunks)
      resolve(all.subarray(0, limit ?? Math.floor(all.length / 2)))
    }
    const onData = (c: Buffer) => {
      chunks.push(c)
      received += c.length
      if (limit !== undefined && received >= limit) finish()
    }
    if (limit !== undefined && limit <= 0) return finish()
    req.on('data', onData)
    req.on('end', finish)
    req.on('error', finish)
    req.on('close', finish)
  })
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown }
  } catch {
    return { ok: false }
  }
}

export class PhotosEmulator {
  readonly requests: RecordedRequest[] = []
  private readonly server: http.Server
  private readonly auth: Auth
  private readonly library: Library
  private readonly faults: FaultPlan
  private readonly granularity: number
  private readonly inFlight = new Map<Operation, number>()
  private readonly peakInFlight = new Map<Operation, number>()
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; wake: () => void }>()
  private accepted = 0
  private url = ''
  private closing: Promise<void> | undefined

  private constructor(config: EmulatorConfig) {
    this.auth = new Auth(config)
    this.granularity = config.chunkGranularity ?? 262144
    if (!(Number.isInteger(this.granularity) && this.granularity > 0)) {
      throw new RangeError(`chunkGranularity must be a positive integer, got ${this.granularity}`)
    }
    this.library = new Library({
      granularity: this.granularity,
      wholeBatchOnInvalidToken: config.wholeBatchOnInvalidToken ?? true,
      reusedUploadToken: config.reusedUploadToken ?? 'gives-item',
      albumItemLimit: config.albumItemLimit ?? 20000,
      storageLimitBytes: config.storageLimitBytes ?? Infinity,
      maxUploadBytes: config.maxUploadBytes ?? 20 * 1024 ** 3
    })
    this.faults = new FaultPlan(config.seed ?? 1)
    this.server = http.createServer((req, res) => void this.handle(req, res))
    this.server.on('connection', () => this.accepted++)
  }

  static async start(config: EmulatorConfig = {}): Promise<PhotosEmulator> {
    const emu = new PhotosEmulator(config)
    await new Promise<void>((resolve, reject) => {
      emu.server.once('error', reject)
      emu.server.listen(config.port ?? 0, '127.0.0.1', () => {
        emu.server.off('error', reject)
        resolve()
      })
    })
    const { port } = emu.server.address() as AddressInfo
    emu.url = `http://127.0.0.1:${port}`
    return emu
  }

  /** `http://127.0.0.1:PORT` */
  get baseUrl(): string {
    return this.url
  }

  get tokenEndpoint(): string {
    return `${this.url}/token`
  }

  /** Like Google's `https://oauth2.googleapis.com/tokeninfo`, next to the token endpoint. */
  get tokenInfoEndpoint(): string {
    return `${this.url}/tokeninfo`
  }

  /** The consent page's URL; it grants at once (see `refuseConsent`). */
  get authorizationEndpoint(): string {
    return `${this.url}${CONSENT_PATH}`
  }

  /** Access tokens minted by the token endpoint, oldest first. */
  get issuedAccessTokens(): string[] {
    return this.auth.issued
  }

  /** Ends every connection and pending delay, so that nothing keeps the process alive. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const sleep of this.sleeps) {
        clearTimeout(sleep.timer)
        sleep.wake()
      }
      this.sleeps.clear()
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
    return this.closing
  }

  // ---- the request log ----

  calls(op: Operation): RecordedRequest[] {
    return this.requests.filter((r) => r.op === op)
  }

  /** TCP connections the emulator has accepted, of every client. */
  get connections(): number {
    return this.accepted
  }

  /** The most requests of `op` in flight at once, from arrival until answered and handled. */
  maxConcurrent(op: Operation): number {
    return this.peakInFlight.get(op) ?? 0
  }

  // ---- faults ----

  inject(rule: FaultRule): void {
    this.faults.add(rule)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  failItemsWhere(fn: ItemFailureRule): void {
    this.library.itemFailure = fn
  }

  /**
   * What batchCreate does from now on with an upload token that already made an item:
   * answer with that item (`gives-item`), or refuse the call whole (`refuses-request`).
   */
  setReusedUploadToken(behaviour: ReusedUploadToken): void {
    this.library.setReusedUploadToken(behaviour)
  }

  /**
   * Videos answer PROCESSING to their first `reads` reads (batchGet, mediaItems.get,
   * search), then READY, or what `outcome` says for the file name. Without this they
   * stay PROCESSING.
   */
  setVideoProcessing(opts: {
    reads: number
    outcome?: (fileName: string) => 'READY' | 'FAILED'
  }): void {
    this.library.videoProcessing = { reads: opts.reads, outcome: opts.outcome ?? (() => 'READY') }
  }

  /** Called for each media item a batchCreate makes, once its answer is decided. */
  onMediaItemCreated(fn: (item: MediaItemRecord) => void): void {
    this.library.onItemCreated = fn
  }

  // ---- fixtures ----

  addAlbum(opts: { title: string; appCreated?: boolean }): {
    id: string
    title: string
    productUrl: string
  } {
    const album = this.library.addAlbum(opts.title, opts.appCreated ?? true)
    return { id: album.id, title: album.title, productUrl: album.productUrl }
  }

  /** Inserts a text enrichment after the entry at `afterIndex` (-1: first) and returns its id. */
  addEnrichment(albumId: string, afterIndex: number): string {
    return this.library.addEnrichment(albumId, afterIndex)
  }

  /** A media item that exists before the run, appended to the album if given. */
  addMediaItem(opts: {
    fileName: string
    bytes?: Buffer
    mimeType?: string
    albumId?: string
    appCreated?: boolean
  }): MediaItemRecord {
    return this.library.addMediaItem(opts)
  }

  /** An upload token minted without HTTP; by default for unique random JPEG bytes. */
  createUploadToken(
    opts: { bytes?: Buffer; fileName?: string; mimeType?: string; expired?: boolean } = {}
  ): string {
    const rec = this.library.storeUpload(
      opts.bytes ?? crypto.randomBytes(48),
      opts.mimeType ?? 'image/jpeg',
      'raw',
      opts.fileName
    )
    rec.expired = opts.expired ?? false
    return rec.token
  }

  expireUploadToken(token: string): void {
    const rec = this.library.upload(token)
    if (rec) rec.expired = true
  }

  addAccessToken(token: string, scopes?: string[]): void {
    this.auth.addAccessToken(token, scopes)
  }

  /** Later requests with this token get 401. */
  expireAccessToken(token: string): void {
    this.auth.expireAccessToken(token)
  }

  revokeRefreshToken(refreshToken: string): void {
    this.auth.revokeRefreshToken(refreshToken)
  }

  /** The user on the consent page refuses access (`error=access_denied`), or allows it again. */
  refuseConsent(refuse = true): void {
    this.auth.consentGiven = !refuse
  }

  /** Deletes a media item as a user would in the Google Photos app; later reads miss it. */
  deleteMediaItem(id: string): void {
    this.library.deleteMediaItem(id)
  }

  // ---- state ----

  /** The album's content in order: media items and enrichments. */
  albumEntries(albumId: string): { kind: 'media' | 'enrichment'; id: string }[] {
    return (this.library.albums.get(albumId)?.entries ?? []).map((e) => ({ ...e }))
  }

  albumItemIds(albumId: string): string[] {
    return this.albumEntries(albumId)
      .filter((e) => e.kind === 'media')
      .map((e) => e.id)
  }

  albums(): { id: string; title: string; productUrl: string; appCreated: boolean }[] {
    return [...this.library.albums.values()].map((a) => ({
      id: a.id,
      title: a.title,
      productUrl: a.productUrl,
      appCreated: a.appCreated
    }))
  }

  mediaItem(id: string): MediaItemRecord | undefined {
    return this.library.items.get(id)
  }

  mediaItems(): MediaItemRecord[] {
    return [...this.library.items.values()]
  }

  upload(token: string): UploadRecord | undefined {
    return this.library.upload(token)
  }

  /** Finalized uploads, raw and resumable (with their session's chunk history). */
  uploads(): UploadRecord[] {
    return this.library.uploads()
  }

  uploadedBytes(token: string): Buffer | undefined {
    return this.library.uploadedBytes(token)
  }

  // ---- HTTP ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? 'GET'
    const op = classify(method, url.pathname, req.headers)
    const rec: RecordedRequest = {
      seq: this.requests.length + 1,
      op,
      method,
      path: url.pathname,
      url: url.toString(),
      headers: { ...req.headers },
      bodyBytes: 0,
      startedAt: performance.now()
    }
    this.requests.push(rec)

    // In flight until both the handling and the connection's part are over: a client that
    // gives up early does not end work the server is still doing.
    const now = (this.inFlight.get(op) ?? 0) + 1
    this.inFlight.set(op, now)
    if (now > (this.peakInFlight.get(op) ?? 0)) this.peakInFlight.set(op, now)
    let open = 2
    const settle = () => {
      if (--open > 0) return
      rec.endedAt = performance.now()
      this.inFlight.set(op, (this.inFlight.get(op) ?? 1) - 1)
    }
    res.once('close', settle)
    try {
      await this.process(op, req, res, url, rec)
    } catch (err) {
      // A bug in the emulator: answer like Google's backend would, and show the cause.
      this.send(
        res,
        rec,
        errorReply(new ApiError(500, 'INTERNAL', `Emulator error: ${String(err)}`))
      )
    } finally {
      settle()
    }
  }

  private async process(
    op: Operation,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    rec: RecordedRequest
  ): Promise<void> {
    const fault = this.faults.pick(op)
    if (fault) rec.fault = fault.type
    if (fault?.type === 'reset') {
      req.socket.destroy()
      return
    }
    if (fault?.type === 'reset-mid-upload') {
      const part = await readPart(req, fault.afterBytes)
      rec.bodyBytes = part.length
      if (op === 'upload.chunk') {
        this.library.keepPartialChunk(this.sessionId(url), req.headers, part)
      }
      req.socket.destroy()
      return
    }

    let parts: Buffer[]
    try {
      parts = await readBody(req)
    } catch {
      return
    }
    // Upload bytes stay in the pieces they arrived in (see the library's StoredUpload); a
    // request of any other kind is joined, to be read as JSON or a form.
    const upload = op === 'upload' || op === 'upload.chunk'
    const body = upload ? Buffer.alloc(0) : Buffer.concat(parts)
    rec.bodyBytes = upload ? parts.reduce((sum, part) => sum + part.length, 0) : body.length
    const contentType = String(req.headers['content-type'] ?? '')
    const parsed =
      JSON_BODY_OPS.has(op) || contentType.includes('application/json')
        ? parseJson(body)
        : undefined
    if (parsed?.ok && parsed.value !== undefined) rec.json = parsed.value

    if (fault?.type === 'latency') {
      await this.sleep(fault.ms)
      if (this.closing) return
    }
    const injected = fault && faultError(fault)
    let reply: Reply
    if (injected) {
      reply = errorReply(injected)
    } else {
      try {
        reply = this.dispatch(op, req, url, body, parsed, parts)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        reply = errorReply(err)
      }
    }
    if (fault?.type === 'lost-answer') {
      req.socket.destroy()
      return
    }
    if (fault?.type === 'lost-answer-5xx') {
      const status = fault.status ?? 500
      reply = errorReply(new ApiError(status, statusName(status), 'Internal error encountered.'))
    }
    this.send(res, rec, reply)
  }

  private dispatch(
    op: Operation,
    req: http.IncomingMessage,
    url: URL,
    body: Buffer,
    parsed: ReturnType<typeof parseJson> | undefined,
    parts: Buffer[]
  ): Reply {
    if (op === 'token') {
      const answer = this.auth.token(
        req.headers.authorization,
        String(req.headers['content-type'] ?? ''),
        body
      )
      return { ...answer, headers: { 'content-type': 'application/json; charset=UTF-8' } }
    }
    if (op === 'tokeninfo') {
      const form = new URLSearchParams(req.method === 'POST' ? body.toString('utf8') : '')
      const token = url.searchParams.get('access_token') ?? form.get('access_token') ?? ''
      const answer = this.auth.tokenInfo(token)
      return { ...answer, headers: { 'content-type': 'application/json; charset=UTF-8' } }
    }
    if (op === 'consent') {
      const answer = this.auth.consent(url.searchParams)
      return answer.status === 302
        ? { status: 302, headers: { location: answer.location }, body: '' }
        : {
            status: 400,
            headers: { 'content-type': 'text/plain; charset=UTF-8' },
            body: answer.body
          }
    }
    if (op === 'unknown') throw notFound(`No route for ${req.method} ${url.pathname}.`)
    this.auth.authorize(req.headers.authorization, op)
    let input: Record<string, unknown> = {}
    if (JSON_BODY_OPS.has(op)) {
      const value = parsed?.ok ? parsed.value : null
      if (
        value !== undefined &&
        (typeof value !== 'object' || value === null || Array.isArray(value))
      ) {
        throw invalidArgument('Invalid JSON payload received.')
      }
      input = (value ?? {}) as Record<string, unknown>
    }
    return { status: 200, ...this.route(op, req, url, parts, input) }
  }

  private route(
    op: Operation,
    req: http.IncomingMessage,
    url: URL,
    parts: Buffer[],
    input: Record<string, unknown>
  ): Answer {
    const lib = this.library
    switch (op) {
      case 'upload':
        return lib.rawUpload(req.headers, parts)
      case 'upload.start':
        return lib.startSession(req.headers, this.url)
      case 'upload.chunk':
        return lib.chunk(this.sessionId(url), req.headers, parts)
      case 'upload.query':
        return lib.query(this.sessionId(url))
      case 'batchCreate':
        return lib.batchCreate(input)
      case 'batchGet':
        return lib.batchGet(url.searchParams.getAll('mediaItemIds'))
      case 'search':
        return lib.search(input)
      case 'mediaItems.get':
        return lib.getMediaItem(decodeURIComponent(url.pathname.slice('/v1/mediaItems/'.length)))
      case 'albums.list':
        return lib.listAlbums(url.searchParams)
      case 'albums.create':
        return lib.createAlbum(input)
      case 'albums.get':
        return lib.getAlbum(decodeURIComponent(url.pathname.slice('/v1/albums/'.length)))
      default:
        throw notFound(`No route for ${req.method} ${url.pathname}.`)
    }
  }

  private sessionId(url: URL): string {
    return decodeURIComponent(url.pathname.slice(SESSION_PREFIX.length))
  }

  private send(res: http.ServerResponse, rec: RecordedRequest, reply: Reply): void {
    if (res.destroyed || res.headersSent) return
    rec.status = reply.status
    res.writeHead(reply.status, {
      'content-length': String(Buffer.byteLength(reply.body)),
      ...reply.headers
    })
    res.end(reply.body)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleep = {
        timer: setTimeout(() => {
          this.sleeps.delete(sleep)
          resolve()
        }, ms),
        wake: resolve
      }
      this.sleeps.add(sleep)
    })
  }
}
