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
  chunkSize: 16 * 1024 * 1024
}

type Uploadable = Pick<LocalFile, 'path' | 'size' | 'mimeType' | 'fileName'>

export class Uploader {
  private readonly options: UploadOptions

  constructor(
    private readonly http: PhotosHttp,
    private readonly apiEndpoint: string,
    options: Partial<UploadOptions> = {}
  ) {
    this.options = { ...DEFAULT_UPLOAD_OPTIONS, ...options }
  }

  /** Uploads the file and returns its upload token. */
  upload(file: Uploadable, onBytes: (n: number) => void = () => undefined): Promise<string> {
    return file.size >= this.options.resumableThreshold
      ? this.resumable(file, onBytes)
      : this.raw(file, onBytes)
  }

  private async raw(file: Uploadable, onBytes: (n: number) => void): Promise<string> {
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
      body: () => fs.createReadStream(file.path),
      bodyBytes: file.size,
      idempotent: true
    })
    const token = res.body.trim()
    if (!token)
      throw new Error(`upload of ${file.fileName}: the server answered without an upload token`)
    onBytes(file.size)
    return token
  }

  private async resumable(file: Uploadable, onBytes: (n: number) => void): Promise<string> {
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
    const sessionUrl = start.headers['x-goog-upload-url']
    if (!sessionUrl)
      throw new Error(`upload of ${file.fileName}: no X-Goog-Upload-URL in the answer`)
    const granularity = Number(start.headers['x-goog-upload-chunk-granularity']) || 256 * 1024
    const chunkSize = Math.max(
      granularity,
      this.options.chunkSize - (this.options.chunkSize % granularity)
    )

    let offset = 0
    let failures = 0
    const policy = this.http.policy
    while (true) {
      const end = Math.min(file.size, offset + chunkSize)
      const last = end === file.size
      try {
        const res = await this.http.send({
          op: 'upload.chunk',
          method: 'POST',
          url: sessionUrl,
          headers: {
            'content-length': String(end - offset),
            'x-goog-upload-command': last ? 'upload, finalize' : 'upload',
            'x-goog-upload-offset': String(offset),
            'x-goog-upload-protocol': 'resumable'
          },
          body: () => fs.createReadStream(file.path, { start: offset, end: end - 1 }),
          bodyBytes: end - offset,
          idempotent: true,
          // This loop resumes itself from what the server received.
          maxAttempts: 1
        })
        onBytes(end - offset)
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
        if (!(err instanceof ConnectionError || err instanceof PhotosApiError)) throw err
        if (err instanceof PhotosApiError && !err.isTransient && !err.isRateLimit) throw err
        failures++
        if (failures >= policy.maxAttempts) throw err
        const wait =
          err instanceof PhotosApiError && err.isRateLimit
            ? rateLimitDelay(policy, err.retryAfterMs)
            : backoffDelay(policy, failures)
        await policy.sleep(wait)
        const status = await this.query(sessionUrl)
        if (status.final) {
          onBytes(file.size - offset)
          return status.token
        }
        if (status.received > offset) onBytes(status.received - offset)
        offset = status.received
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
    return {
      final: res.headers['x-goog-upload-status'] === 'final',
      received: Number(res.headers['x-goog-upload-size-received'] ?? 0),
      token: res.body.trim()
    }
  }
}
