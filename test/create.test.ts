import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { makeWorkspace, ROOT, runAction } from './helpers/action.js'
import type { Report } from '../src/types.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.clearFaults())

function oauth() {
  return {
    'client-id': 'test-client-id',
    'client-secret': 'test-client-secret',
    'refresh-token': 'test-refresh-token',
    'token-endpoint': emu.tokenEndpoint,
    'api-endpoint': emu.baseUrl
  }
}

function auth() {
  return { 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl }
}

/** A workspace with a text tokens file of n fresh upload tokens. */
function tokensWorkspace(n: number, prefix = 'img') {
  const ws = makeWorkspace()
  const tokens = Array.from({ length: n }, (_, i) =>
    emu.createUploadToken({ fileName: `${prefix}-${i}.jpg` })
  )
  const lines = tokens.map((t, i) => `${t}\t${prefix}-${i}.jpg`)
  fs.writeFileSync(path.join(ws.workspace, 'tokens.txt'), `# tokens\n${lines.join('\n')}\n`)
  return { ws, tokens }
}

function idsOf(outputs: Record<string, string>): (string | null)[] {
  return JSON.parse(outputs['media-item-ids'] ?? 'null') as (string | null)[]
}

describe('120 tokens in batches of 50', () => {
  const positions = [
    'last-in-album',
    'first-in-album',
    'after-media-item',
    'after-enrichment-item'
  ] as const

  test.each(positions)(
    '%s: 3 serial batchCreate calls and album order = input order',
    async (position) => {
      const album = emu.addAlbum({ title: `Album ${position}` })
      const before = [0, 1, 2].map((i) =>
        emu.addMediaItem({ fileName: `old-${i}.jpg`, albumId: album.id })
      )
      let relative: string | undefined
      if (position === 'after-media-item') relative = before[1]?.id
      if (position === 'after-enrichment-item') relative = emu.addEnrichment(album.id, 1)
      const { ws } = tokensWorkspace(120, position)
      const callsBefore = emu.calls('batchCreate').length

      const r = await runAction(
        {
          ...auth(),
          'tokens-file': 'tokens.txt',
          'album-id': album.id,
          position,
          'relative-item-id': relative
        },
        { ws }
      )

      expect(r.failed).toBe(false)
      expect(emu.calls('batchCreate').length - callsBefore).toBe(3)
      expect(emu.maxConcurrent('batchCreate')).toBe(1)
      const ids = idsOf(r.outputs)
      expect(ids).toHaveLength(120)
      expect(ids.every((id) => typeof id === 'string')).toBe(true)
      const albumIds = emu.albumItemIds(album.id)
      const oldIds = before.map((b) => b.id)
      const expected =
        position === 'last-in-album'
          ? [...oldIds, ...ids]
          : position === 'first-in-album'
            ? [...ids, ...oldIds]
            : [oldIds[0], oldIds[1], ...ids, oldIds[2]]
      expect(albumIds).toEqual(expected)
      expect(r.outputs['created-count']).toBe('120')
      expect(r.outputs['total-count']).toBe('120')
      expect(r.outputs['album-id']).toBe(album.id)
      expect(r.report?.items.map((i) => i.batch)).toEqual([
        ...Array(50).fill(1),
        ...Array(50).fill(2),
        ...Array(20).fill(3)
      ])
    }
  )
})

test('partial failures are counted, reported, and fail the step', async () => {
  const album = emu.addAlbum({ title: 'Partial' })
  const { ws } = tokensWorkspace(7, 'partial')
  emu.failItemsWhere((item) =>
    item.fileName === 'partial-2.jpg' || item.fileName === 'partial-5.jpg'
      ? {
          code: 3,
          message: 'BAD_IMAGE: There was an error while trying to create this media item.'
        }
      : undefined
  )
  try {
    const r = await runAction(
      { ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id },
      { ws }
    )
    expect(r.failed).toBe(true)
    expect(r.outputs['created-count']).toBe('5')
    expect(r.outputs['failed-count']).toBe('2')
    expect(r.outputs['total-count']).toBe('7')
    const ids = idsOf(r.outputs)
    expect(ids[2]).toBeNull()
    expect(ids[5]).toBeNull()
    expect(ids.filter((x) => x !== null)).toHaveLength(5)
    const failed = r.report?.items.filter((i) => i.outcome === 'failed') ?? []
    expect(failed.map((i) => i.index)).toEqual([2, 5])
    expect(failed[0]?.status).toEqual({
      code: 3,
      message: 'BAD_IMAGE: There was an error while trying to create this media item.'
    })
    expect(
      r.summary.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))
    ).toContain('BAD_IMAGE: There was an error')
    expect(r.stdout).toContain('2 of 7 item(s) failed')
    // Created items are in the album, in input order, the failed ones not.
    expect(emu.albumItemIds(album.id)).toEqual(ids.filter((x) => x !== null))
  } finally {
    emu.failItemsWhere(() => undefined)
  }
})

