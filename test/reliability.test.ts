/**
 * Faults, quota and crash safety: every item ends created exactly once, or failed with a
 * reason, and the report always matches the library.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import {
  FAST,
  makeWorkspace,
  parseOutputFile,
  ROOT,
  runAction,
  runDist,
  writeFiles
} from './helpers/action.js'
import { makePng } from './helpers/images.js'
import type { Report } from '../src/types.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start({ seed: 7 })
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.clearFaults())

const auth = () => ({ 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl })

function pngWorkspace(n: number, prefix: string, seedBase: number) {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < n; i++) {
    files[`shots/${prefix}-${String(i).padStart(4, '0')}.png`] = makePng(4, 4, seedBase + i)
  }
  writeFiles(ws.workspace, files)
  return ws
}

test('fault soak: 1,000 files, each created exactly once in order or failed with a reason', async () => {
  const album = emu.addAlbum({ title: 'Soak' })
  const ws = pngWorkspace(1000, 'soak', 10_000)
  const all = ['upload', 'batchCreate', 'albums.get', 'search'] as const
  emu.inject({ op: [...all], probability: 0.1, fault: { type: 'http', status: 503 } })
  emu.inject({ op: [...all], probability: 0.05, fault: { type: '429', retryAfter: 1 } })
  emu.inject({ op: 'upload', probability: 0.02, fault: { type: 'reset-mid-upload' } })
  emu.inject({ op: 'batchCreate', probability: 0.03, fault: { type: 'lost-answer' } })
  // About 25 batchCreate calls make 3% less than one on average: make sure of one of each
  // kind of lost answer, so that the run always meets them.
  emu.inject({ op: 'batchCreate', after: 3, fault: { type: 'lost-answer' } })
  emu.inject({ op: 'batchCreate', after: 8, fault: { type: 'lost-answer-5xx', status: 503 } })

  const r = await runAction(
    {
      ...auth(),
      files: 'shots/*.png',
      'album-id': album.id,
      position: 'first-in-album',
      concurrency: '8'
    },
    {
      ws,
      overrides: {
        retry: {
          baseDelayMs: 2,
          maxDelayMs: 20,
          rateLimitDelayMs: 20,
          retryAfterScale: 0.01,
          requestTimeoutMs: 5000
        }
      }
    }
  )
  const report = r.report as Report
  expect(report.items).toHaveLength(1000)
  expect(report.totals.total).toBe(1000)
  for (const item of report.items) {
    expect(['created', 'failed']).toContain(item.outcome)
    if (item.outcome === 'failed') expect(item.status?.message).toBeTruthy()
  }
  const created = report.items.filter((i) => i.outcome === 'created')
  // Each file's bytes became exactly one media item.
  const bySha = new Map<string, number>()
  for (const m of emu.mediaItems()) bySha.set(m.sha256, (bySha.get(m.sha256) ?? 0) + 1)
  expect([...bySha.values()].every((n) => n === 1)).toBe(true)
  // The album holds each created item once, in input order.
  const ids = created.map((i) => i.mediaItemId)
  expect(new Set(ids).size).toBe(ids.length)
  expect(emu.albumItemIds(album.id)).toEqual(ids)
  expect(created.length).toBeGreaterThan(950)
  expect(report.totals.created + report.totals.failed).toBe(1000)
  // Faults of every kind did happen, batchCreate answers lost after the work included.
  const faults = emu.requests.filter((q) => q.fault)
  expect(faults.length).toBeGreaterThan(100)
  for (const kind of ['http', '429', 'reset-mid-upload']) {
    expect(faults.filter((q) => q.op === 'upload' && q.fault === kind).length).toBeGreaterThan(5)
  }
  expect(
    faults.filter((q) => q.op === 'batchCreate' && q.fault === 'lost-answer').length
  ).toBeGreaterThan(0)
  expect(
    faults.filter((q) => q.op === 'batchCreate' && q.fault === 'lost-answer-5xx').length
  ).toBeGreaterThan(0)
}, 120_000)

test('429 honours Retry-After', async () => {
  const ws = pngWorkspace(1, 'retry-after', 50_000)
  emu.inject({ op: 'upload', fault: { type: '429', retryAfter: 1 } })
  const started = Date.now()
  const r = await runAction({ ...auth(), files: 'shots/*.png' }, { ws })
  expect(r.outputs['created-count']).toBe('1')
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
  expect(r.stdout).toMatch(/upload: HTTP 429 RESOURCE_EXHAUSTED; retrying in 1\.0 s/)
})

test('a Retry-After longer than the action waits fails the item, saying so; one that keeps failing says how often it was tried', async () => {
  const ws = pngWorkspace(2, 'long-wait', 52_000)
  emu.inject({ op: 'upload', times: 1, fault: { type: '429', retryAfter: 900 } })
  emu.inject({ op: 'upload', times: 6, fault: { type: 'http', status: 500 } })
  const r = await runAction({ ...auth(), files: 'shots/*.png', concurrency: '1' }, { ws })
  const [waited, retried] = r.report?.items ?? []
  expect(waited?.outcome).toBe('failed')
  expect(waited?.status?.message).toMatch(
    /Google asked for a wait of 900 s before another try, more than the 10 minutes the action waits: re-run later\)\.$/
  )
  expect(retried?.outcome).toBe('failed')
  expect(retried?.status?.message).toMatch(/HTTP 500 .*Injected HTTP 500 \(after 6 attempts\)\.$/)
})

test('a 429 without Retry-After waits at least the policy floor (30 s by default)', async () => {
  const waits: number[] = []
  const ws = pngWorkspace(1, 'floor', 51_000)
  emu.inject({ op: 'upload', fault: { type: '429' } })
  const r = await runAction(
    { ...auth(), files: 'shots/*.png' },
    { ws, overrides: { retry: { sleep: async (ms: number) => void waits.push(ms) } } }
  )
  expect(r.outputs['created-count']).toBe('1')
  expect(waits).toHaveLength(1)
  expect(waits[0]).toBeGreaterThanOrEqual(30_000)
})

test('daily quota: stops at once, the rest not attempted, with a re-run hint', async () => {
  const album = emu.addAlbum({ title: 'Quota' })
  const ws = pngWorkspace(120, 'quota', 20_000)
  emu.inject({ op: 'batchCreate', after: 1, times: 1000, fault: { type: '429', daily: true } })
  const before = emu.requests.length
  const started = Date.now()
  const r = await runAction({ ...auth(), files: 'shots/*.png', 'album-id': album.id }, { ws })
  expect(Date.now() - started).toBeLessThan(20_000)
  expect(r.failed).toBe(true)
  const report = r.report as Report
  expect(report.state).toBe('stopped')
  expect(report.stoppedReason).toMatch(/daily/i)
  expect(report.stoppedReason).toMatch(/re-run/i)
  expect(report.totals.created).toBe(50)
  expect(report.totals.failed).toBe(70)
  // The refused batch points at the stop reason, given once; the items after it were never sent.
  const refused = report.items.slice(50, 100)
  expect(refused.every((i) => i.status?.code === 8 && /^Refused/.test(i.status.message))).toBe(true)
  const rest = report.items.slice(100)
  expect(rest.every((i) => /^Not attempted/.test(i.status?.message ?? ''))).toBe(true)
  expect(r.outputs['created-count']).toBe('50')
  // The summary's heading counts the 70 failed as its totals do, the 20 never sent folded apart.
  expect(r.summary).toContain('| 120 | 50 | 70 | 0 |')
  expect(r.summary).toContain('\n### 70 failed items: 50 tried, 20 not attempted\n')
  expect(r.summary).toContain('<details><summary>20 not attempted: the run stopped first</summary>')
  expect(report.stoppedReason).toMatch(
    /re-run the workflow then\. With `skip-existing: true`, items already in the album are not uploaded or created again\.$/
  )
  // No hour of retries: the quota answer is taken at once.
  const quotaAnswers = emu.requests
    .slice(before)
    .filter((q) => q.op === 'batchCreate' && q.status === 429)
  expect(quotaAnswers).toHaveLength(1)
})

test('daily quota without an album: the re-run hint does not offer skip-existing, which needs one', async () => {
  const ws = pngWorkspace(3, 'quota-no-album', 20_500)
  emu.inject({ op: 'batchCreate', times: 1, fault: { type: '429', daily: true } })
  const r = await runAction({ ...auth(), files: 'shots/*.png' }, { ws })
  expect(r.failed).toBe(true)
  const error = r.stdout.trim().split('\n').at(-1) ?? ''
  expect(error).toMatch(/^::error::The project's daily Google Photos API quota is spent/)
  expect(error).toContain(
    're-run the workflow then. The run has no album, so `skip-existing` cannot be used: the files are uploaded again, and Google gives back the media item it already made for identical bytes.'
  )
  expect(error).not.toContain('skip-existing: true')
  expect((r.report as Report).stoppedReason).toBe(error.replace(/^::error::/, ''))
})

describe('auth failures name the fix', () => {
  test('invalid_grant: the refresh token was revoked or expired', async () => {
    emu.revokeRefreshToken('revoked-token')
    const ws = pngWorkspace(1, 'grant', 30_000)
    const r = await runAction(
      {
        files: 'shots/*.png',
        'client-id': 'test-client-id',
        'client-secret': 'test-client-secret',
        'refresh-token': 'revoked-token',
        'token-endpoint': emu.tokenEndpoint,
        'api-endpoint': emu.baseUrl
      },
      { ws }
    )
    expect(r.failed).toBe(true)
    expect(r.stdout).toMatch(/invalid_grant/)
    expect(r.stdout).toMatch(/7 days/)
    expect(r.report?.items[0]?.outcome).toBe('failed')
  })

  test('403 insufficient scopes names the scope', async () => {
    emu.addAccessToken('read-only-token', [
      'https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata'
    ])
    const ws = pngWorkspace(1, 'scope', 31_000)
    const r = await runAction(
      { 'access-token': 'read-only-token', 'api-endpoint': emu.baseUrl, files: 'shots/*.png' },
      { ws }
    )
    expect(r.failed).toBe(true)
    expect(r.stdout).toContain('photoslibrary.appendonly')
  })

  test('an album the client did not create: explains and suggests album-title', async () => {
    const theirs = emu.addAlbum({ title: 'Made in the app', appCreated: false })
    const ws = pngWorkspace(1, 'perm', 32_000)
    const r = await runAction({ ...auth(), files: 'shots/*.png', 'album-id': theirs.id }, { ws })
    expect(r.failed).toBe(true)
    expect(r.stdout).toContain('album-title')
  })
})

test('no secret appears in stdout, stderr, summary, outputs or report', async () => {
  const secret = { clientSecret: 'sekrit-client-Zq9', refreshToken: 'sekrit-refresh-Xy7' }
  const emu2 = await PhotosEmulator.start({
    oauthClients: [
      { clientId: 'cid', clientSecret: secret.clientSecret, refreshToken: secret.refreshToken }
    ]
  })
  try {
    const ws = pngWorkspace(3, 'secret', 40_000)
    fs.writeFileSync(path.join(ws.workspace, 'shots', 'bad.txt'), 'x')
    const r = await runDist(
      {
        files: 'shots/*',
        'album-title': 'Secrets',
        'client-id': 'cid',
        'client-secret': secret.clientSecret,
        'refresh-token': secret.refreshToken,
        'token-endpoint': emu2.tokenEndpoint,
        'api-endpoint': emu2.baseUrl
      },
      { ws }
    )
    expect(r.outputs['created-count']).toBe('3')
    const secrets = [secret.clientSecret, secret.refreshToken, ...emu2.issuedAccessTokens]
    expect(emu2.issuedAccessTokens.length).toBeGreaterThan(0)
    const reportText = fs.readFileSync(r.outputs['results-file'] ?? '', 'utf8')
    const places = {
      stdout: r.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
      stderr: r.stderr,
      summary: r.summary,
      outputs: JSON.stringify(r.outputs),
      report: reportText
    }
    for (const [where, text] of Object.entries(places)) {
      for (const s of secrets)
        expect({ where, leaked: text.includes(s) }).toEqual({ where, leaked: false })
    }
    // Every secret was masked as soon as it was read.
    for (const s of secrets) expect(r.stdout).toContain(`::add-mask::${s}`)
  } finally {
    await emu2.close()
  }
})

test('a run killed halfway leaves a report that matches the library', async () => {
  const album = emu.addAlbum({ title: 'Killed' })
  const ws = pngWorkspace(200, 'kill', 60_000)
  // The third batchCreate hangs, so the run can be killed while it is in flight.
  emu.inject({ op: 'batchCreate', after: 2, fault: { type: 'latency', ms: 1500 } })
  const before = emu.calls('batchCreate').length
  const outputFile = path.join(ws.temp, 'out')
  fs.writeFileSync(outputFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: ws.workspace,
    RUNNER_TEMP: ws.temp,
    GITHUB_OUTPUT: outputFile,
    'INPUT_ACCESS-TOKEN': 'test-access-token',
    'INPUT_API-ENDPOINT': emu.baseUrl,
    INPUT_FILES: 'shots/*.png',
    'INPUT_ALBUM-ID': album.id,
    INPUT_POSITION: 'first-in-album',
    INPUT_CONCURRENCY: '6',
    INPUT_MODE: 'create',
    'INPUT_TOKEN-ENDPOINT': 'https://oauth2.googleapis.com/token'
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/index.js')], {
    env,
    stdio: 'ignore'
  })
  const exited = new Promise((resolve) => child.on('close', resolve))
  const deadline = Date.now() + 30_000
  while (emu.calls('batchCreate').length - before < 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10))
  }
  child.kill('SIGKILL')
  await exited
  await new Promise((r) => setTimeout(r, 1800)) // the hung call completes on the server

  expect(parseOutputFile(fs.readFileSync(outputFile, 'utf8'))).toEqual({})
  const report = JSON.parse(
    fs.readFileSync(path.join(ws.temp, 'photos-results.json'), 'utf8')
  ) as Report
  expect(report.state).toBe('running')
  expect(report.items).toHaveLength(200)
  const created = report.items.filter((i) => i.outcome === 'created')
  expect(created).toHaveLength(100)
  const inFlight = report.items.filter((i) => i.outcome === 'planned' && i.batch === 3)
  expect(inFlight).toHaveLength(50)
  expect(inFlight.every((i) => /sent/.test(i.status?.message ?? ''))).toBe(true)
  // The library holds exactly what the report says was created, plus the batch the report
  // marks as sent without an answer.
  const albumIds = emu.albumItemIds(album.id)
  expect(albumIds.slice(0, 100)).toEqual(created.map((i) => i.mediaItemId))
  expect(albumIds).toHaveLength(150)
})

describe('batchCreate answers lost with tokens only, and INTERNAL items', () => {
  function tokensFile(n: number, prefix: string) {
    const ws = makeWorkspace()
    const tokens = Array.from({ length: n }, (_, i) =>
      emu.createUploadToken({ fileName: `${prefix}-${i}.jpg` })
    )
    fs.writeFileSync(
      path.join(ws.workspace, 'tokens.txt'),
      tokens.map((t, i) => `${t}\t${prefix}-${i}.jpg`).join('\n')
    )
    return ws
  }

  test('tokens only: a lost answer is sent once more; nothing is created twice', async () => {
    const album = emu.addAlbum({ title: 'Lost tokens' })
    const ws = tokensFile(60, 'lost')
    emu.inject({ op: 'batchCreate', fault: { type: 'lost-answer' } })
    const before = emu.mediaItems().length
    const r = await runAction(
      { ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id, position: 'first-in-album' },
      { ws }
    )
    expect(r.failed).toBe(false)
    expect(r.outputs['created-count']).toBe('60')
    expect(emu.mediaItems().length - before).toBe(60)
    const ids = JSON.parse(r.outputs['media-item-ids'] ?? '[]') as string[]
    expect(emu.albumItemIds(album.id)).toEqual(ids)
    expect(r.report?.apiCalls.batchCreate).toBe(3)
    expect(r.stdout).toContain('sending the same tokens once more')
  })

  test('tokens only: two lost answers in a row without an album: each item may exist, and says why', async () => {
    const ws = tokensFile(3, 'lost2')
    emu.inject({ op: 'batchCreate', times: 2, fault: { type: 'lost-answer-5xx', status: 500 } })
    const r = await runAction({ ...auth(), 'tokens-file': 'tokens.txt' }, { ws })
    expect(r.failed).toBe(true)
    expect(r.outputs['failed-count']).toBe('3')
    expect(r.report?.apiCalls.batchCreate).toBe(2)
    expect(r.report?.items[0]?.status?.message).toMatch(
      /^May exist: the batchCreate answer was lost, and no answer came to sending it again either \(batchCreate: HTTP 500 INTERNAL: .*\)\. It could not be looked up: the batch has no album\./
    )
  })

  test('an item that fails with INTERNAL (13) is retried while its token is valid; 3 is final', async () => {
    const album = emu.addAlbum({ title: 'Internal' })
    const ws = tokensFile(5, 'internal')
    const seen = new Set<string>()
    emu.failItemsWhere((item) => {
      if (item.fileName === 'internal-1.jpg' && !seen.has(item.uploadToken)) {
        seen.add(item.uploadToken)
        return { code: 13, message: 'INTERNAL: try again' }
      }
      if (item.fileName === 'internal-3.jpg') return { code: 3, message: 'BAD_IMAGE: broken' }
      return undefined
    })
    try {
      const r = await runAction(
        { ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id },
        { ws }
      )
      expect(r.outputs['created-count']).toBe('4')
      expect(r.report?.items.map((i) => i.outcome)).toEqual([
        'created',
        'created',
        'created',
        'failed',
        'created'
      ])
      expect(r.report?.items[3]?.status?.message).toBe('BAD_IMAGE: broken')
    } finally {
      emu.failItemsWhere(() => undefined)
    }
  })
})

test('a request that gets no answer in time is timed out and retried', async () => {
  const ws = pngWorkspace(1, 'timeout', 52_000)
  emu.inject({ op: 'upload', fault: { type: 'latency', ms: 1500 } })
  const r = await runAction(
    { ...auth(), files: 'shots/*.png' },
    { ws, overrides: { retry: { ...FAST.retry, requestTimeoutMs: 300 } } }
  )
  expect(r.outputs['created-count']).toBe('1')
  expect(r.stdout).toMatch(/upload: ETIMEDOUT; retrying in/)
})

test('daily quota during uploads: the queue stops at once and every file is accounted for', async () => {
  const ws = pngWorkspace(80, 'upquota', 70_000)
  emu.inject({ op: 'upload', after: 10, times: 1000, fault: { type: '429', daily: true } })
  const before = emu.requests.length
  const r = await runAction({ ...auth(), files: 'shots/*.png', concurrency: '4' }, { ws })
  const report = r.report as Report
  expect(report.state).toBe('stopped')
  expect(report.items).toHaveLength(80)
  expect(report.items.every((i) => i.outcome === 'failed')).toBe(true)
  expect(
    report.items.filter((i) => /^Not attempted/.test(i.status?.message ?? '')).length
  ).toBeGreaterThan(60)
  // No more than the uploads already in flight were sent after the quota answer.
  const uploads = emu.requests.slice(before).filter((q) => q.op === 'upload')
  expect(uploads.length).toBeLessThanOrEqual(10 + 4)
  expect(emu.requests.slice(before).filter((q) => q.op === 'batchCreate')).toHaveLength(0)
  expect(r.outputs['failed-count']).toBe('80')
})
