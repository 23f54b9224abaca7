/** Uploader against the emulator: raw and resumable uploads, resume after failures, memory. */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import type { TokenSource } from '../src/auth.js'
import { ConnectionError, DailyQuotaError, PhotosApiError } from '../src/photos/errors.js'
import { PhotosHttp } from '../src/photos/http.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../src/photos/retry.js'
import { Progress } from '../src/progress.js'
import { DEFAULT_UPLOAD_OPTIONS, Uploader, type UploadOptions } from '../src/upload.js'
import { PhotosEmulator } from './emulator/index.js'

// Collections on demand, for the memory test.
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as (options?: { type: 'major' | 'minor' }) => void

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const KiB = 1024
const MiB = 1024 * KiB
const GRANULARITY = 256 * KiB
/** Several chunks for a file of about a megabyte. */
const SMALL: UploadOptions = { resumableThreshold: 512 * KiB, chunkSize: GRANULARITY }

const tokens: TokenSource = {
  refreshable: false,
  getToken: async () => 'test-access-token',
  refresh: async () => {
    throw new Error('no refresh in these tests')
  }
}

let emu: PhotosEmulator
let dir: string
const https: PhotosHttp[] = []

beforeAll(async () => {
  emu = await PhotosEmulator.start({ chunkGranularity: GRANULARITY })
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-test-'))
})
afterAll(async () => {
  await Promise.all(https.map((h) => h.close()))
  await emu.close()
  fs.rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => emu.clearFaults())

/** An uploader with tiny waits; `sleeps` lists every wait it asked for. */
function setup(options: Partial<UploadOptions> = {}, policy: Partial<RetryPolicy> = {}) {
  const sleeps: number[] = []
  const http = new PhotosHttp(tokens, {
    ...DEFAULT_RETRY_POLICY,
    baseDelayMs: 2,
    maxDelayMs: 10,
    rateLimitDelayMs: 5,
    retryAfterScale: 0.001,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms)
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)))
    },
    ...policy
  })
  https.push(http)
  return { uploader: new Uploader(http, emu.baseUrl, options), sleeps }
}

let fileCount = 0
function writeFile(bytes: Buffer, ext = 'png') {
  const p = path.join(dir, `file-${fileCount++}.${ext}`)
  fs.writeFileSync(p, bytes)
  return { path: p, size: bytes.length, fileName: path.basename(p), mimeType: 'image/png' }
}

async function uploadCounting(uploader: Uploader, file: ReturnType<typeof writeFile>) {
  let confirmed = 0
  const token = await uploader.upload(file, (n) => (confirmed += n))
  return { token, confirmed }
}

function callsSince(before: number) {
  return emu.requests.slice(before)
}

describe('raw', () => {
  test('a small file goes in one request and its bytes arrive whole', async () => {
    const { uploader } = setup()
    const bytes = crypto.randomBytes(100 * KiB + 7)
    const file = writeFile(bytes)
    const before = emu.requests.length
    const { token, confirmed } = await uploadCounting(uploader, file)

    const calls = callsSince(before)
    expect(calls.map((c) => c.op)).toEqual(['upload'])
    expect(calls[0]?.headers['x-goog-upload-protocol']).toBe('raw')
    expect(calls[0]?.headers['x-goog-upload-content-type']).toBe('image/png')
    expect(calls[0]?.headers['content-type']).toBe('application/octet-stream')
    const record = emu.upload(token)
    expect(record?.protocol).toBe('raw')
    expect(record?.mimeType).toBe('image/png')
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(confirmed).toBe(bytes.length)
  })

  test('a reset mid-upload is retried and the bytes arrive whole', async () => {
    const { uploader } = setup()
    const bytes = crypto.randomBytes(64 * KiB)
    const file = writeFile(bytes)
    emu.inject({ op: 'upload', fault: { type: 'reset-mid-upload' } })
    const before = emu.requests.length
    const { token, confirmed } = await uploadCounting(uploader, file)
    expect(callsSince(before).map((c) => c.op)).toEqual(['upload', 'upload'])
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(confirmed).toBe(bytes.length)
  })

  test('a file that changed size since it was checked fails at once, naming the file', async () => {
    const { uploader } = setup()
    const file = writeFile(crypto.randomBytes(10 * KiB))
    fs.appendFileSync(file.path, 'more')
    const before = emu.requests.length
    await expect(uploader.upload(file)).rejects.toThrow(`${file.fileName} changed`)
    expect(callsSince(before)).toEqual([])
  })
})