test('fail-on-error false: failures warn and the step succeeds', async () => {
  const { ws, tokens } = tokensWorkspace(3, 'warn')
  emu.expireUploadToken(tokens[1] ?? '')
  const r = await runAction(
    { ...auth(), 'tokens-file': 'tokens.txt', 'fail-on-error': 'false' },
    { ws }
  )
  expect(r.failed).toBe(false)
  expect(r.stdout).toContain('::warning::1 of 3 item(s) failed')
  expect(idsOf(r.outputs).map((x) => x === null)).toEqual([false, true, false])
})

test('a batch refused whole for one bad token is split; the rest are created', async () => {
  const album = emu.addAlbum({ title: 'Split' })
  const { ws, tokens } = tokensWorkspace(20, 'split')
  emu.expireUploadToken(tokens[13] ?? '')
  const callsBefore = emu.calls('batchCreate').length
  const r = await runAction(
    { ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id, position: 'first-in-album' },
    { ws }
  )
  expect(r.outputs['created-count']).toBe('19')
  expect(r.outputs['failed-count']).toBe('1')
  const item = r.report?.items[13]
  expect(item?.outcome).toBe('failed')
  expect(item?.status?.message).toMatch(/upload token/i)
  expect(item?.status?.message).toMatch(
    /Upload tokens live a day, and only the OAuth client that made them can use them: make the token again/
  )
  expect(r.summary).toContain('Upload tokens live a day')
  const ids = idsOf(r.outputs)
  expect(emu.albumItemIds(album.id)).toEqual(ids.filter((x) => x !== null))
  // One line for the batch, with what the split cost; no line for each refused half.
  const calls = emu.calls('batchCreate').length - callsBefore
  expect(calls).toBeGreaterThan(2)
  expect(r.stdout).not.toMatch(/splitting/)
  expect(r.stdout).toContain(
    `Batch 1: 20 item(s), first in album: 19 created, 1 failed; 1 invalid upload token(s) isolated in ${calls} batchCreate calls\n`
  )
})

test('a batch whose every token is refused (stale tokens): the run stops, sparing the quota for the rest', async () => {
  const album = emu.addAlbum({ title: 'Stale' })
  const { ws, tokens } = tokensWorkspace(120, 'stale')
  for (const token of tokens) emu.expireUploadToken(token)
  const callsBefore = emu.calls('batchCreate').length
  const r = await runAction(
    { ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id },
    { ws }
  )
  expect(r.failed).toBe(true)
  const report = r.report as Report
  expect(report.state).toBe('stopped')
  // Batch 1 split to the last item (2 × 50 − 1 calls); no call for batches 2 and 3.
  expect(emu.calls('batchCreate').length - callsBefore).toBe(99)
  expect(
    report.items.slice(0, 50).every((i) => /upload token/i.test(i.status?.message ?? ''))
  ).toBe(true)
  expect(report.items.slice(50).every((i) => i.status?.message.startsWith('Not attempted'))).toBe(
    true
  )
  expect(r.stdout).toMatch(
    /::error::Every upload token of batch 1 \(50 items\) was refused as invalid, each alone \(99 batchCreate calls\): upload tokens live a day/
  )
  expect(r.outputs['failed-count']).toBe('120')
})

