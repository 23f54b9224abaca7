/** Pure parts: retry timing, positions across batches, progress lines. */
import { describe, expect, test } from '@jest/globals'
import { chunk, positionFor } from '../src/batches.js'
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  rateLimitDelay
} from '../src/photos/retry.js'
import { formatBytes, formatDuration, formatElapsed, Progress } from '../src/progress.js'
import { isDailyQuotaMessage, PhotosApiError } from '../src/photos/errors.js'
import { tokenInfoUrl } from '../src/credentials.js'

describe('retry policy', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, random: () => 0.5 }
  test('exponential backoff from 1 s with jitter, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(policy, a))).toEqual([
      750, 1500, 3000, 6000, 12000, 24000, 24000
    ])
    expect(backoffDelay({ ...policy, random: () => 0 }, 1)).toBe(500)
    expect(backoffDelay({ ...policy, random: () => 0.999 }, 1)).toBeLessThanOrEqual(1000)
  })
  test('429: Retry-After when given, at least 30 s without', () => {
    expect(rateLimitDelay(policy, 2000)).toBe(2000)
    expect(rateLimitDelay(policy, undefined)).toBeGreaterThanOrEqual(30_000)
  })
  test.each([
    ['1', 1000],
    ['0.5', 500],
    [' 120 ', 120_000],
    ['', undefined],
    ['soon', undefined]
  ])('Retry-After %j → %s ms', (value, ms) => {
    expect(parseRetryAfter(value)).toBe(ms)
  })
  test('Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000)
  })
})

describe("Google's quota texts", () => {
  test.each([
    [
      "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'.",
      false
    ],
    [
      "Quota exceeded for quota metric 'photoslibrary.googleapis.com/write_requests' and limit 'WritesPerMinutePerUser' of service 'photoslibrary.googleapis.com'.",
      false
    ],
    [
      "Quota exceeded for quota 'concurrent write request' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'.",
      false
    ],
    // A per-minute limit that also names a day is still per minute.
    ["Quota exceeded for limit 'Requests per minute per user' (resets daily).", false],
    [
      "Quota exceeded for quota metric 'All requests' and limit 'All requests per day' of service 'photoslibrary.googleapis.com'.",
      true
    ],
    ["Quota exceeded for limit 'ApiCallsPerProjectPerDay'.", true]
  ])('%s → daily %s', (message, daily) => {
    expect(isDailyQuotaMessage(429, message)).toBe(daily)
    const err = new PhotosApiError('batchCreate', 429, message, 'RESOURCE_EXHAUSTED')
    expect(err.isRateLimit).toBe(!daily)
    expect(err.haltsRun).toBe(false)
  })

  test('answers that halt the run, and one that fails only its item', () => {
    const halts = (op: 'batchCreate' | 'batchGet' | 'upload', status: number, message: string) =>
      new PhotosApiError(op, status, message).haltsRun
    const storage =
      "The remaining storage in the user's account is not enough to perform this operation."
    expect(halts('batchCreate', 400, storage)).toBe(true)
    expect(halts('batchCreate', 400, 'No permission to add media items to this album.')).toBe(true)
    expect(halts('batchCreate', 400, 'Request contains an invalid media item id.')).toBe(true)
    // In get mode it is about one id: isolated, not a stop.
    expect(halts('batchGet', 400, 'Request contains an invalid media item id.')).toBe(false)
    expect(halts('upload', 413, 'The request exceeded the max file size limit of 20 GB.')).toBe(
      false
    )
  })
})

describe('tokeninfo next to the token endpoint', () => {
  test.each([
    ['https://oauth2.googleapis.com/token', 'https://oauth2.googleapis.com/tokeninfo'],
    ['http://127.0.0.1:8080/token?x=1', 'http://127.0.0.1:8080/tokeninfo'],
    ['https://proxy.example.com/oauth/v2/exchange', undefined]
  ])('%s → %s', (endpoint, info) => {
    expect(tokenInfoUrl(endpoint)).toBe(info)
  })
})

describe('positions across batches', () => {
  test('LAST_IN_ALBUM stays last', () => {
    expect(positionFor({ position: 'LAST_IN_ALBUM' }, 'm9')).toEqual({ position: 'LAST_IN_ALBUM' })
  })
  test.each([
    ['FIRST_IN_ALBUM', undefined, { position: 'FIRST_IN_ALBUM' }],
    ['AFTER_MEDIA_ITEM', 'rel', { position: 'AFTER_MEDIA_ITEM', relativeMediaItemId: 'rel' }],
    [
      'AFTER_ENRICHMENT_ITEM',
      'enr',
      { position: 'AFTER_ENRICHMENT_ITEM', relativeEnrichmentItemId: 'enr' }
    ]
  ] as const)(
    '%s: the user position until something is created, then after the last created',
    (position, rel, first) => {
      const placement = { position, ...(rel ? { relativeItemId: rel } : {}) }
      expect(positionFor(placement, undefined)).toEqual(first)
      expect(positionFor(placement, 'm49')).toEqual({
        position: 'AFTER_MEDIA_ITEM',
        relativeMediaItemId: 'm49'
      })
    }
  )
  test('chunks of at most 50', () => {
    expect(chunk(Array.from({ length: 120 }, (_, i) => i)).map((c) => c.length)).toEqual([
      50, 50, 20
    ])
    expect(chunk([])).toEqual([])
  })
})

