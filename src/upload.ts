/**
 * Bytes → upload tokens, streamed from disk. Small files go in one raw request; files at
 * or above the threshold use the resumable protocol in chunks aligned to the server's
 * granularity, and after an interruption resume from what the server says it received.
 */
import fs from 'node:fs'
import type { LocalFile } from './files.js'
import { ConnectionError, DailyQuotaError, PhotosApiError } from './photos/errors.js'
import type { PhotosHttp } from './photos/http.js'
import { backoffDelay, rateLimitDelay } from './photos/retry.js'

export interface UploadOptions {
  /** Files of at least this many bytes use the resumable protocol. */
  resumableThreshold: number
  /** Bytes a chunk, rounded down to a multiple of the server's granularity. */
  chunkSize: number
}

export const DEFAULT_UPLOAD_OPTIONS: UploadOptions = {
  resumableThreshold: 16 * 1024 * 1024,
  // Every chunk costs a round trip and the server's handling of one request; memory does
  // not grow with it (reads stay 1 MiB pieces). 128 MiB: a 1 GiB video in 8 chunks, at
  // about 4% more bytes a second than in 16 of 64 MiB (and 64 MiB had a quarter of the
  // calls of 16 MiB).
  chunkSize: 128 * 1024 * 1024
}

/** Google's documented granularity, for a server that does not name one. */
const DEFAULT_GRANULARITY = 256 * 1024

type Uploadable = Pick<LocalFile, 'path' | 'size' | 'mimeType' | 'fileName'>

/** Files up to this size are read whole; larger ones in READ_BUFFER pieces. */
const READ_WHOLE_BYTES = 1024 * 1024
const READ_BUFFER = 1024 * 1024

export class Uploader {
  private readonly options: UploadOptions
  private readonly spareBuffers: Buffer[][] = []
  /** Small files' bytes read before their turn (`readAhead`), by path. */
  private readonly early = new Map<string, Buffer>()

  constructor(
    private readonly http: PhotosHttp,
    private readonly apiEndpoint: string,
    options: Partial<UploadOptions> = {}
  ) {
    this.options = { ...DEFAULT_UPLOAD_OPTIONS, ...options }
  }

  /** Uploads the file and returns its upload token; `onBytes` gets bytes the server confirmed. */
  async upload(file: Uploadable, onBytes: (n: number) => void = () => undefined): Promise<string> {
    if (this.readsWhole(file)) return this.raw(file, this.bytesOf(file), onBytes)
    const handle = await fs.promises.open(file.path)
    // Buffers of a finished upload serve the next: allocated for each file, they were
    // 600 MB of external memory for 200 files of 5 MiB, and 0.8 s of garbage collection.
    const buffers = this.spareBuffers.pop() ?? readBuffers()
    const reader = rangeReader(handle, file, buffers)
    try {
      // The size was checked when the file was found; a file that changed since would fail
      // every attempt with a length mismatch, so say so at once.
      const { size } = await handle.stat()
      if (size !== file.size) throw changed(file, size)
      const token =
        file.size >= this.options.resumableThreshold
          ? await this.resumable(file, reader.range, onBytes)
          : await this.raw(file, reader.range(0, file.size), onBytes)
      // Answered, so every byte was sent; after a failure the socket may still hold some.
      await reader.idle()
      this.spareBuffers.push(buffers)
      return token
    } finally {
      await handle.close()
    }
  }

  /**
   * Reads a small file's bytes now, for its upload to come: the pipeline calls it while
   * the connections wait for their answers, so that an answered upload's next one goes
   * out without the open, stat, read and close of its file. Large files are streamed at
   * their turn, as before. A file that cannot be read now is read again at its turn,
   * which reports the error.
   */
  readAhead(file: Uploadable): void {
    if (!this.readsWhole(file) || this.early.has(file.path)) return
    try {
      this.early.set(file.path, fs.readFileSync(file.path))
    } catch {
      // Read at its turn.
    }
  }

  /** Drops the bytes read ahead for uploads that will not happen (the run stopped). */
  forgetReadAhead(): void {
    this.early.clear()
  }

  private readsWhole(file: Uploadable): boolean {
    return file.size <= READ_WHOLE_BYTES && file.size < this.options.resumableThreshold
  }