describe('tokens-file formats and descriptions', () => {
  test('JSON array of objects: per-item description wins over `description`', async () => {
    const ws = makeWorkspace()
    const t = [0, 1, 2].map(() => emu.createUploadToken())
    fs.writeFileSync(
      path.join(ws.workspace, 'tokens.json'),
      JSON.stringify([
        { uploadToken: t[0], fileName: 'a.jpg', description: 'own' },
        { uploadToken: t[1], fileName: 'b.jpg' },
        { uploadToken: t[2] }
      ])
    )
    const r = await runAction(
      { ...auth(), 'tokens-file': 'tokens.json', description: 'common' },
      { ws }
    )
    expect(r.failed).toBe(false)
    const ids = idsOf(r.outputs)
    expect(ids.map((id) => emu.mediaItem(id ?? '')?.description)).toEqual([
      'own',
      'common',
      'common'
    ])
    expect(emu.mediaItem(ids[0] ?? '')?.filename).toBe('a.jpg')
    expect(r.report?.items.map((i) => i.source)).toEqual([
      'tokens.json[0]',
      'tokens.json[1]',
      'tokens.json[2]'
    ])
  })

  test('JSON array of strings and JSON Lines', async () => {
    const ws = makeWorkspace()
    const a = [emu.createUploadToken(), emu.createUploadToken()]
    fs.writeFileSync(path.join(ws.workspace, 'a.json'), JSON.stringify(a))
    const r1 = await runAction({ ...auth(), 'tokens-file': 'a.json' }, { ws })
    expect(r1.outputs['created-count']).toBe('2')

    const b = [emu.createUploadToken(), emu.createUploadToken()]
    fs.writeFileSync(
      path.join(ws.workspace, 'b.jsonl'),
      b.map((uploadToken, i) => JSON.stringify({ uploadToken, fileName: `l${i}.png` })).join('\n') +
        '\n'
    )
    const r2 = await runAction({ ...auth(), 'tokens-file': 'b.jsonl' }, { ws })
    expect(r2.outputs['created-count']).toBe('2')
    expect(idsOf(r2.outputs).map((id) => emu.mediaItem(id ?? '')?.filename)).toEqual([
      'l0.png',
      'l1.png'
    ])
  })

  test('an empty tokens file is an error that names the input, before any call', async () => {
    const ws = makeWorkspace()
    fs.writeFileSync(path.join(ws.workspace, 'empty.txt'), '# nothing\n\n')
    const before = emu.requests.length
    const r = await runAction({ ...auth(), 'tokens-file': 'empty.txt' }, { ws })
    expect(r.failed).toBe(true)
    expect(r.stdout).toContain('Input `tokens-file`')
    expect(emu.requests.length).toBe(before)
    expect(r.outputs['total-count']).toBe('0')
  })
})

describe('get mode', () => {
  test('duplicates are sent once, an unknown id is isolated and fails with the cause, order kept', async () => {
    const items = Array.from({ length: 60 }, (_, i) => emu.addMediaItem({ fileName: `g${i}.jpg` }))
    const ids = items.map((m) => m.id)
    const input = [ids[0], 'unknownId123', ...ids, ids[5], ids[0]] as string[]
    const before = emu.calls('batchGet').length
    const r = await runAction({
      ...auth(),
      mode: 'get',
      'media-item-ids': input.join(',\n')
    })
    // Google refuses a call that holds a bad id: the first 50 are halved until it stands
    // alone (1 + 2 × 6 calls), the last 14 are read in one.
    expect(emu.calls('batchGet').length - before).toBe(14)
    const out = idsOf(r.outputs)
    expect(out).toEqual(input.map((id) => (id === 'unknownId123' ? null : id)))
    expect(r.outputs['created-count']).toBe(String(input.length - 1))
    expect(r.outputs['failed-count']).toBe('1')
    expect(r.failed).toBe(true)
    const unknown = r.report?.items[1]
    expect(unknown?.outcome).toBe('failed')
    expect(unknown?.status?.message).toMatch(
      /^batchGet: HTTP 400 INVALID_ARGUMENT: Request contains an invalid media item id\. Only media items that this same OAuth client created can be read/
    )
    expect(r.report?.items[0]?.outcome).toBe('found')
    expect(r.report?.items[0]?.fileName).toBe('g0.jpg')
  })

  test('ids from a JSON file', async () => {
    const ws = makeWorkspace()
    const ids = [
      emu.addMediaItem({ fileName: 'x.jpg' }).id,
      emu.addMediaItem({ fileName: 'y.jpg' }).id
    ]
    fs.writeFileSync(path.join(ws.workspace, 'ids.json'), JSON.stringify(ids))
    const r = await runAction({ ...auth(), mode: 'get', 'media-item-ids-file': 'ids.json' }, { ws })
    expect(r.failed).toBe(false)
    expect(idsOf(r.outputs)).toEqual(ids)
  })
})

