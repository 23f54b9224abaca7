/** The emulated library: albums, media items, uploads, and the API methods that use them. */
import crypto from 'node:crypto'
import {
  ApiError,
  fileTooLarge,
  foreignAlbum,
  invalidArgument,
  invalidMediaItemId,
  notFound,
  storageFull
} from './errors.js'
import { imageSize, sniffMimeType } from './media.js'
import type { ItemFailure, MediaItemRecord, ReusedUploadToken, UploadRecord } from './types.js'

const UPLOAD_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000
const GOOGLE_ALBUM_LIMIT = 20000
/** Google's text for an upload token it will not take: unknown, expired or (maybe) used. */
const INVALID_UPLOAD_TOKEN = 'Request must contain a valid upload token.'

export type AlbumEntry = { kind: 'media' | 'enrichment'; id: string }

export interface AlbumRecord {
  id: string
  title: string
  productUrl: string
  appCreated: boolean
  entries: AlbumEntry[]
}

export type ItemFailureRule = (item: {
  fileName?: string
  uploadToken: string
  description?: string
  mimeType?: string
}) => ItemFailure | undefined

/** An HTTP answer without its status (always 200: errors are thrown as ApiError). */
export interface Answer {
  headers: Record<string, string>
  body: string
}

type Headers = Record<string, string | string[] | undefined>

interface StoredUpload {
  record: UploadRecord
  /**
   * The bytes as they arrived: one piece for a raw upload, one a chunk for a resumable one,
   * joined only when a test asks for them (`bytesOf`). Google does not copy a finished
   * upload into one buffer, and the emulator doing so cost the chunked protocol a copy of
   * the whole file that a single request did not pay.
   */
  parts: Buffer[]
  createdAt: number
  fileName: string | undefined
}

function lengthOf(parts: Buffer[]): number {
  let length = 0
  for (const part of parts) length += part.length
  return length
}

function bytesOf(stored: StoredUpload): Buffer {
  if (stored.parts.length !== 1) stored.parts = [Buffer.concat(stored.parts)]
  return stored.parts[0] ?? Buffer.alloc(0)
}

interface Session {
  mimeType: string
  fileName: string | undefined
  rawSize: number
  received: Buffer[]
  receivedBytes: number
  queriedSinceLastChunk: boolean
  final: boolean
  /** Token stays '' until the session is finalized. */
  record: UploadRecord
}

interface BatchCreateBody {
  albumId?: unknown
  newMediaItems?: unknown
  albumPosition?: {
    position?: unknown
    relativeMediaItemId?: unknown
    relativeEnrichmentItemId?: unknown
  }
}

interface NewMediaItem {
  description?: unknown
  simpleMediaItem?: { uploadToken?: unknown; fileName?: unknown }
}

/** How videos finish processing: after `reads` reads of the item they turn to `outcome`. */
export interface VideoProcessing {
  reads: number
  outcome: (fileName: string) => 'READY' | 'FAILED'
}

export interface LibraryOptions {
  granularity: number
  wholeBatchOnInvalidToken: boolean
  reusedUploadToken: ReusedUploadToken
  albumItemLimit: number
  storageLimitBytes: number
  maxUploadBytes: number
}

export function randomId(prefix: string): string {
  return prefix + crypto.randomBytes(24).toString('base64url')
}

function sha256(...parts: Buffer[]): string {
  const hash = crypto.createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest('hex')
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

export function json(value: unknown): Answer {
  return {
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify(value)
  }
}

function text(body: string, headers: Record<string, string> = {}): Answer {
  return { headers: { 'content-type': 'text/plain; charset=UTF-8', ...headers }, body }
}

export function toApiItem(item: MediaItemRecord) {
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

function mediaCount(album: AlbumRecord): number {
  let n = 0
  for (const e of album.entries) if (e.kind === 'media') n++
  return n
}

function toApiAlbum(album: AlbumRecord) {
  return {
    id: album.id,
    title: album.title,
    productUrl: album.productUrl,
    isWriteable: album.appCreated,
    mediaItemsCount: String(mediaCount(album))
  }
}

/** Page tokens are opaque to clients; here they carry an offset. */
function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url')
}

function decodePageToken(token: string | undefined | null): number {
  if (!token) return 0
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))
  if (!match) throw invalidArgument('Invalid page token.')
  return Number(match[1])
}