  /**
   * A small file, read at its turn. Synchronously: for files this small, the reads of the
   * promise API cost ten times the CPU (open, stat, read and close, each a trip to the
   * thread pool), and that was time during which upload slots stood idle.
   */
  private bytesOf(file: Uploadable): Buffer {
    const early = this.early.get(file.path)
    if (early) this.early.delete(file.path)
    const bytes = early ?? fs.readFileSync(file.path)
    if (bytes.length !== file.size) throw changed(file, bytes.length)
    return bytes
  }

  private async raw(
    file: Uploadable,
    body: Buffer | (() => AsyncIterable<Buffer>),
    onBytes: (n: number) => void
  ): Promise<string> {
    // A lost answer only costs an unused token: raw uploads are safe to repeat.
    const res = await this.http.send({
      op: 'upload',
      method: 'POST',
      url: `${this.apiEndpoint}/v1/uploads`,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(file.size),
        'x-goog-upload-content-type': file.mimeType ?? 'application/octet-stream',
        'x-goog-upload-protocol': 'raw'
      },
      body,
      bodyBytes: file.size,
      idempotent: true
    })
    const token = res.body.trim()
    if (!token)
      throw new Error(`upload of ${file.fileName}: the server answered without an upload token`)
    onBytes(file.size)
    return token
  }

  private async resumable(
    file: Uploadable,
    range: (from: number, to: number, nextTo?: number) => () => AsyncIterable<Buffer>,
    onBytes: (n: number) => void
  ): Promise<string> {
    const start = await this.http.send({
      op: 'upload.start',
      method: 'POST',
      url: `${this.apiEndpoint}/v1/uploads`,
      headers: {
        'content-length': '0',
        'x-goog-upload-command': 'start',
        'x-goog-upload-content-type': file.mimeType ?? 'application/octet-stream',
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-raw-size': String(file.size)
      },
      idempotent: true
    })
    const location = start.headers['x-goog-upload-url']
    if (!location) throw new Error(`upload of ${file.fileName}: no X-Goog-Upload-URL in the answer`)
    const sessionUrl = new URL(location, this.apiEndpoint).toString()
    const granularity =
      Number(start.headers['x-goog-upload-chunk-granularity']) || DEFAULT_GRANULARITY
    const chunkSize = Math.max(
      granularity,
      this.options.chunkSize - (this.options.chunkSize % granularity)
    )

    let offset = 0
    let failures = 0
    const policy = this.http.policy
    for (;;) {
      const from = offset
      const end = Math.min(file.size, from + chunkSize)
      const last = end === file.size
      try {
        const res = await this.http.send({
          op: 'upload.chunk',
          method: 'POST',
          url: sessionUrl,
          headers: {
            'content-length': String(end - from),
            'x-goog-upload-command': last ? 'upload, finalize' : 'upload',
            'x-goog-upload-offset': String(from),
            'x-goog-upload-protocol': 'resumable'
          },
          // The finalize after a chunk that arrived whole but unanswered carries no bytes.
          // The next chunk's first piece is read while this one's answer is awaited.
          body:
            end > from
              ? range(from, end, last ? undefined : Math.min(file.size, end + chunkSize))
              : '',
          bodyBytes: end - from,
          idempotent: true,
          // This loop resumes by itself from what the server received.
          maxAttempts: 1
        })
        onBytes(end - from)
        failures = 0
        if (last) {
          const token = res.body.trim()
          if (!token)
            throw new Error(`upload of ${file.fileName}: finalize answered without a token`)
          return token
        }
        offset = end
      } catch (err) {
        if (err instanceof DailyQuotaError) throw err
        if (!isResumable(err)) throw err
        failures++
        if (failures >= policy.maxAttempts) throw err
        const wait =
          err instanceof PhotosApiError && err.isRateLimit
            ? rateLimitDelay(policy, err.retryAfterMs)
            : backoffDelay(policy, failures)
        if (wait > policy.maxRetryAfterMs) throw err
        await this.http.sleep(wait, 'upload.chunk')
        const status = await this.query(sessionUrl)
        if (status.final) {
          if (!status.token)
            throw new Error(`upload of ${file.fileName}: the finished session gave no token`)
          onBytes(file.size - from)
          return status.token
        }
        const received = Math.min(status.received, file.size)
        if (received > from) {
          onBytes(received - from)
          // Part of the chunk arrived: that is progress, not another failure in a row.
          failures = 0
        } else if (received < from) {
          // The server lost bytes it had confirmed; count them again when resent.
          onBytes(received - from)
        }
        offset = received
      }
    }
  }

  private async query(
    sessionUrl: string
  ): Promise<{ final: boolean; received: number; token: string }> {
    const res = await this.http.send({
      op: 'upload.query',
      method: 'POST',
      url: sessionUrl,
      headers: {
        'content-length': '0',
        'x-goog-upload-command': 'query',
        'x-goog-upload-protocol': 'resumable'
      },
      idempotent: true
    })
    const received = Number(res.headers['x-goog-upload-size-received'] ?? 0)
    return {
      final: res.headers['x-goog-upload-status']?.trim().toLowerCase() === 'final',
      received: Number.isSafeInteger(received) && received >= 0 ? received : 0,
      token: res.body.trim()
    }
  }
}