describe('resumable', () => {
  test('a file at the threshold goes in granular chunks, the last one finalizing', async () => {
    const { uploader } = setup(SMALL)
    const bytes = crypto.randomBytes(1_100_000)
    const file = writeFile(bytes)
    const before = emu.requests.length
    const { token, confirmed } = await uploadCounting(uploader, file)

    const calls = callsSince(before)
    expect(calls.map((c) => c.op)).toEqual([
      'upload.start',
      ...Array<string>(5).fill('upload.chunk')
    ])
    expect(calls[0]?.headers['x-goog-upload-raw-size']).toBe(String(bytes.length))
    expect(calls[0]?.headers['x-goog-upload-content-type']).toBe('image/png')
    expect(calls.at(-1)?.headers['x-goog-upload-command']).toBe('upload, finalize')
    const record = emu.upload(token)
    expect(record?.protocol).toBe('resumable')
    expect(record?.chunks).toEqual([
      { offset: 0, length: GRANULARITY, finalize: false },
      { offset: GRANULARITY, length: GRANULARITY, finalize: false },
      { offset: 2 * GRANULARITY, length: GRANULARITY, finalize: false },
      { offset: 3 * GRANULARITY, length: GRANULARITY, finalize: false },
      { offset: 4 * GRANULARITY, length: bytes.length - 4 * GRANULARITY, finalize: true }
    ])
    expect(record?.queries).toBe(0)
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(confirmed).toBe(bytes.length)
  })

  test('just under the threshold is still one raw request', async () => {
    const { uploader } = setup(SMALL)
    const bytes = crypto.randomBytes(SMALL.resumableThreshold - 1)
    const token = await uploader.upload(writeFile(bytes))
    expect(emu.upload(token)?.protocol).toBe('raw')
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
  })

  test.each([
    [600 * KiB, 2 * GRANULARITY],
    [100 * KiB, GRANULARITY]
  ])('chunk size %d is rounded to %d, a multiple of the granularity', async (chunk, expected) => {
    const { uploader } = setup({ resumableThreshold: 1, chunkSize: chunk })
    const bytes = crypto.randomBytes(1_100_000)
    const token = await uploader.upload(writeFile(bytes))
    const lengths = emu.upload(token)?.chunks.map((c) => c.length) ?? []
    expect(lengths.slice(0, -1).every((l) => l === expected)).toBe(true)
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(bytes.length)
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
  })

  test('a reset in the middle of a chunk resumes from what the server kept', async () => {
    const { uploader } = setup(SMALL)
    const bytes = crypto.randomBytes(1_100_000)
    const file = writeFile(bytes)
    // The second chunk is cut off after 100 KiB: less than a granule, so nothing of it counts.
    emu.inject({
      op: 'upload.chunk',
      after: 1,
      fault: { type: 'reset-mid-upload', afterBytes: 100 * KiB }
    })
    const before = emu.requests.length
    const { token, confirmed } = await uploadCounting(uploader, file)

    const ops = callsSince(before).map((c) => c.op)
    expect(ops.filter((op) => op === 'upload.start')).toHaveLength(1)
    expect(ops.filter((op) => op === 'upload.query')).toHaveLength(1)
    const record = emu.upload(token)
    expect(record?.resumed).toBe(true)
    expect(record?.queries).toBe(1)
    // Each offset once, in order: it never started over.
    expect(record?.chunks.map((c) => c.offset)).toEqual([0, 1, 2, 3, 4].map((i) => i * GRANULARITY))
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    // Progress counts every byte once.
    expect(confirmed).toBe(bytes.length)
  })

  test('a reset after a granule of a larger chunk continues inside that chunk', async () => {
    const { uploader } = setup({ resumableThreshold: 1, chunkSize: 3 * GRANULARITY })
    const bytes = crypto.randomBytes(1_100_000)
    emu.inject({
      op: 'upload.chunk',
      fault: { type: 'reset-mid-upload', afterBytes: GRANULARITY + 10 }
    })
    const { token, confirmed } = await uploadCounting(uploader, writeFile(bytes))
    const record = emu.upload(token)
    expect(record?.chunks.map((c) => c.offset)).toEqual([0, GRANULARITY, 4 * GRANULARITY])
    expect(record?.resumed).toBe(true)
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(confirmed).toBe(bytes.length)
  })

  test('a 503 on a chunk: the session is asked, and that chunk sent again', async () => {
    const { uploader, sleeps } = setup(SMALL)
    const bytes = crypto.randomBytes(1_100_000)
    emu.inject({ op: 'upload.chunk', after: 2, fault: { type: 'http', status: 503 } })
    const before = emu.requests.length
    const { token, confirmed } = await uploadCounting(uploader, writeFile(bytes))

    const calls = callsSince(before)
    const failed = calls.find((c) => c.status === 503)
    expect(failed?.headers['x-goog-upload-offset']).toBe(String(2 * GRANULARITY))
    expect(calls.map((c) => c.op).filter((op) => op === 'upload.query')).toHaveLength(1)
    const record = emu.upload(token)
    expect(record?.resumed).toBe(true)
    expect(record?.chunks.map((c) => c.offset)).toEqual([0, 1, 2, 3, 4].map((i) => i * GRANULARITY))
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(confirmed).toBe(bytes.length)
    // One backoff before the query, from the policy.
    expect(sleeps).toEqual([2])
  })

  test('a 429 on a chunk waits for Retry-After before resuming', async () => {
    const { uploader, sleeps } = setup(SMALL)
    const bytes = crypto.randomBytes(600 * KiB)
    emu.inject({ op: 'upload.chunk', after: 1, fault: { type: '429', retryAfter: 7 } })
    const token = await uploader.upload(writeFile(bytes))
    // 7 s scaled by the test policy's retryAfterScale of 0.001.
    expect(sleeps).toEqual([7])
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
  })

  test('the last chunk arrived whole but unanswered: an empty finalize ends it', async () => {
    const { uploader } = setup(SMALL)
    const bytes = crypto.randomBytes(4 * GRANULARITY)
    emu.inject({
      op: 'upload.chunk',
      after: 3,
      fault: { type: 'reset-mid-upload', afterBytes: GRANULARITY }
    })
    const { token, confirmed } = await uploadCounting(uploader, writeFile(bytes))
    const record = emu.upload(token)
    expect(record?.chunks.at(-1)).toEqual({ offset: 4 * GRANULARITY, length: 0, finalize: true })
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(confirmed).toBe(bytes.length)
  })

  test('a lost answer to the finalize: the query gives the token, nothing is sent again', async () => {
    const { uploader } = setup(SMALL)
    const bytes = crypto.randomBytes(1_100_000)
    emu.inject({ op: 'upload.chunk', after: 4, fault: { type: 'lost-answer' } })
    const before = emu.requests.length
    const { token, confirmed } = await uploadCounting(uploader, writeFile(bytes))
    const ops = callsSince(before).map((c) => c.op)
    expect(ops.filter((op) => op === 'upload.chunk')).toHaveLength(5)
    expect(ops.at(-1)).toBe('upload.query')
    expect(emu.upload(token)?.chunks).toHaveLength(5)
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(confirmed).toBe(bytes.length)
  })

  test('gives up after maxAttempts failures in a row without progress', async () => {
    const { uploader } = setup(SMALL, { maxAttempts: 3 })
    emu.inject({ op: 'upload.chunk', after: 1, times: 10, fault: { type: 'http', status: 500 } })
    const before = emu.requests.length
    const err = await uploader.upload(writeFile(crypto.randomBytes(1_100_000))).catch((e) => e)
    expect(err).toBeInstanceOf(PhotosApiError)
    expect((err as PhotosApiError).httpStatus).toBe(500)
    const ops = callsSince(before).map((c) => c.op)
    expect(ops.filter((op) => op === 'upload.chunk')).toHaveLength(1 + 3)
    expect(ops.filter((op) => op === 'upload.query')).toHaveLength(2)
  })

  test('resets that keep part of each chunk are progress, not failures in a row', async () => {
    const { uploader } = setup(
      { resumableThreshold: 1, chunkSize: 2 * GRANULARITY },
      { maxAttempts: 2 }
    )
    const bytes = crypto.randomBytes(6 * GRANULARITY)
    // Every chunk is cut after one granule, three times over.
    emu.inject({
      op: 'upload.chunk',
      times: 3,
      fault: { type: 'reset-mid-upload', afterBytes: GRANULARITY + 1 }
    })
    const token = await uploader.upload(writeFile(bytes))
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
  })

  test('chunks of several read pieces arrive whole, also after resumes off the next chunk', async () => {
    // 3 MiB chunks of 1 MiB pieces. The answer to the second chunk is a 503 (its bytes all
    // went, and the next chunk's first piece was read ahead), then the third is cut off
    // inside a piece: both resumes start where no piece was read ahead.
    const { uploader } = setup({ resumableThreshold: 1, chunkSize: 3 * MiB })
    const bytes = crypto.randomBytes(10 * MiB + 13)
    emu.inject({ op: 'upload.chunk', after: 1, fault: { type: 'http', status: 503 } })
    // This rule does not see the request the one above fires on: its third is at 6 MiB.
    emu.inject({
      op: 'upload.chunk',
      after: 2,
      fault: { type: 'reset-mid-upload', afterBytes: MiB + GRANULARITY + 5 }
    })
    const before = emu.requests.length
    const { token, confirmed } = await uploadCounting(uploader, writeFile(bytes))
    const chunks = callsSince(before).filter((c) => c.op === 'upload.chunk')
    expect(chunks.map((c) => c.status ?? 'reset')).toEqual([200, 503, 200, 'reset', 200])
    expect(emu.upload(token)?.chunks.map((c) => c.offset)).toEqual([
      0,
      3 * MiB,
      6 * MiB,
      7 * MiB + GRANULARITY
    ])
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(confirmed).toBe(bytes.length)
  })
  test('connection errors are thrown as ConnectionError once attempts run out', async () => {
    const { uploader } = setup(SMALL, { maxAttempts: 2 })
    emu.inject({ op: 'upload.chunk', times: 5, fault: { type: 'reset' } })
    await expect(uploader.upload(writeFile(crypto.randomBytes(600 * KiB)))).rejects.toBeInstanceOf(
      ConnectionError
    )
  })

  test('a 400 on a chunk is not resumed', async () => {
    const { uploader } = setup(SMALL)
    emu.inject({
      op: 'upload.chunk',
      fault: { type: 'http', status: 400, message: 'Bad chunk.', apiStatus: 'INVALID_ARGUMENT' }
    })
    const before = emu.requests.length
    await expect(uploader.upload(writeFile(crypto.randomBytes(600 * KiB)))).rejects.toThrow(
      /HTTP 400 INVALID_ARGUMENT: Bad chunk/
    )
    expect(callsSince(before).map((c) => c.op)).toEqual(['upload.start', 'upload.chunk'])
  })

  test('the daily quota stops the upload at once', async () => {
    const { uploader, sleeps } = setup(SMALL)
    emu.inject({ op: 'upload.chunk', after: 1, fault: { type: '429', daily: true } })
    const before = emu.requests.length
    await expect(uploader.upload(writeFile(crypto.randomBytes(600 * KiB)))).rejects.toBeInstanceOf(
      DailyQuotaError
    )
    expect(callsSince(before).map((c) => c.op)).toEqual([
      'upload.start',
      'upload.chunk',
      'upload.chunk'
    ])
    expect(sleeps).toEqual([])
  })
})