function pageSizeOf(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') {
    return fallback
  }
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw invalidArgument(`Invalid page size: it must be between 1 and ${max}.`)
  }
  return n
}

export class Library {
  /** In creation order. */
  readonly albums = new Map<string, AlbumRecord>()
  /** In creation order. */
  readonly items = new Map<string, MediaItemRecord>()
  private readonly itemBySha = new Map<string, string>()
  private readonly storedUploads = new Map<string, StoredUpload>()
  private readonly sessions = new Map<string, Session>()
  itemFailure: ItemFailureRule = () => undefined
  /** Unset: videos stay PROCESSING. */
  videoProcessing: VideoProcessing | undefined
  /** Called for each media item that a batchCreate made, after its answer is decided. */
  onItemCreated: (item: MediaItemRecord) => void = () => undefined

  constructor(private readonly options: LibraryOptions) {}

  /** Switches what batchCreate does with a used upload token, for the calls that follow. */
  setReusedUploadToken(behaviour: ReusedUploadToken): void {
    this.options.reusedUploadToken = behaviour
  }

  // ---- fixtures and inspection ----

  addAlbum(title: string, appCreated: boolean): AlbumRecord {
    const id = randomId('alb')
    const album: AlbumRecord = {
      id,
      title,
      productUrl: `https://photos.google.com/lr/album/${id}`,
      appCreated,
      entries: []
    }
    this.albums.set(id, album)
    return album
  }

  addEnrichment(albumId: string, afterIndex: number): string {
    const album = this.albums.get(albumId)
    if (!album) throw new Error(`No album ${albumId}`)
    if (afterIndex < -1 || afterIndex >= album.entries.length) {
      throw new RangeError(
        `afterIndex ${afterIndex} is outside the album (-1..${album.entries.length - 1})`
      )
    }
    const id = randomId('enr')
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
    const album = opts.albumId === undefined ? undefined : this.albums.get(opts.albumId)
    if (opts.albumId !== undefined && !album) throw new Error(`No album ${opts.albumId}`)
    const bytes = opts.bytes ?? crypto.randomBytes(32)
    const item = this.newItem(
      randomId('mi'),
      { bytes: () => bytes, length: bytes.length, sha256: sha256(bytes) },
      opts.mimeType ?? sniffMimeType(bytes) ?? 'image/jpeg',
      opts.fileName,
      undefined
    )
    item.appCreated = opts.appCreated ?? true
    this.storeItem(item)
    album?.entries.push({ kind: 'media', id: item.id })
    return item
  }

  /** Removed as a user would in the Google Photos app (the API itself cannot delete). */
  deleteMediaItem(id: string): void {
    const item = this.items.get(id)
    if (!item) throw new Error(`No media item ${id}`)
    this.items.delete(id)
    if (this.itemBySha.get(item.sha256) === id) this.itemBySha.delete(item.sha256)
    for (const album of this.albums.values()) {
      album.entries = album.entries.filter((e) => !(e.kind === 'media' && e.id === id))
    }
  }

  /** An item as a read (batchGet, get, search) sees it: a video may finish processing. */
  private read(item: MediaItemRecord): ReturnType<typeof toApiItem> {
    item.reads++
    const video = item.mediaMetadata.video
    const processing = this.videoProcessing
    if (video?.status === 'PROCESSING' && processing && item.reads > processing.reads) {
      video.status = processing.outcome(item.filename)
    }
    return toApiItem(item)
  }