describe('progress', () => {
  test('a line every 10 s or every 10%, with bytes, rate and time left', () => {
    let now = 0
    const lines: string[] = []
    const p = new Progress({
      totalItems: 100,
      totalBytes: 100 * 1024 * 1024,
      log: (l) => lines.push(l),
      now: () => now
    })
    now = 1000
    p.bytesSent(5 * 1024 * 1024)
    p.itemDone(true)
    expect(lines).toHaveLength(0)
    now = 2000
    p.bytesSent(6 * 1024 * 1024)
    p.itemDone(true)
    expect(lines).toEqual([
      'Uploaded 2 of 100 files, 11.0 MB of 100.0 MB (11%), 5.5 MB/s, about 16 s left'
    ])
    now = 12_500
    p.tick()
    expect(lines).toHaveLength(2)
    p.finish()
    expect(lines[2]).toBe('Uploads done: 2 of 100 files, 11.0 MB in 13 s (901.1 KB/s)')
  })
  test("a failed file's bytes leave the total: the bytes shown and the percentage agree", () => {
    let now = 0
    const lines: string[] = []
    const p = new Progress({
      totalItems: 3,
      totalBytes: 885,
      log: (l) => lines.push(l),
      now: () => now
    })
    now = 1000
    p.itemDone(false, 295)
    expect(lines).toEqual(['Uploaded 0 of 3 files, 1 failed (295 B), 0 B of 590 B (0%), 0 B/s'])
    now = 3000
    p.bytesSent(295)
    p.itemDone(true)
    expect(lines[1]).toBe(
      'Uploaded 1 of 3 files, 1 failed (295 B), 295 B of 590 B (50%), 98 B/s, about 3 s left'
    )
    p.finish()
    expect(lines[2]).toBe('Uploads done: 1 of 3 files, 1 failed (295 B), 295 B in 3.0 s (98 B/s)')
  })

  test('a file that fails half sent takes its confirmed bytes back out', () => {
    const lines: string[] = []
    const p = new Progress({
      totalItems: 4,
      totalBytes: 4000,
      log: (l) => lines.push(l),
      now: () => 1000
    })
    p.bytesSent(600)
    p.itemDone(false, 1000, 600)
    expect(lines).toEqual(['Uploaded 0 of 4 files, 1 failed (1000 B), 0 B of 2.9 KB (0%), 0 B/s'])
  })

  test('rates are always formatted', () => {
    let now = 0
    const lines: string[] = []
    const p = new Progress({
      totalItems: 100,
      totalBytes: 29_700,
      log: (l) => lines.push(l),
      now: () => now
    })
    now = 22_500
    p.bytesSent(11_251)
    for (let i = 0; i < 41; i++) p.itemDone(true)
    p.finish()
    for (const line of lines) expect(line).not.toMatch(/\d+\.\d{3,}/)
    expect(lines.at(-1)).toBe('Uploads done: 41 of 100 files, 11.0 KB in 23 s (500 B/s)')
  })

  test('once halted, no line claims time left, and nothing follows', () => {
    let now = 0
    const lines: string[] = []
    const p = new Progress({
      totalItems: 100,
      totalBytes: 1000,
      log: (l) => lines.push(l),
      now: () => now
    })
    now = 1000
    p.bytesSent(410)
    for (let i = 0; i < 41; i++) p.itemDone(true)
    const before = lines.length
    p.halt()
    expect(lines.slice(before)).toEqual([
      'Uploads stopped: 41 of 100 files uploaded (410 B of 1000 B).'
    ])
    now = 30_000
    p.bytesSent(10)
    p.itemDone(true)
    p.tick(true)
    p.finish()
    expect(lines).toHaveLength(before + 1)
  })

  test('formats', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(500.04324511330225)).toBe('500 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB')
    expect(formatElapsed(40)).toBe('40 ms')
    expect(formatElapsed(1_420)).toBe('1.4 s')
    expect(formatElapsed(59_000)).toBe('59 s')
    expect(formatDuration(59_000)).toBe('59 s')
    expect(formatDuration(61_000)).toBe('1 min 1 s')
    expect(formatDuration(3_720_000)).toBe('1 h 2 min')
  })
})