describe('memory', () => {
  // The emulator keeps what it receives, so it runs in its own process here: only the
  // uploader's memory is measured.
  let child: ChildProcess
  let http: PhotosHttp
  let baseUrl: string
  const big = () => path.join(dir, 'big.mp4')
  beforeAll(async () => {
    child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['test/emulator/cli.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const stdout = child.stdout
    if (!stdout) throw new Error('no stdout from the emulator')
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: stdout }).once('line', resolve)
      child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)))
    })
    baseUrl = (JSON.parse(line) as { baseUrl: string }).baseUrl
    http = new PhotosHttp(tokens, { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })
    https.push(http)
    fs.writeFileSync(big(), '')
    fs.truncateSync(big(), 64 * MiB) // sparse: nothing written to disk
    // One small upload of each kind first, so that one-time costs (connections, code
    // compiled on first use) are not counted below.
    const small = writeFile(crypto.randomBytes(2 * MiB))
    await new Uploader(http, baseUrl, { resumableThreshold: 1, chunkSize: MiB }).upload(small)
    await new Uploader(http, baseUrl).upload(small)
  }, 20_000)
  afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  })

  test.each([
    [
      'resumable (4 chunks of 16 MiB)',
      { ...DEFAULT_UPLOAD_OPTIONS, chunkSize: 16 * MiB },
      'upload.chunk',
      4
    ],
    [
      'resumable (the default: the file in one chunk, chunks being 128 MiB)',
      DEFAULT_UPLOAD_OPTIONS,
      'upload.chunk',
      1
    ],
    ['raw', { ...DEFAULT_UPLOAD_OPTIONS, resumableThreshold: 128 * MiB }, 'upload', 1]
  ] as const)(
    '%s: a 64 MB file raises memory by less than 10 MB',
    async (_, options, op, requests) => {
      const uploader = new Uploader(http, baseUrl, options)
      const callsBefore = http.calls[op] ?? 0
      // Read buffers are garbage as soon as they are sent; a young-generation collection at
      // each sample keeps that garbage out of the figure, so what is left is what the
      // upload holds on to (a whole file or chunk in memory would show as 16 MB or more).
      gc()
      const before = process.memoryUsage().rss
      let peak = before
      const sampler = setInterval(() => {
        gc({ type: 'minor' })
        peak = Math.max(peak, process.memoryUsage().rss)
      }, 10)
      let confirmed = 0
      try {
        const token = await uploader.upload(
          { path: big(), size: 64 * MiB, fileName: 'big.mp4', mimeType: 'video/mp4' },
          (n) => (confirmed += n)
        )
        expect(token).not.toBe('')
      } finally {
        clearInterval(sampler)
      }
      expect(confirmed).toBe(64 * MiB)
      expect((http.calls[op] ?? 0) - callsBefore).toBe(requests)
      expect((peak - before) / MiB).toBeLessThan(10)
    },
    20_000
  )
})