  storeUpload(
    received: Buffer | Buffer[],
    declaredType: string | undefined,
    protocol: 'raw' | 'resumable',
    fileName: string | undefined,
    record?: UploadRecord
  ): UploadRecord {
    const token = randomId('upl')
    const rec: UploadRecord = record ?? {
      token,
      protocol,
      mimeType: '',
      bytes: 0,
      sha256: '',
      chunks: [],
      queries: 0,
      resumed: false,
      expired: false
    }
    const parts = Array.isArray(received) ? received : [received]
    rec.token = token
    rec.mimeType = mimeTypeOf(parts[0] ?? Buffer.alloc(0), declaredType)
    rec.bytes = lengthOf(parts)
    rec.sha256 = sha256(...parts)
    this.storedUploads.set(token, { record: rec, parts, createdAt: Date.now(), fileName })
    return rec
  }

  upload(token: string): UploadRecord | undefined {
    const stored = this.storedUploads.get(token)
    if (stored) this.checkExpiry(stored)
    return stored?.record
  }

  uploads(): UploadRecord[] {
    return [...this.storedUploads.values()].map((s) => {
      this.checkExpiry(s)
      return s.record
    })
  }

  uploadedBytes(token: string): Buffer | undefined {
    const stored = this.storedUploads.get(token)
    return stored && bytesOf(stored)
  }

  private checkExpiry(stored: StoredUpload): void {
    if (Date.now() - stored.createdAt > UPLOAD_TOKEN_LIFETIME_MS) stored.record.expired = true
  }

  /** The upload behind a token that batchCreate can use, or undefined. */
  private usableUpload(token: string): StoredUpload | undefined {
    const stored = this.storedUploads.get(token)
    if (!stored) return undefined
    this.checkExpiry(stored)
    return stored.record.expired ? undefined : stored
  }

  private newItem(
    id: string,
    content: { bytes: () => Buffer; length: number; sha256: string },
    mimeType: string,
    filename: string,
    description: string | undefined
  ): MediaItemRecord {
    const video = mimeType.startsWith('video/')
    const size = video ? undefined : imageSize(content.bytes())
    return {
      id,
      filename,
      mimeType,
      ...(description ? { description } : {}),
      productUrl: `https://photos.google.com/lr/photo/${id}`,
      baseUrl: `https://lh3.googleusercontent.com/lr/${id}`,
      sha256: content.sha256,
      bytes: content.length,
      appCreated: true,
      mediaMetadata: {
        creationTime: new Date().toISOString(),
        ...(size
          ? { width: String(size.width), height: String(size.height), photo: {} }
          : { video: { status: 'PROCESSING' } })
      },
      createCount: 0,
      reads: 0
    }
  }

  private storeItem(item: MediaItemRecord): void {
    this.items.set(item.id, item)
    if (item.appCreated) this.itemBySha.set(item.sha256, item.id)
  }

  // ---- uploads ----

  rawUpload(headers: Headers, parts: Buffer[]): Answer {
    const protocol = header(headers, 'x-goog-upload-protocol')
    if (protocol !== undefined && protocol.toLowerCase() !== 'raw') {
      throw invalidArgument(`Unsupported X-Goog-Upload-Protocol: ${protocol}.`)
    }
    const length = lengthOf(parts)
    if (length === 0) throw invalidArgument('The upload request has no bytes.')
    if (length > this.options.maxUploadBytes) throw fileTooLarge()
    const rec = this.storeUpload(
      parts,
      header(headers, 'x-goog-upload-content-type'),
      'raw',
      fileNameHeader(headers)
    )
    return text(rec.token)
  }

