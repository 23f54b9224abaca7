/**
 * A Google Photos Library API emulator: a real HTTP server on 127.0.0.1 that follows the
 * discovery document (revision 20240605) and SPEC.md, with fault injection, a request log,
 * and direct access to its state for assertions.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export const SCOPE_APPEND = 'https://www.googleapis.com/auth/photoslibrary.appendonly'
export const SCOPE_READ = 'https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata'
export const SCOPE_EDIT = 'https://www.googleapis.com/auth/photoslibrary.edit.appcreateddata'
export const ALL_SCOPES = [SCOPE_APPEND, SCOPE_READ, SCOPE_EDIT]

export interface EmulatorConfig {
  accessTokens?: string[]
  oauthClients?: {
    clientId: string
    clientSecret: string
    refreshToken: string
    scopes?: string[]
  }[]
  accessTokenLifetimeSec?: number
  chunkGranularity?: number
  seed?: number
  wholeBatchOnInvalidToken?: boolean
  albumItemLimit?: number
}

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
  | 'mediaItems.get'
  | 'token'
  | 'unknown'

export interface RecordedRequest {
  seq: number
  op: Operation
  method: string
  path: string
  url: string
  headers: Record<string, string | string[] | undefined>
  bodyBytes: number
  json?: unknown
  startedAt: number
  endedAt?: number
  status?: number
  fault?: string
}

export type Fault =
  | { type: 'http'; status: number; message?: string; apiStatus?: string; retryAfter?: number }
  | { type: '429'; retryAfter?: number; daily?: boolean }
  | { type: 'reset' }
  | { type: 'reset-mid-upload'; afterBytes?: number }
  | { type: 'latency'; ms: number }
  | { type: 'lost-answer' }
  | { type: 'lost-answer-5xx'; status?: number }
  | { type: 'insufficient-scopes' }

export interface FaultRule {
  op: Operation | Operation[]
  fault: Fault
  times?: number
  after?: number
  probability?: number
}

export interface ItemFailure {
  code: number
  message: string
}

export interface MediaItemRecord {
  id: string
  filename: string
  mimeType: string
  description?: string
  productUrl: string
  baseUrl: string
  sha256: string
  bytes: number
  uploadToken?: string
  appCreated: boolean
  mediaMetadata: {
    creationTime: string
    width?: string
    height?: string
    photo?: object
    video?: { status: string }
  }
  createCount: number
}

export interface UploadRecord {
  token: string
  protocol: 'raw' | 'resumable'
  mimeType: string
  bytes: number
  sha256: string
  chunks: { offset: number; length: number; finalize: boolean }[]
  queries: number
  resumed: boolean
  expired: boolean
  usedBy?: string
}

interface AlbumRecord {
  id: string
  title: string
  productUrl: string
  appCreated: boolean
  entries: { kind: 'media' | 'enrichment'; id: string }[]
}

interface Session {
  id: string
  mimeType: string
  rawSize: number
  received: Buffer[]
  receivedBytes: number
  record: UploadRecord
  queriedSinceLastChunk: boolean
  final: boolean
}

interface ActiveRule extends FaultRule {
  seen: number
  fired: number
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly apiStatus: string,
    message: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }
}

const WRITE_OPS = new Set<Operation>([
  'upload',
  'upload.start',
  'upload.chunk',
  'upload.query',
  'batchCreate',
  'albums.create'
])

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomId(prefix = ''): string {
  return prefix + crypto.randomBytes(18).toString('base64url')
}

function sha(buf: Buffer): string {
  return crypto.createHash('sha256').update(buf).digest('hex')
}

export class PhotosEmulator {
  readonly requests: RecordedRequest[] = []
  readonly issuedAccessTokens: string[] = []
  baseUrl = ''
  tokenEndpoint = ''

  private readonly server: http.Server
  private readonly sockets = new Set<Socket>()
  private readonly accessTokens = new Map<string, { scopes: string[]; expired: boolean }>()
  private readonly clients: {
    clientId: string
    clientSecret: string
    refreshToken: string
    scopes: string[]
  }[]
  private readonly revoked = new Set<string>()
  private readonly albumMap = new Map<string, AlbumRecord>()
  private readonly albumOrder: string[] = []
  private readonly items = new Map<string, MediaItemRecord>()
  private readonly itemsBySha = new Map<string, string>()
  private readonly uploadMap = new Map<string, UploadRecord>()
  private readonly uploadBytes = new Map<string, Buffer>()
  private readonly sessions = new Map<string, Session>()
  private readonly enrichments = new Set<string>()
  private rules: ActiveRule[] = []
  private itemFailure: Parameters<PhotosEmulator['failItemsWhere']>[0] = () => undefined
  private readonly random: () => number
  private readonly granularity: number
  private readonly wholeBatchOnInvalidToken: boolean
  private readonly albumItemLimit: number
  private readonly lifetime: number
  private inFlight = new Map<Operation, number>()
  private maxInFlight = new Map<Operation, number>()
  private seq = 0

  private constructor(config: EmulatorConfig) {
    for (const t of config.accessTokens ?? ['test-access-token']) {
      this.accessTokens.set(t, { scopes: ALL_SCOPES, expired: false })
    }
    this.clients = (
      config.oauthClients ?? [
        {
          clientId: 'test-client-id',
          clientSecret: 'test-client-secret',
          refreshToken: 'test-refresh-token'
        }
      ]
    ).map((c) => ({ ...c, scopes: c.scopes ?? ALL_SCOPES }))
    this.random = rng(config.seed ?? 1)
    this.granularity = config.chunkGranularity ?? 262144
    this.wholeBatchOnInvalidToken = config.wholeBatchOnInvalidToken ?? true
    this.albumItemLimit = config.albumItemLimit ?? 20000
    this.lifetime = config.accessTokenLifetimeSec ?? 3600
    this.server = http.createServer((req, res) => void this.handle(req, res))
    this.server.keepAliveTimeout = 5000
    this.server.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
  }

  static async start(config: EmulatorConfig = {}): Promise<PhotosEmulator> {
    const emu = new PhotosEmulator(config)
    await new Promise<void>((resolve) => emu.server.listen(0, '127.0.0.1', resolve))
    const { port } = emu.server.address() as AddressInfo
    emu.baseUrl = `http://127.0.0.1:${port}`
    emu.tokenEndpoint = `${emu.baseUrl}/token`
    return emu
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  // ---- inspection ----

  calls(op: Operation): RecordedRequest[] {
    return this.requests.filter((r) => r.op === op)
  }

  maxConcurrent(op: Operation): number {
    return this.maxInFlight.get(op) ?? 0
  }

  albumEntries(albumId: string): { kind: 'media' | 'enrichment'; id: string }[] {
    return [...(this.albumMap.get(albumId)?.entries ?? [])]
  }

  albumItemIds(albumId: string): string[] {
    return this.albumEntries(albumId)
      .filter((e) => e.kind === 'media')
      .map((e) => e.id)
  }

  albums(): { id: string; title: string; productUrl: string; appCreated: boolean }[] {
    return this.albumOrder.map((id) => {
      const a = this.albumMap.get(id) as AlbumRecord
      return { id: a.id, title: a.title, productUrl: a.productUrl, appCreated: a.appCreated }
    })
  }

  mediaItem(id: string): MediaItemRecord | undefined {
    return this.items.get(id)
  }

  mediaItems(): MediaItemRecord[] {
    return [...this.items.values()]
  }

  upload(token: string): UploadRecord | undefined {
    return this.uploadMap.get(token)
  }

  uploads(): UploadRecord[] {
    return [...this.uploadMap.values()]
  }

  uploadedBytes(token: string): Buffer | undefined {
    return this.uploadBytes.get(token)
  }

  // ---- fixtures ----

  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, seen: 0, fired: 0 })
  }

  clearFaults(): void {
    this.rules = []
  }

  failItemsWhere(
    fn: (item: {
      fileName?: string
      uploadToken: string
      description?: string
      mimeType?: string
    }) => ItemFailure | undefined
  ): void {
    this.itemFailure = fn
  }

  addAlbum(opts: { title: string; appCreated?: boolean }): {
    id: string
    title: string
    productUrl: string
  } {
    const id = randomId('alb')
    const album: AlbumRecord = {
      id,
      title: opts.title,
      productUrl: `https://photos.google.com/lr/album/${id}`,
      appCreated: opts.appCreated ?? true,
      entries: []
    }
    this.albumMap.set(id, album)
    this.albumOrder.push(id)
    return { id, title: album.title, productUrl: album.productUrl }
  }

  addEnrichment(albumId: string, afterIndex: number): string {
    const album = this.albumMap.get(albumId)
    if (!album) throw new Error(`no album ${albumId}`)
    const id = randomId('enr')
    this.enrichments.add(id)
    album.entries.splice(afterIndex + 1, 0, { kind: 'enrichment', id })
    return id
  }

  addMediaItem(opts: {
    fileName: string
    bytes?: Buffer
    mimeType?: string
    albumId?: string
    appCreated?: boolean
  }): MediaItemRecord {
    const bytes = opts.bytes ?? crypto.randomBytes(32)
    const item = this.newItem(bytes, opts.mimeType ?? 'image/jpeg', opts.fileName, undefined)
    item.appCreated = opts.appCreated ?? true
    item.createCount = 1
    if (opts.albumId) {
      const album = this.albumMap.get(opts.albumId)
      if (!album) throw new Error(`no album ${opts.albumId}`)
      album.entries.push({ kind: 'media', id: item.id })
    }
    return item
  }

  createUploadToken(
    opts: { bytes?: Buffer; fileName?: string; mimeType?: string; expired?: boolean } = {}
  ): string {
    const bytes = opts.bytes ?? crypto.randomBytes(48)
    const rec = this.storeUpload(bytes, opts.mimeType ?? 'image/jpeg', 'raw')
    rec.expired = opts.expired ?? false
    return rec.token
  }

  expireUploadToken(token: string): void {
    const rec = this.uploadMap.get(token)
    if (rec) rec.expired = true
  }

  addAccessToken(token: string, scopes: string[] = ALL_SCOPES): void {
    this.accessTokens.set(token, { scopes, expired: false })
  }

  expireAccessToken(token: string): void {
    const t = this.accessTokens.get(token)
    if (t) t.expired = true
  }

  revokeRefreshToken(refreshToken: string): void {
    this.revoked.add(refreshToken)
  }

  // ---- internals ----

  private storeUpload(
    bytes: Buffer,
    mimeType: string,
    protocol: 'raw' | 'resumable'
  ): UploadRecord {
    const token = randomId('upl')
    const rec: UploadRecord = {
      token,
      protocol,
      mimeType,
      bytes: bytes.length,
      sha256: sha(bytes),
      chunks: [],
      queries: 0,
      resumed: false,
      expired: false
    }
    this.uploadMap.set(token, rec)
    this.uploadBytes.set(token, bytes)
    return rec
  }

  private newItem(
    bytes: Buffer,
    mimeType: string,
    filename: string,
    description: string | undefined
  ): MediaItemRecord {
    const id = randomId('mi')
    const video = mimeType.startsWith('video/')
    const item: MediaItemRecord = {
      id,
      filename,
      mimeType,
      ...(description ? { description } : {}),
      productUrl: `https://photos.google.com/lr/photo/${id}`,
      baseUrl: `https://lh3.googleusercontent.com/lr/${id}`,
      sha256: sha(bytes),
      bytes: bytes.length,
      appCreated: true,
      mediaMetadata: {
        creationTime: new Date().toISOString(),
        ...(video
          ? { video: { status: 'PROCESSING' } }
          : { width: '640', height: '480', photo: {} })
      },
      createCount: 0
    }
    this.items.set(id, item)
    this.itemsBySha.set(item.sha256, id)
    return item
  }

  private classify(method: string, path: string, headers: http.IncomingHttpHeaders): Operation {
    if (path === '/token' && method === 'POST') return 'token'
    if (path === '/v1/uploads' && method === 'POST') {
      return String(headers['x-goog-upload-protocol'] ?? '').toLowerCase() === 'resumable'
        ? 'upload.start'
        : 'upload'
    }
    if (path.startsWith('/v1/uploads/session/') && method === 'POST') {
      const cmd = String(headers['x-goog-upload-command'] ?? '').toLowerCase()
      return cmd.includes('query') ? 'upload.query' : 'upload.chunk'
    }
    if (path === '/v1/mediaItems:batchCreate' && method === 'POST') return 'batchCreate'
    if (path === '/v1/mediaItems:batchGet' && method === 'GET') return 'batchGet'
    if (path === '/v1/mediaItems:search' && method === 'POST') return 'search'
    if (path.startsWith('/v1/mediaItems/') && method === 'GET') return 'mediaItems.get'
    if (path === '/v1/albums' && method === 'GET') return 'albums.list'
    if (path === '/v1/albums' && method === 'POST') return 'albums.create'
    if (path.startsWith('/v1/albums/') && method === 'GET') return 'albums.get'
    return 'unknown'
  }

  private pickFault(op: Operation): Fault | undefined {
    for (const rule of this.rules) {
      const ops = Array.isArray(rule.op) ? rule.op : [rule.op]
      if (!ops.includes(op)) continue
      rule.seen++
      if (rule.seen <= (rule.after ?? 0)) continue
      const limit = rule.times ?? (rule.probability === undefined ? 1 : Infinity)
      if (rule.fired >= limit) continue
      if (rule.probability !== undefined && this.random() >= rule.probability) continue
      rule.fired++
      return rule.fault
    }
    return undefined
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl)
    const op = this.classify(req.method ?? 'GET', url.pathname, req.headers)
    const rec: RecordedRequest = {
      seq: ++this.seq,
      op,
      method: req.method ?? 'GET',
      path: url.pathname,
      url: url.toString(),
      headers: { ...req.headers },
      bodyBytes: 0,
      startedAt: performance.now()
    }
    this.requests.push(rec)
    const inflight = (this.inFlight.get(op) ?? 0) + 1
    this.inFlight.set(op, inflight)
    this.maxInFlight.set(op, Math.max(this.maxInFlight.get(op) ?? 0, inflight))
    const done = () => {
      if (rec.endedAt === undefined) {
        rec.endedAt = performance.now()
        this.inFlight.set(op, (this.inFlight.get(op) ?? 1) - 1)
      }
    }
    res.on('close', done)

    let fault = this.pickFault(op)
    if (fault) rec.fault = fault.type
    try {
      if (fault?.type === 'reset') {
        req.socket.destroy()
        done()
        return
      }
      if (fault?.type === 'reset-mid-upload' && (op === 'upload' || op === 'upload.chunk')) {
        await this.resetMidUpload(req, url, op, fault.afterBytes)
        done()
        return
      }
      const body = await readBody(req)
      rec.bodyBytes = body.length
      // Slow processing: the work is still done if the client has gone meanwhile.
      if (fault?.type === 'latency') {
        await new Promise((r) => setTimeout(r, fault && fault.type === 'latency' ? fault.ms : 0))
        fault = undefined
      }
      if (fault?.type === 'http') {
        throw new HttpError(
          fault.status,
          fault.apiStatus ?? statusName(fault.status),
          fault.message ?? `Injected HTTP ${fault.status}.`,
          fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}
        )
      }
      if (fault?.type === '429') throw quotaError(fault.daily ?? false, fault.retryAfter)
      if (fault?.type === 'insufficient-scopes') {
        throw new HttpError(
          403,
          'PERMISSION_DENIED',
          'Request had insufficient authentication scopes.'
        )
      }
      if (op === 'token') {
        this.sendRaw(res, rec, ...this.token(req, body))
        return
      }
      if (op !== 'unknown') this.authorize(req, op)
      if (isJson(req)) {
        try {
          rec.json = body.length ? JSON.parse(body.toString('utf8')) : undefined
        } catch {
          throw new HttpError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.')
        }
      }
      const answer = this.route(op, req, url, body, rec.json)
      if (fault?.type === 'lost-answer') {
        req.socket.destroy()
        done()
        return
      }
      if (fault?.type === 'lost-answer-5xx') {
        throw new HttpError(fault.status ?? 500, 'INTERNAL', 'Internal error encountered.')
      }
      this.sendRaw(res, rec, answer.status ?? 200, answer.headers ?? {}, answer.body)
    } catch (err) {
      if (err instanceof HttpError) {
        this.sendRaw(
          res,
          rec,
          err.status,
          { 'content-type': 'application/json', ...err.headers },
          JSON.stringify({
            error: { code: err.status, message: err.message, status: err.apiStatus }
          })
        )
      } else {
        this.sendRaw(
          res,
          rec,
          500,
          { 'content-type': 'application/json' },
          JSON.stringify({ error: { code: 500, message: String(err), status: 'INTERNAL' } })
        )
      }
    }
  }

  private sendRaw(
    res: http.ServerResponse,
    rec: RecordedRequest,
    status: number,
    headers: Record<string, string>,
    body: string
  ): void {
    if (res.destroyed) return
    rec.status = status
    res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers })
    res.end(body)
  }

  private authorize(req: http.IncomingMessage, op: Operation): void {
    const auth = req.headers.authorization ?? ''
    const token = /^Bearer (.+)$/i.exec(auth)?.[1]
    const known = token ? this.accessTokens.get(token) : undefined
    if (!known || known.expired) {
      throw new HttpError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
      )
    }
    const ok = WRITE_OPS.has(op)
      ? known.scopes.includes(SCOPE_APPEND) || known.scopes.includes(SCOPE_EDIT)
      : known.scopes.includes(SCOPE_READ) || known.scopes.includes(SCOPE_EDIT)
    if (!ok) {
      throw new HttpError(
        403,
        'PERMISSION_DENIED',
        'Request had insufficient authentication scopes.'
      )
    }
  }

  private token(req: http.IncomingMessage, body: Buffer): [number, Record<string, string>, string] {
    const form = new URLSearchParams(body.toString('utf8'))
    let clientId = form.get('client_id') ?? ''
    let clientSecret = form.get('client_secret') ?? ''
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (basic) {
      const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':')
      clientId = decodeURIComponent(id ?? '')
      clientSecret = decodeURIComponent(secret ?? '')
    }
    const json = { 'content-type': 'application/json' }
    const client = this.clients.find(
      (c) => c.clientId === clientId && c.clientSecret === clientSecret
    )
    if (!client) {
      return [
        401,
        json,
        JSON.stringify({
          error: 'invalid_client',
          error_description: 'The OAuth client was not found.'
        })
      ]
    }
    const refresh = form.get('refresh_token') ?? ''
    if (
      form.get('grant_type') !== 'refresh_token' ||
      refresh !== client.refreshToken ||
      this.revoked.has(refresh)
    ) {
      return [
        400,
        json,
        JSON.stringify({
          error: 'invalid_grant',
          error_description: 'Token has been expired or revoked.'
        })
      ]
    }
    const accessToken = `ya29.${randomId()}`
    this.accessTokens.set(accessToken, { scopes: client.scopes, expired: false })
    this.issuedAccessTokens.push(accessToken)
    return [
      200,
      json,
      JSON.stringify({
        access_token: accessToken,
        expires_in: this.lifetime,
        scope: client.scopes.join(' '),
        token_type: 'Bearer'
      })
    ]
  }

  private route(
    op: Operation,
    req: http.IncomingMessage,
    url: URL,
    body: Buffer,
    json: unknown
  ): { status?: number; headers?: Record<string, string>; body: string } {
    switch (op) {
      case 'upload':
        return this.rawUpload(req, body)
      case 'upload.start':
        return this.startSession(req)
      case 'upload.chunk':
        return this.chunk(req, url, body)
      case 'upload.query':
        return this.query(url)
      case 'batchCreate':
        return jsonAnswer(this.batchCreate(json))
      case 'batchGet':
        return jsonAnswer(this.batchGet(url))
      case 'search':
        return jsonAnswer(this.search(json))
      case 'mediaItems.get': {
        const id = decodeURIComponent(url.pathname.slice('/v1/mediaItems/'.length))
        const item = this.items.get(id)
        if (!item || !item.appCreated)
          throw new HttpError(404, 'NOT_FOUND', 'Requested entity was not found.')
        return jsonAnswer(toApiItem(item))
      }
      case 'albums.list':
        return jsonAnswer(this.listAlbums(url))
      case 'albums.create':
        return jsonAnswer(this.createAlbum(json))
      case 'albums.get': {
        const id = decodeURIComponent(url.pathname.slice('/v1/albums/'.length))
        const album = this.albumMap.get(id)
        if (!album || !album.appCreated) {
          throw new HttpError(404, 'NOT_FOUND', 'Requested entity was not found.')
        }
        return jsonAnswer(toApiAlbum(album))
      }
      default:
        throw new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${url.pathname}.`)
    }
  }

  private rawUpload(req: http.IncomingMessage, body: Buffer) {
    if (body.length === 0) throw new HttpError(400, 'INVALID_ARGUMENT', 'The upload has no bytes.')
    const mime = String(req.headers['x-goog-upload-content-type'] ?? 'application/octet-stream')
    const rec = this.storeUpload(body, mime, 'raw')
    return { headers: { 'content-type': 'text/plain' }, body: rec.token }
  }

  private startSession(req: http.IncomingMessage) {
    if (String(req.headers['x-goog-upload-command'] ?? '').toLowerCase() !== 'start') {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'X-Goog-Upload-Command must be start.')
    }
    const rawSize = Number(req.headers['x-goog-upload-raw-size'])
    if (!Number.isInteger(rawSize) || rawSize <= 0) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'X-Goog-Upload-Raw-Size is missing or invalid.')
    }
    const id = randomId()
    const mimeType = String(req.headers['x-goog-upload-content-type'] ?? 'application/octet-stream')
    this.sessions.set(id, {
      id,
      mimeType,
      rawSize,
      received: [],
      receivedBytes: 0,
      queriedSinceLastChunk: false,
      final: false,
      record: {
        token: '',
        protocol: 'resumable',
        mimeType,
        bytes: rawSize,
        sha256: '',
        chunks: [],
        queries: 0,
        resumed: false,
        expired: false
      }
    })
    return {
      headers: {
        'x-goog-upload-url': `${this.baseUrl}/v1/uploads/session/${id}`,
        'x-goog-upload-chunk-granularity': String(this.granularity),
        'x-goog-upload-status': 'active'
      },
      body: ''
    }
  }

  private session(url: URL): Session {
    const id = url.pathname.slice('/v1/uploads/session/'.length)
    const s = this.sessions.get(id)
    if (!s) throw new HttpError(404, 'NOT_FOUND', 'Unknown upload session.')
    return s
  }

  private chunk(req: http.IncomingMessage, url: URL, body: Buffer) {
    const s = this.session(url)
    if (s.final) throw new HttpError(400, 'FAILED_PRECONDITION', 'The upload is already finalized.')
    const cmd = String(req.headers['x-goog-upload-command'] ?? '').toLowerCase()
    const finalize = cmd.includes('finalize')
    const offset = Number(req.headers['x-goog-upload-offset'])
    if (offset !== s.receivedBytes) {
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        `X-Goog-Upload-Offset ${offset} does not match the ${s.receivedBytes} bytes received.`
      )
    }
    if (!finalize && body.length % this.granularity !== 0) {
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        `A chunk must be a multiple of ${this.granularity} bytes.`
      )
    }
    if (offset > 0 && s.queriedSinceLastChunk) s.record.resumed = true
    s.queriedSinceLastChunk = false
    s.received.push(body)
    s.receivedBytes += body.length
    s.record.chunks.push({ offset, length: body.length, finalize })
    if (!finalize) return { headers: { 'x-goog-upload-status': 'active' }, body: '' }
    if (s.receivedBytes !== s.rawSize) {
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        `Finalized with ${s.receivedBytes} bytes, but X-Goog-Upload-Raw-Size was ${s.rawSize}.`
      )
    }
    return this.finalize(s)
  }

  private finalize(s: Session) {
    const bytes = Buffer.concat(s.received)
    const token = randomId('upl')
    s.final = true
    s.record.token = token
    s.record.sha256 = sha(bytes)
    this.uploadMap.set(token, s.record)
    this.uploadBytes.set(token, bytes)
    return {
      headers: { 'x-goog-upload-status': 'final', 'content-type': 'text/plain' },
      body: token
    }
  }

  private query(url: URL) {
    const s = this.session(url)
    s.record.queries++
    s.queriedSinceLastChunk = true
    return {
      headers: {
        'x-goog-upload-status': s.final ? 'final' : 'active',
        'x-goog-upload-size-received': String(s.receivedBytes)
      },
      body: s.final ? s.record.token : ''
    }
  }

  private async resetMidUpload(
    req: http.IncomingMessage,
    url: URL,
    op: Operation,
    afterBytes: number | undefined
  ): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0)
    const limit = afterBytes ?? Math.floor(declared / 2)
    const got: Buffer[] = []
    let n = 0
    await new Promise<void>((resolve) => {
      const stop = () => {
        req.removeAllListeners('data')
        resolve()
      }
      req.on('data', (c: Buffer) => {
        got.push(c)
        n += c.length
        if (n >= limit) stop()
      })
      req.on('end', stop)
      req.on('error', stop)
    })
    if (op === 'upload.chunk') {
      try {
        const s = this.session(url)
        const offset = Number(req.headers['x-goog-upload-offset'])
        if (!s.final && offset === s.receivedBytes) {
          const kept = Buffer.concat(got).subarray(0, Math.min(n, limit))
          const aligned = kept.length - (kept.length % this.granularity)
          if (aligned > 0) {
            s.received.push(Buffer.from(kept.subarray(0, aligned)))
            s.receivedBytes += aligned
            s.record.chunks.push({ offset, length: aligned, finalize: false })
          }
        }
      } catch {
        // Unknown session: nothing to keep.
      }
    }
    req.socket.destroy()
  }

  private batchCreate(json: unknown) {
    const body = (json ?? {}) as {
      albumId?: string
      newMediaItems?: {
        description?: string
        simpleMediaItem?: { uploadToken?: string; fileName?: string }
      }[]
      albumPosition?: {
        position?: string
        relativeMediaItemId?: string
        relativeEnrichmentItemId?: string
      }
    }
    const newItems = body.newMediaItems ?? []
    if (newItems.length === 0 || newItems.length > 50) {
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        'Request must contain between 1 and 50 media items.'
      )
    }
    if (body.albumPosition && !body.albumId) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'Album position requires an album id.')
    }
    let album: AlbumRecord | undefined
    let insertAt = 0
    if (body.albumId) {
      album = this.albumMap.get(body.albumId)
      if (!album) throw new HttpError(400, 'INVALID_ARGUMENT', 'Invalid album id.')
      if (!album.appCreated) {
        throw new HttpError(
          403,
          'PERMISSION_DENIED',
          'No permission to add media items to this album.'
        )
      }
      insertAt = this.insertionIndex(album, body.albumPosition)
    }
    const tokens = newItems.map((n) => n.simpleMediaItem?.uploadToken ?? '')
    const invalid = tokens.map((t) => {
      const rec = this.uploadMap.get(t)
      return !rec || rec.expired
    })
    if (this.wholeBatchOnInvalidToken && invalid.some(Boolean)) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'Request contains an invalid upload token.')
    }
    const toInsert: string[] = []
    const results = newItems.map((n, i) => {
      const uploadToken = tokens[i] ?? ''
      const fileName = n.simpleMediaItem?.fileName
      if (invalid[i]) {
        return {
          uploadToken,
          status: { code: 3, message: 'NOT_FOUND: Failed to find the upload token.' }
        }
      }
      if ((n.description ?? '').length >= 1000) {
        return {
          uploadToken,
          status: {
            code: 3,
            message: 'INVALID_ARGUMENT: The description must be under 1000 characters.'
          }
        }
      }
      if ((fileName ?? '').length > 255) {
        return {
          uploadToken,
          status: {
            code: 3,
            message: 'INVALID_ARGUMENT: The file name must be at most 255 characters.'
          }
        }
      }
      const rec = this.uploadMap.get(uploadToken) as UploadRecord
      const failure = this.itemFailure({
        uploadToken,
        ...(fileName !== undefined ? { fileName } : {}),
        ...(n.description !== undefined ? { description: n.description } : {}),
        mimeType: rec.mimeType
      })
      if (failure) return { uploadToken, status: failure }
      let item: MediaItemRecord | undefined
      if (rec.usedBy) item = this.items.get(rec.usedBy)
      if (!item) {
        const existing = this.itemsBySha.get(rec.sha256)
        item = existing ? this.items.get(existing) : undefined
      }
      if (!item) {
        const bytes = this.uploadBytes.get(uploadToken) ?? Buffer.alloc(0)
        item = this.newItem(
          bytes,
          rec.mimeType,
          fileName ?? `upload-${uploadToken.slice(3, 11)}`,
          n.description
        )
        item.uploadToken = uploadToken
      }
      rec.usedBy = item.id
      item.createCount++
      if (album && !album.entries.some((e) => e.id === item.id) && !toInsert.includes(item.id)) {
        toInsert.push(item.id)
      }
      return { uploadToken, status: { message: 'Success' }, mediaItem: toApiItem(item) }
    })
    if (album && toInsert.length > 0) {
      const count = album.entries.filter((e) => e.kind === 'media').length
      if (count + toInsert.length > this.albumItemLimit) {
        throw new HttpError(
          400,
          'INVALID_ARGUMENT',
          `The album is full: an album holds at most ${this.albumItemLimit} (20000) media items.`
        )
      }
      album.entries.splice(insertAt, 0, ...toInsert.map((id) => ({ kind: 'media' as const, id })))
    }
    return { newMediaItemResults: results }
  }

  private insertionIndex(
    album: AlbumRecord,
    pos:
      | { position?: string; relativeMediaItemId?: string; relativeEnrichmentItemId?: string }
      | undefined
  ): number {
    const position = pos?.position ?? 'LAST_IN_ALBUM'
    switch (position) {
      case 'LAST_IN_ALBUM':
        return album.entries.length
      case 'FIRST_IN_ALBUM':
        return 0
      case 'AFTER_MEDIA_ITEM': {
        const i = album.entries.findIndex(
          (e) => e.kind === 'media' && e.id === pos?.relativeMediaItemId
        )
        if (i < 0)
          throw new HttpError(
            400,
            'INVALID_ARGUMENT',
            'The relative media item is not in the album.'
          )
        return i + 1
      }
      case 'AFTER_ENRICHMENT_ITEM': {
        const i = album.entries.findIndex(
          (e) => e.kind === 'enrichment' && e.id === pos?.relativeEnrichmentItemId
        )
        if (i < 0)
          throw new HttpError(
            400,
            'INVALID_ARGUMENT',
            'The relative enrichment item is not in the album.'
          )
        return i + 1
      }
      default:
        throw new HttpError(400, 'INVALID_ARGUMENT', `Invalid album position: ${position}.`)
    }
  }

  private batchGet(url: URL) {
    const ids = url.searchParams.getAll('mediaItemIds')
    if (ids.length === 0 || ids.length > 50) {
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        'Request must contain between 1 and 50 media item ids.'
      )
    }
    if (new Set(ids).size !== ids.length) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'Request contains repeated media item ids.')
    }
    return {
      mediaItemResults: ids.map((id) => {
        const item = this.items.get(id)
        if (!item || !item.appCreated)
          return { status: { code: 3, message: 'Invalid media item ID.' } }
        return { mediaItem: toApiItem(item) }
      })
    }
  }

  private search(json: unknown) {
    const body = (json ?? {}) as { albumId?: string; pageSize?: number; pageToken?: string }
    const pageSize = body.pageSize ?? 25
    if (pageSize > 100 || pageSize < 1) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'pageSize must be between 1 and 100.')
    }
    const album = body.albumId ? this.albumMap.get(body.albumId) : undefined
    if (!album || !album.appCreated)
      throw new HttpError(400, 'INVALID_ARGUMENT', 'Invalid album id.')
    const ids = album.entries.filter((e) => e.kind === 'media').map((e) => e.id)
    const start = body.pageToken ? Number(Buffer.from(body.pageToken, 'base64url').toString()) : 0
    const page = ids.slice(start, start + pageSize)
    const next =
      start + pageSize < ids.length
        ? Buffer.from(String(start + pageSize)).toString('base64url')
        : undefined
    return {
      mediaItems: page.map((id) => toApiItem(this.items.get(id) as MediaItemRecord)),
      ...(next ? { nextPageToken: next } : {})
    }
  }

  private listAlbums(url: URL) {
    const pageSize = Number(url.searchParams.get('pageSize') ?? 20)
    if (pageSize > 50 || pageSize < 1) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'pageSize must be between 1 and 50.')
    }
    const token = url.searchParams.get('pageToken')
    const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0
    const own = this.albumOrder
      .map((id) => this.albumMap.get(id) as AlbumRecord)
      .filter((a) => a.appCreated)
    const page = own.slice(start, start + pageSize)
    const next =
      start + pageSize < own.length
        ? Buffer.from(String(start + pageSize)).toString('base64url')
        : undefined
    return { albums: page.map(toApiAlbum), ...(next ? { nextPageToken: next } : {}) }
  }

  private createAlbum(json: unknown) {
    const title = (json as { album?: { title?: string } } | undefined)?.album?.title
    if (!title) throw new HttpError(400, 'INVALID_ARGUMENT', 'The album title is required.')
    if (title.length > 500)
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        'The album title must be at most 500 characters.'
      )
    const album = this.addAlbum({ title })
    return toApiAlbum(this.albumMap.get(album.id) as AlbumRecord)
  }
}

function toApiItem(item: MediaItemRecord) {
  return {
    id: item.id,
    ...(item.description ? { description: item.description } : {}),
    productUrl: item.productUrl,
    baseUrl: item.baseUrl,
    mimeType: item.mimeType,
    mediaMetadata: item.mediaMetadata,
    filename: item.filename
  }
}

function toApiAlbum(album: AlbumRecord) {
  return {
    id: album.id,
    title: album.title,
    productUrl: album.productUrl,
    isWriteable: true,
    mediaItemsCount: String(album.entries.filter((e) => e.kind === 'media').length)
  }
}

function jsonAnswer(value: unknown) {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }
}

function isJson(req: http.IncomingMessage): boolean {
  return String(req.headers['content-type'] ?? '').includes('application/json')
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function statusName(status: number): string {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    502: 'UNAVAILABLE',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED'
  }
  return names[status] ?? 'UNKNOWN'
}

function quotaError(daily: boolean, retryAfter: number | undefined): HttpError {
  const limit = daily ? 'All requests per day' : 'Write requests per minute per user'
  return new HttpError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric 'All requests' and limit '${limit}' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'.`,
    retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}
  )
}