describe('progress', () => {
  function fakeProgress(totalItems: number, totalBytes: number) {
    const clock = { now: 0 }
    const lines: string[] = []
    const progress = new Progress({
      totalItems,
      totalBytes,
      log: (line) => lines.push(line),
      now: () => clock.now
    })
    return { progress, lines, clock }
  }

  test('a line with files, bytes, percent, rate and time left', () => {
    const { progress, lines, clock } = fakeProgress(30, 120 * MiB)
    clock.now = 8000
    progress.bytesSent(48 * MiB)
    for (let i = 0; i < 12; i++) progress.itemDone(true)
    progress.tick(true)
    expect(lines.at(-1)).toBe(
      'Uploaded 12 of 30 files, 48.0 MB of 120.0 MB (40%), 6.0 MB/s, about 12 s left'
    )
  })

  test('another 10% of the bytes logs even when the files are further along', () => {
    const { progress, lines } = fakeProgress(10, 100 * MiB)
    for (let i = 0; i < 5; i++) progress.itemDone(true)
    const afterItems = lines.length
    expect(afterItems).toBeGreaterThan(0)
    progress.bytesSent(9 * MiB)
    progress.tick()
    expect(lines).toHaveLength(afterItems)
    progress.bytesSent(2 * MiB)
    progress.tick()
    expect(lines).toHaveLength(afterItems + 1)
    expect(lines.at(-1)).toMatch(/^Uploaded 5 of 10 files, 11\.0 MB of 100\.0 MB \(11%\)/)
  })

  test('without progress, a line every 10 s', () => {
    const { progress, lines, clock } = fakeProgress(100, 100 * MiB)
    clock.now = 9999
    progress.tick()
    expect(lines).toEqual([])
    clock.now = 10_000
    progress.tick()
    expect(lines).toEqual(['Uploaded 0 of 100 files, 0 B of 100.0 MB (0%), 0 B/s'])
    clock.now = 15_000
    progress.tick()
    expect(lines).toHaveLength(1)
  })
})