/** A chunk failure after which the session may still be asked what it holds. */
function isResumable(err: unknown): boolean {
  if (err instanceof ConnectionError) return true
  return err instanceof PhotosApiError && (err.isTransient || err.isRateLimit)
}

function changed(file: Uploadable, size: number): Error {
  return new Error(
    `${file.fileName} changed while the action ran (${file.size} bytes when checked, ${size} now)`
  )
}

/**
 * Bytes [from, to) of an open file, in 1 MiB pieces from three buffers used in turn for
 * every request of the file (and then of later files): one is read while the one before
 * it is sent. A buffer is filled again only after the piece that followed it was taken by
 * the socket, and the socket takes a piece only once what came before it has gone out, so
 * no byte is overwritten before it is sent. (Streams of 64 KiB reads made garbage faster
 * than it was collected: 164 MB RSS for a 1 GiB video.)
 *
 * A range given `nextTo` reads the first piece of [to, nextTo) once its own last piece was
 * taken, so that the next chunk's request starts with bytes in hand instead of a read
 * (the turn of the buffers goes on across ranges, which keeps the rule above). A range
 * that starts elsewhere (a resume after a failure) waits for that read and drops it.
 */
function rangeReader(handle: fs.promises.FileHandle, file: Uploadable, buffers: Buffer[]) {
  /** The read an abandoned request may have left running; the next request waits for it. */
  let lastRead: Promise<unknown> = Promise.resolve()
  let turn = 0
  let ahead: { at: number; length: number; piece: Promise<Buffer> } | undefined
  const idle = () =>
    lastRead.then(
      () => undefined,
      () => undefined
    )
  const read = (at: number, to: number) => {
    const buffer = buffers[turn++ % buffers.length] as Buffer
    const length = Math.min(buffer.length, to - at)
    const piece = handle.read(buffer, 0, length, at).then(({ bytesRead }) => {
      if (bytesRead < length) throw changed(file, at + bytesRead)
      return buffer.subarray(0, length)
    })
    // A read whose request was abandoned is waited for by the next, never thrown unseen.
    piece.catch(() => undefined)
    lastRead = piece
    return { at, length, piece }
  }
  const range = (from: number, to: number, nextTo?: number) =>
    async function* (): AsyncGenerator<Buffer> {
      let position = from
      /** The read of the next piece of the range, if any is left. */
      const readOn = () => {
        if (position >= to) return undefined
        const r = read(position, to)
        position += r.length
        return r.piece
      }
      let next: Promise<Buffer> | undefined
      const first = ahead
      ahead = undefined
      if (first && first.at === from && first.length === Math.min(READ_BUFFER, to - from)) {
        next = first.piece
        position += first.length
      } else {
        await idle()
        next = readOn()
      }
      while (next) {
        const piece = await next
        next = readOn()
        yield piece
      }
      if (nextTo !== undefined && to < nextTo) ahead = read(to, nextTo)
    }
  return { range, idle }
}

function readBuffers(): Buffer[] {
  return [0, 1, 2].map(() => Buffer.allocUnsafe(READ_BUFFER))
}