describe('auth', () => {
  test('client-id + client-secret + refresh-token are exchanged at token-endpoint', async () => {
    const { ws } = tokensWorkspace(2, 'oauth')
    const issued = emu.issuedAccessTokens.length
    const r = await runAction({ ...oauth(), 'tokens-file': 'tokens.txt' }, { ws })
    expect(r.failed).toBe(false)
    expect(emu.issuedAccessTokens.length).toBeGreaterThan(issued)
    const token = emu.issuedAccessTokens[emu.issuedAccessTokens.length - 1] ?? ''
    expect(r.stdout).toContain(`::add-mask::${token}`)
    expect(r.stdout.replaceAll(`::add-mask::${token}`, '')).not.toContain(token)
  })

  test('an expired access-token fails with a message that says what to pass instead', async () => {
    emu.addAccessToken('expired-token')
    emu.expireAccessToken('expired-token')
    const { ws } = tokensWorkspace(2, 'expired')
    const before = emu.requests.length
    const r = await runAction(
      { 'access-token': 'expired-token', 'api-endpoint': emu.baseUrl, 'tokens-file': 'tokens.txt' },
      { ws }
    )
    expect(r.failed).toBe(true)
    expect(r.stdout).toMatch(/::error::Google says `access-token` is not valid: it has expired/)
    expect(r.stdout).toContain('refresh-token')
    // README's Troubleshooting quotes the error as the log gives it.
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    const troubleshooting = readme.slice(readme.indexOf('## Troubleshooting'))
    const quoted = /^\| ``(Google says `access-token` [^`]*)…``/m.exec(troubleshooting)?.[1]
    expect(quoted).toBeDefined()
    expect(r.stdout).toContain(`::error::${quoted ?? ''}`)
    // tokeninfo told it before any Library API call.
    expect(emu.requests.slice(before).map((q) => q.op)).toEqual(['tokeninfo'])
    expect(r.report?.items.every((i) => i.outcome === 'failed')).toBe(true)
  })

  test('a 401 refreshes the token once and the run goes on', async () => {
    const { ws } = tokensWorkspace(60, 'refresh')
    const issued = emu.issuedAccessTokens.length
    emu.inject({
      op: 'batchCreate',
      after: 1,
      fault: {
        type: 'http',
        status: 401,
        apiStatus: 'UNAUTHENTICATED',
        message: 'Request had invalid authentication credentials.'
      }
    })
    const r = await runAction({ ...oauth(), 'tokens-file': 'tokens.txt' }, { ws })
    expect(r.failed).toBe(false)
    expect(r.outputs['created-count']).toBe('60')
    expect(emu.issuedAccessTokens.length - issued).toBe(2)
  })
})

test('dry run: plan and cost in the summary, no call that changes anything', async () => {
  const { ws } = tokensWorkspace(120, 'dry')
  const before = emu.requests.length
  const r = await runAction(
    { ...auth(), 'tokens-file': 'tokens.txt', 'album-title': 'Dry run album', 'dry-run': 'true' },
    { ws }
  )
  const writes = emu.requests
    .slice(before)
    .filter((q) =>
      ['upload', 'upload.start', 'upload.chunk', 'batchCreate', 'albums.create'].includes(q.op)
    )
  expect(writes).toEqual([])
  expect(r.failed).toBe(false)
  expect(r.report?.dryRun).toBe(true)
  expect(r.report?.items.every((i) => i.outcome === 'planned')).toBe(true)
  expect(r.report?.apiCalls.batchCreate).toBe(3)
  expect(r.report?.apiCalls['albums.create']).toBe(1)
  expect(r.summary).toMatch(/dry run/i)
  expect(emu.albums().some((a) => a.title === 'Dry run album')).toBe(false)
})

test('summary: false writes no job summary; results-file puts the report where asked', async () => {
  const { ws } = tokensWorkspace(2, 'quiet')
  const r = await runAction(
    { ...auth(), 'tokens-file': 'tokens.txt', summary: 'false', 'results-file': 'out/report.json' },
    { ws }
  )
  expect(r.failed).toBe(false)
  expect(r.summary).toBe('')
  expect(r.outputs['results-file']).toBe(path.join(ws.workspace, 'out/report.json'))
  expect(r.report?.totals.created).toBe(2)
})

test('an API that fails a bad token item by item (no whole-batch refusal) needs no split', async () => {
  const emu2 = await PhotosEmulator.start({ wholeBatchOnInvalidToken: false })
  try {
    const ws = makeWorkspace()
    const tokens = [emu2.createUploadToken(), 'not-a-token', emu2.createUploadToken()]
    fs.writeFileSync(path.join(ws.workspace, 't.txt'), tokens.join('\n'))
    const r = await runAction(
      { 'access-token': 'test-access-token', 'api-endpoint': emu2.baseUrl, 'tokens-file': 't.txt' },
      { ws }
    )
    expect(emu2.calls('batchCreate')).toHaveLength(1)
    expect(r.report?.items.map((i) => i.outcome)).toEqual(['created', 'failed', 'created'])
    expect(r.report?.items[1]?.status).toEqual({
      code: 3,
      message: 'NOT_FOUND: Failed to find the upload token.'
    })
  } finally {
    await emu2.close()
  }
})