  startSession(headers: Headers, baseUrl: string): Answer {
    const command = (header(headers, 'x-goog-upload-command') ?? '').trim().toLowerCase()
    if (command !== 'start') {
      throw invalidArgument('A resumable upload starts with X-Goog-Upload-Command: start.')
    }
    const rawSizeHeader = header(headers, 'x-goog-upload-raw-size') ?? ''
    const rawSize = Number(rawSizeHeader)
    if (!/^\d+$/.test(rawSizeHeader) || rawSize <= 0) {
      throw invalidArgument('X-Goog-Upload-Raw-Size must be the number of bytes to upload.')
    }
    if (rawSize > this.options.maxUploadBytes) throw fileTooLarge()
    const id = randomId('')
    const mimeType = header(headers, 'x-goog-upload-content-type') ?? ''
    this.sessions.set(id, {
      mimeType,
      fileName: fileNameHeader(headers),
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
    return text('', {
      'x-goog-upload-url': `${baseUrl}/v1/uploads/session/${id}`,
      'x-goog-upload-chunk-granularity': String(this.options.granularity),
      'x-goog-upload-status': 'active'
    })
  }

  private session(id: string): Session {
    const s = this.sessions.get(id)
    if (!s) throw notFound('The upload session was not found.')
    return s
  }

  /** Checks a chunk against its session; returns whether it finalizes. */
  private checkChunk(s: Session, headers: Headers, length: number): boolean {
    if (s.final) {
      throw new ApiError(400, 'FAILED_PRECONDITION', 'The upload session is already finalized.')
    }
    const commands = (header(headers, 'x-goog-upload-command') ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
    if (!commands.every((c) => c === 'upload' || c === 'finalize')) {
      throw invalidArgument(`Unsupported X-Goog-Upload-Command: ${commands.join(', ')}.`)
    }
    const finalize = commands.includes('finalize')
    const offsetHeader = header(headers, 'x-goog-upload-offset') ?? ''
    if (!/^\d+$/.test(offsetHeader) || Number(offsetHeader) !== s.receivedBytes) {
      throw invalidArgument(
        `X-Goog-Upload-Offset ${offsetHeader || '(missing)'} does not match the ${s.receivedBytes} bytes received.`
      )
    }
    if (!finalize && length % this.options.granularity !== 0) {
      throw invalidArgument(
        `A chunk that does not finalize must be a multiple of ${this.options.granularity} bytes; this one has ${length}.`
      )
    }
    if (s.receivedBytes + length > s.rawSize) {
      throw invalidArgument(
        `The upload would exceed its X-Goog-Upload-Raw-Size of ${s.rawSize} bytes.`
      )
    }
    return finalize
  }

  private receive(s: Session, parts: Buffer[], finalize: boolean): void {
    const offset = s.receivedBytes
    const length = lengthOf(parts)
    if (offset > 0 && s.queriedSinceLastChunk) s.record.resumed = true
    s.queriedSinceLastChunk = false
    for (const part of parts) s.received.push(part)
    s.receivedBytes += length
    s.record.chunks.push({ offset, length, finalize })
  }

  chunk(sessionId: string, headers: Headers, parts: Buffer[]): Answer {
    const s = this.session(sessionId)
    const length = lengthOf(parts)
    const finalize = this.checkChunk(s, headers, length)
    if (finalize && s.receivedBytes + length !== s.rawSize) {
      throw invalidArgument(
        `Finalized with ${s.receivedBytes + length} bytes, but X-Goog-Upload-Raw-Size is ${s.rawSize}.`
      )
    }
    this.receive(s, parts, finalize)
    if (!finalize) {
      return text('', {
        'x-goog-upload-status': 'active',
        'x-goog-upload-size-received': String(s.receivedBytes)
      })
    }
    s.final = true
    const rec = this.storeUpload(
      s.received,
      s.mimeType || undefined,
      'resumable',
      s.fileName,
      s.record
    )
    return text(rec.token, { 'x-goog-upload-status': 'final' })
  }

  /** A chunk cut off by a reset: the granular part that arrived counts as received. */
  keepPartialChunk(sessionId: string, headers: Headers, received: Buffer): void {
    const s = this.sessions.get(sessionId)
    if (!s) return
    try {
      this.checkChunk(s, headers, 0)
    } catch {
      return
    }
    const room = s.rawSize - s.receivedBytes
    let keep = received.length - (received.length % this.options.granularity)
    if (keep > room) keep = room - (room % this.options.granularity)
    if (keep > 0) this.receive(s, [Buffer.from(received.subarray(0, keep))], false)
  }

  query(sessionId: string): Answer {
    const s = this.session(sessionId)
    s.record.queries++
    s.queriedSinceLastChunk = true
    return text(s.final ? s.record.token : '', {
      'x-goog-upload-status': s.final ? 'final' : 'active',
      'x-goog-upload-size-received': String(s.receivedBytes)
    })
  }

  // ---- media items ----

  batchCreate(body: BatchCreateBody): Answer {
    const newItems = body.newMediaItems
    if (!Array.isArray(newItems) || newItems.length === 0 || newItems.length > 50) {
      throw invalidArgument('The request must contain between 1 and 50 new media items.')
    }
    const albumId = body.albumId
    if (albumId !== undefined && typeof albumId !== 'string') {
      throw invalidArgument('Invalid album id.')
    }
    if (body.albumPosition !== undefined && !albumId) {
      throw invalidArgument('Album position requires an album id (albumId is not set).')
    }
    let album: AlbumRecord | undefined
    let insertAt = 0
    if (albumId) {
      album = this.albums.get(albumId)
      if (!album) throw invalidArgument('Invalid album id.')
      if (!album.appCreated) throw foreignAlbum()
      insertAt = insertionIndex(album, body.albumPosition)
    }

    const requested = (newItems as NewMediaItem[]).map((n) => {
      const token = n?.simpleMediaItem?.uploadToken
      const fileName = n?.simpleMediaItem?.fileName
      const description = n?.description
      if (fileName !== undefined && typeof fileName !== 'string') {
        throw invalidArgument('simpleMediaItem.fileName must be a string.')
      }
      if (description !== undefined && typeof description !== 'string') {
        throw invalidArgument('description must be a string.')
      }
      const uploadToken = typeof token === 'string' ? token : ''
      return { uploadToken, fileName, description, upload: this.usableUpload(uploadToken) }
    })
    if (this.options.wholeBatchOnInvalidToken && requested.some((r) => !r.upload)) {
      throw invalidArgument(INVALID_UPLOAD_TOKEN)
    }
    if (
      this.options.reusedUploadToken === 'refuses-request' &&
      requested.some((r) => r.upload?.record.usedBy !== undefined)
    ) {
      throw invalidArgument(INVALID_UPLOAD_TOKEN)
    }

    // Everything is decided before anything changes, so that a refused call changes nothing.
    const created = new Map<string, MediaItemRecord>()
    const bySha = new Map<string, MediaItemRecord>()
    const inAlbum = new Set(album?.entries.filter((e) => e.kind === 'media').map((e) => e.id))
    const toInsert: string[] = []
    const plan = requested.map((r) => {
      const { uploadToken, fileName, description, upload } = r
      if (!upload) {
        return {
          uploadToken,
          status: { code: 3, message: 'NOT_FOUND: Failed to find the upload token.' }
        }
      }
      // Google counts characters (code points), not UTF-16 units.
      if (description !== undefined && [...description].length >= 1000) {
        return {
          uploadToken,
          status: {
            code: 3,
            message: 'INVALID_ARGUMENT: The description must be shorter than 1000 characters.'
          }
        }
      }
      if (fileName !== undefined && [...fileName].length > 255) {
        return {
          uploadToken,
          status: {
            code: 3,
            message: 'INVALID_ARGUMENT: The file name must be at most 255 characters long.'
          }
        }
      }
      const failure = this.itemFailure({
        uploadToken,
        ...(fileName !== undefined ? { fileName } : {}),
        ...(description !== undefined ? { description } : {}),
        mimeType: upload.record.mimeType
      })
      if (failure) return { uploadToken, status: failure }
      const item = this.resolveItem(upload, fileName, description, created, bySha)
      if (album && !inAlbum.has(item.id)) {
        inAlbum.add(item.id)
        toInsert.push(item.id)
      }
      return { uploadToken, upload, item }
    })
    if (album && mediaCount(album) + toInsert.length > this.options.albumItemLimit) {
      const limit = this.options.albumItemLimit
      throw invalidArgument(
        `The album cannot hold these media items: an album holds at most ${limit} media items` +
          (limit === GOOGLE_ALBUM_LIMIT ? '.' : ` (the API's limit is ${GOOGLE_ALBUM_LIMIT}).`)
      )
    }

    const newBytes = [...created.values()].reduce((sum, item) => sum + item.bytes, 0)
    if (newBytes > 0 && this.storedBytes() + newBytes > this.options.storageLimitBytes) {
      throw storageFull()
    }

    for (const item of created.values()) this.storeItem(item)
    album?.entries.splice(insertAt, 0, ...toInsert.map((id) => ({ kind: 'media' as const, id })))
    const results = plan.map((p) => {
      if (!('item' in p) || !p.item) return { uploadToken: p.uploadToken, status: p.status }
      p.item.createCount++
      p.upload.record.usedBy = p.item.id
      return {
        uploadToken: p.uploadToken,
        status: { message: 'Success' },
        mediaItem: toApiItem(p.item)
      }
    })
    for (const item of created.values()) this.onItemCreated(item)
    return json({ newMediaItemResults: results })
  }

  /** The item an upload gives: the one it made before, one with the same bytes, or a new one. */
  private resolveItem(
    upload: StoredUpload,
    fileName: string | undefined,
    description: string | undefined,
    created: Map<string, MediaItemRecord>,
    bySha: Map<string, MediaItemRecord>
  ): MediaItemRecord {
    const rec = upload.record
    const used = rec.usedBy ? this.items.get(rec.usedBy) : undefined
    if (used) return used
    const sameBytesId = this.itemBySha.get(rec.sha256)
    const sameBytes = sameBytesId ? this.items.get(sameBytesId) : bySha.get(rec.sha256)
    if (sameBytes) return sameBytes
    const item = this.newItem(
      randomId('mi'),
      { bytes: () => bytesOf(upload), length: rec.bytes, sha256: rec.sha256 },
      rec.mimeType,
      fileName ?? upload.fileName ?? `upload-${rec.token.slice(3, 11)}`,
      description
    )
    item.uploadToken = rec.token
    created.set(item.id, item)
    bySha.set(rec.sha256, item)
    return item
  }

  /** Bytes of the account's media items, against `storageLimitBytes`. */
  private storedBytes(): number {
    let bytes = 0
    for (const item of this.items.values()) bytes += item.bytes
    return bytes
  }

  batchGet(ids: string[]): Answer {
    if (ids.length === 0 || ids.length > 50) {
      throw invalidArgument('The request must contain between 1 and 50 media item ids.')
    }
    if (new Set(ids).size !== ids.length) {
      throw invalidArgument('The request contains repeated media item ids.')
    }
    // One id that is not this client's refuses the whole call, as Google does.
    const items = ids.map((id) => this.items.get(id))
    if (items.some((item) => !item?.appCreated)) throw invalidMediaItemId()
    return json({
      mediaItemResults: items.map((item) => ({ mediaItem: this.read(item as MediaItemRecord) }))
    })
  }

  getMediaItem(id: string): Answer {
    const item = this.items.get(id)
    if (!item?.appCreated) throw invalidMediaItemId()
    return json(this.read(item))
  }

  search(body: { albumId?: unknown; pageSize?: unknown; pageToken?: unknown }): Answer {
    const pageSize = pageSizeOf(body.pageSize, 25, 100)
    let ids: string[]
    if (body.albumId === undefined) {
      ids = [...this.items.values()].filter((i) => i.appCreated).map((i) => i.id)
    } else {
      const album = typeof body.albumId === 'string' ? this.albums.get(body.albumId) : undefined
      if (!album?.appCreated) throw invalidArgument('Invalid album id.')
      ids = album.entries.filter((e) => e.kind === 'media').map((e) => e.id)
    }
    const start = decodePageToken(typeof body.pageToken === 'string' ? body.pageToken : undefined)
    const page = ids.slice(start, start + pageSize).flatMap((id) => {
      const item = this.items.get(id)
      return item ? [this.read(item)] : []
    })
    // Like Google (proto3 JSON), empty lists and the last page's token are left out.
    return json({
      ...(page.length ? { mediaItems: page } : {}),
      ...(start + pageSize < ids.length ? { nextPageToken: encodePageToken(start + pageSize) } : {})
    })
  }

  // ---- albums ----

  listAlbums(params: URLSearchParams): Answer {
    const pageSize = pageSizeOf(params.get('pageSize'), 20, 50)
    const start = decodePageToken(params.get('pageToken'))
    const own = [...this.albums.values()].filter((a) => a.appCreated)
    const page = own.slice(start, start + pageSize).map(toApiAlbum)
    return json({
      ...(page.length ? { albums: page } : {}),
      ...(start + pageSize < own.length ? { nextPageToken: encodePageToken(start + pageSize) } : {})
    })
  }

  createAlbum(body: { album?: { title?: unknown } }): Answer {
    const title = body.album?.title
    if (typeof title !== 'string' || title.length === 0) {
      throw invalidArgument('The album title is required.')
    }
    if (title.length > 500) {
      throw invalidArgument('The album title must be at most 500 characters long.')
    }
    return json(toApiAlbum(this.addAlbum(title, true)))
  }

  getAlbum(id: string): Answer {
    const album = this.albums.get(id)
    if (!album?.appCreated) throw notFound()
    return json(toApiAlbum(album))
  }
}

function insertionIndex(album: AlbumRecord, pos: BatchCreateBody['albumPosition']): number {
  if (pos === undefined) return album.entries.length
  const position = pos?.position
  const relativeMedia = pos?.relativeMediaItemId
  const relativeEnrichment = pos?.relativeEnrichmentItemId
  if (relativeMedia !== undefined && position !== 'AFTER_MEDIA_ITEM') {
    throw invalidArgument('relativeMediaItemId is only allowed with AFTER_MEDIA_ITEM.')
  }
  if (relativeEnrichment !== undefined && position !== 'AFTER_ENRICHMENT_ITEM') {
    throw invalidArgument('relativeEnrichmentItemId is only allowed with AFTER_ENRICHMENT_ITEM.')
  }
  switch (position) {
    case 'LAST_IN_ALBUM':
      return album.entries.length
    case 'FIRST_IN_ALBUM':
      return 0
    case 'AFTER_MEDIA_ITEM': {
      const i = album.entries.findIndex((e) => e.kind === 'media' && e.id === relativeMedia)
      if (i < 0) throw invalidArgument('The relative media item is not in the album.')
      return i + 1
    }
    case 'AFTER_ENRICHMENT_ITEM': {
      const i = album.entries.findIndex(
        (e) => e.kind === 'enrichment' && e.id === relativeEnrichment
      )
      if (i < 0) throw invalidArgument('The relative enrichment item is not in the album.')
      return i + 1
    }
    default:
      throw invalidArgument(`Invalid album position: ${String(position)}.`)
  }
}

/** Google reads the type from the bytes when the client gives none. */
function mimeTypeOf(bytes: Buffer, declared: string | undefined): string {
  const given = declared?.split(';')[0]?.trim().toLowerCase()
  if (given && given !== 'application/octet-stream') return given
  return sniffMimeType(bytes) ?? 'application/octet-stream'
}

function fileNameHeader(headers: Headers): string | undefined {
  const raw = header(headers, 'x-goog-upload-file-name')
  if (!raw) return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
