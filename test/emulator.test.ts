/** The emulator itself, over plain HTTP: the API behaviour the action's tests rely on. */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { makePng } from './helpers/images.js'
import { ALL_SCOPES, PhotosEmulator, SCOPE_APPEND, SCOPE_READ } from './emulator/index.js'
import type { EmulatorConfig } from './emulator/index.js'

const GRANULARITY = 1024
const TOKEN = 'test-access-token'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start({ albumItemLimit: 60, chunkGranularity: GRANULARITY })
})
afterAll(async () => {
  await emu.close()
})

interface Answer {
  status: number
  headers: Headers
  text: string
  // Loose on purpose: each test reads the fields it checks.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

async function call(
  method: string,
  pathAndQuery: string,
  opts: {
    body?: unknown
    headers?: Record<string, string>
    token?: string
    on?: PhotosEmulator
  } = {}
): Promise<Answer> {
  const server = opts.on ?? emu
  const raw = Buffer.isBuffer(opts.body)
  const res = await fetch(`${server.baseUrl}${pathAndQuery}`, {
    method,
    headers: {
      authorization: `Bearer ${opts.token ?? TOKEN}`,
      ...(opts.body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
      ...opts.headers
    },
    ...(opts.body !== undefined
      ? { body: raw ? (opts.body as Buffer) : JSON.stringify(opts.body) }
      : {})
  })
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

const rawUpload = (bytes: Buffer, mimeType = 'image/png', on?: PhotosEmulator) =>
  call('POST', '/v1/uploads', {
    body: bytes,
    ...(on ? { on } : {}),
    headers: {
      'content-type': 'application/octet-stream',
      'x-goog-upload-content-type': mimeType,
      'x-goog-upload-protocol': 'raw'
    }
  })

const batchCreate = (body: unknown, token?: string) =>
  call('POST', '/v1/mediaItems:batchCreate', { body, ...(token ? { token } : {}) })

const items = (tokens: string[]) =>
  tokens.map((uploadToken) => ({ simpleMediaItem: { uploadToken } }))

/** Creates one item per token in the album at the position; returns the new ids in order. */
async function createIn(albumId: string, tokens: string[], albumPosition?: object) {
  const r = await batchCreate({
    albumId,
    newMediaItems: items(tokens),
    ...(albumPosition ? { albumPosition } : {})
  })
  expect(r.status).toBe(200)
  return (r.json.newMediaItemResults as { mediaItem: { id: string } }[]).map((x) => x.mediaItem.id)
}

async function withEmulator<T>(
  config: EmulatorConfig,
  fn: (e: PhotosEmulator) => Promise<T>
): Promise<T> {
  const e = await PhotosEmulator.start(config)
  try {
    return await fn(e)
  } finally {
    await e.close()
  }
}

test('raw upload → batchCreate → batchGet round trip', async () => {
  const png = makePng(12, 7, 1)
  const up = await rawUpload(png)
  expect(up.status).toBe(200)
  expect(up.headers.get('content-type')).toMatch(/^text\/plain/)
  const token = up.text
  expect(emu.uploadedBytes(token)).toEqual(png)
  expect(emu.upload(token)).toMatchObject({
    protocol: 'raw',
    mimeType: 'image/png',
    bytes: png.length
  })

  const album = emu.addAlbum({ title: 'Round trip' })
  const created = await batchCreate({
    albumId: album.id,
    newMediaItems: [
      { description: 'd', simpleMediaItem: { uploadToken: token, fileName: 'x.png' } }
    ]
  })
  expect(created.status).toBe(200)
  const [result] = created.json.newMediaItemResults
  expect(result.uploadToken).toBe(token)
  expect(result.status).toEqual({ message: 'Success' })
  const id: string = result.mediaItem.id
  expect(result.mediaItem).toMatchObject({
    description: 'd',
    filename: 'x.png',
    mimeType: 'image/png',
    productUrl: `https://photos.google.com/lr/photo/${id}`,
    mediaMetadata: { width: '12', height: '7' }
  })
  expect(emu.albumItemIds(album.id)).toEqual([id])
  expect(emu.upload(token)?.usedBy).toBe(id)

  const got = await call('GET', `/v1/mediaItems:batchGet?mediaItemIds=${id}`)
  expect(got.status).toBe(200)
  expect(got.json.mediaItemResults).toEqual([{ mediaItem: result.mediaItem }])
  expect((await call('GET', `/v1/mediaItems/${id}`)).json.id).toBe(id)
  const nope = await call('GET', '/v1/mediaItems/nope')
  expect(nope.status).toBe(400)
  expect(nope.json.error.message).toBe('Request contains an invalid media item id.')

  const request = emu.calls('batchCreate').at(-1)
  expect(request?.status).toBe(200)
  expect(request?.json).toMatchObject({ albumId: album.id })
  expect(request?.endedAt).toBeGreaterThanOrEqual(request?.startedAt ?? Infinity)
})

test('a raw upload without bytes is refused', async () => {
  const r = await rawUpload(Buffer.alloc(0))
  expect(r.status).toBe(400)
  expect(r.json.error.status).toBe('INVALID_ARGUMENT')
})

test('videos are processing; a token for bytes made elsewhere gives that file name', async () => {
  const token = emu.createUploadToken({ mimeType: 'video/mp4', fileName: 'clip.mp4' })
  const r = await batchCreate({ newMediaItems: items([token]) })
  const item = r.json.newMediaItemResults[0].mediaItem
  expect(item).toMatchObject({ mimeType: 'video/mp4', filename: 'clip.mp4' })
  expect(item.mediaMetadata.video).toEqual({ status: 'PROCESSING' })
  expect(item.mediaMetadata.width).toBeUndefined()
})

describe('resumable uploads', () => {
  async function start(size: number, mimeType = 'image/png') {
    const r = await call('POST', '/v1/uploads', {
      headers: {
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-raw-size': String(size),
        'x-goog-upload-content-type': mimeType
      }
    })
    expect(r.status).toBe(200)
    expect(r.headers.get('x-goog-upload-status')).toBe('active')
    expect(r.headers.get('x-goog-upload-chunk-granularity')).toBe(String(GRANULARITY))
    const url = r.headers.get('x-goog-upload-url') ?? ''
    expect(url.startsWith(`${emu.baseUrl}/v1/uploads/session/`)).toBe(true)
    return url
  }

  const send = (url: string, command: string, offset: number, bytes: Buffer) =>
    fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'x-goog-upload-command': command,
        'x-goog-upload-offset': String(offset)
      },
      body: bytes
    })

  const query = (url: string) =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-goog-upload-command': 'query' }
    })

  test('three chunks, a reset in the middle one, a query, and a resume: the bytes arrive whole', async () => {
    const bytes = crypto.randomBytes(5 * GRANULARITY + 100)
    const url = await start(bytes.length)

    const first = await send(url, 'upload', 0, bytes.subarray(0, 2 * GRANULARITY))
    expect(first.status).toBe(200)
    expect(first.headers.get('x-goog-upload-status')).toBe('active')

    emu.inject({ op: 'upload.chunk', fault: { type: 'reset-mid-upload', afterBytes: 1500 } })
    await expect(
      send(url, 'upload', 2 * GRANULARITY, bytes.subarray(2 * GRANULARITY, 4 * GRANULARITY))
    ).rejects.toThrow()
    expect(emu.calls('upload.chunk').at(-1)?.fault).toBe('reset-mid-upload')
    expect(emu.calls('upload.chunk').at(-1)?.status).toBeUndefined()

    // 1500 bytes of the second chunk arrived: the granular part of them counts.
    const q = await query(url)
    expect(q.status).toBe(200)
    expect(q.headers.get('x-goog-upload-status')).toBe('active')
    const received = Number(q.headers.get('x-goog-upload-size-received'))
    expect(received).toBe(3 * GRANULARITY)

    const last = await send(url, 'upload, finalize', received, bytes.subarray(received))
    expect(last.status).toBe(200)
    expect(last.headers.get('x-goog-upload-status')).toBe('final')
    const token = await last.text()
    expect(emu.uploadedBytes(token)?.equals(bytes)).toBe(true)
    expect(emu.upload(token)).toMatchObject({
      protocol: 'resumable',
      bytes: bytes.length,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      queries: 1,
      resumed: true,
      chunks: [
        { offset: 0, length: 2 * GRANULARITY, finalize: false },
        { offset: 2 * GRANULARITY, length: GRANULARITY, finalize: false },
        { offset: 3 * GRANULARITY, length: bytes.length - 3 * GRANULARITY, finalize: true }
      ]
    })
    expect(emu.uploads().some((u) => u.token === token)).toBe(true)

    // A query after the end gives the token again.
    const after = await query(url)
    expect(after.headers.get('x-goog-upload-status')).toBe('final')
    expect(await after.text()).toBe(token)
  })

  test('wrong offsets, partial chunks that do not finalize, and short finalizes are refused', async () => {
    const bytes = crypto.randomBytes(3 * GRANULARITY)
    const url = await start(bytes.length)
    expect((await send(url, 'upload', 5, bytes.subarray(0, GRANULARITY))).status).toBe(400)
    expect((await send(url, 'upload', 0, bytes.subarray(0, 1000))).status).toBe(400)
    expect((await send(url, 'upload', 0, bytes.subarray(0, GRANULARITY))).status).toBe(200)
    const short = await send(
      url,
      'upload, finalize',
      GRANULARITY,
      bytes.subarray(GRANULARITY, 2000)
    )
    expect(short.status).toBe(400)
    // Nothing of the refused chunks was kept.
    expect((await query(url)).headers.get('x-goog-upload-size-received')).toBe(String(GRANULARITY))
    const done = await send(url, 'upload, finalize', GRANULARITY, bytes.subarray(GRANULARITY))
    expect(done.status).toBe(200)
    // A chunk at an offset > 0 after a query counts as a resume.
    expect(emu.upload(await done.text())).toMatchObject({ queries: 1, resumed: true })
    expect((await send(url, 'upload', bytes.length, Buffer.alloc(GRANULARITY))).status).toBe(400)
  })

  test('one finalizing chunk, with no query, is not a resume', async () => {
    const bytes = crypto.randomBytes(GRANULARITY + 1)
    const done = await send(await start(bytes.length), 'upload, finalize', 0, bytes)
    expect(emu.upload(await done.text())).toMatchObject({ queries: 0, resumed: false })
  })

  test('a start without a size, and an unknown session, are refused', async () => {
    const r = await call('POST', '/v1/uploads', {
      headers: { 'x-goog-upload-protocol': 'resumable', 'x-goog-upload-command': 'start' }
    })
    expect(r.status).toBe(400)
    expect((await query(`${emu.baseUrl}/v1/uploads/session/nope`)).status).toBe(404)
  })
})

describe('album positions', () => {
  test('FIRST, AFTER_MEDIA_ITEM, AFTER_ENRICHMENT_ITEM and LAST keep each call in order', async () => {
    const album = emu.addAlbum({ title: 'Positions' })
    const tok = () => emu.createUploadToken()
    const [a, b] = await createIn(album.id, [tok(), tok()])
    const enrichment = emu.addEnrichment(album.id, 0)
    const [f1, f2] = await createIn(album.id, [tok(), tok()], { position: 'FIRST_IN_ALBUM' })
    const [m1, m2] = await createIn(album.id, [tok(), tok()], {
      position: 'AFTER_MEDIA_ITEM',
      relativeMediaItemId: b
    })
    const [e1, e2] = await createIn(album.id, [tok(), tok()], {
      position: 'AFTER_ENRICHMENT_ITEM',
      relativeEnrichmentItemId: enrichment
    })
    const [l1] = await createIn(album.id, [tok()], { position: 'LAST_IN_ALBUM' })
    expect(emu.albumEntries(album.id)).toEqual(
      [f1, f2, a, enrichment, e1, e2, b, m1, m2, l1].map((id) => ({
        kind: id === enrichment ? 'enrichment' : 'media',
        id
      }))
    )
    expect(emu.albumItemIds(album.id)).toEqual([f1, f2, a, e1, e2, b, m1, m2, l1])

    const search = await call('POST', '/v1/mediaItems:search', {
      body: { albumId: album.id, pageSize: 4 }
    })
    expect(search.json.mediaItems.map((m: { id: string }) => m.id)).toEqual([f1, f2, a, e1])
    const next = await call('POST', '/v1/mediaItems:search', {
      body: { albumId: album.id, pageSize: 100, pageToken: search.json.nextPageToken }
    })
    expect(next.json.mediaItems.map((m: { id: string }) => m.id)).toEqual([e2, b, m1, m2, l1])
    expect(next.json.nextPageToken).toBeUndefined()
  })

  test('a relative item that is not in the album is refused, with no change', async () => {
    const album = emu.addAlbum({ title: 'Relative' })
    const other = emu.addMediaItem({ fileName: 'elsewhere.jpg' })
    const before = emu.mediaItems().length
    for (const albumPosition of [
      { position: 'AFTER_MEDIA_ITEM', relativeMediaItemId: other.id },
      { position: 'AFTER_ENRICHMENT_ITEM', relativeEnrichmentItemId: 'nope' },
      { position: 'SOMEWHERE' }
    ]) {
      const r = await batchCreate({
        albumId: album.id,
        albumPosition,
        newMediaItems: items([emu.createUploadToken()])
      })
      expect(r.status).toBe(400)
    }
    expect(emu.mediaItems()).toHaveLength(before)
  })
})

describe('batchCreate rules', () => {
  test('0 or more than 50 items, and a position without an album, are refused', async () => {
    const tokens = Array.from({ length: 51 }, () => emu.createUploadToken())
    expect((await batchCreate({ newMediaItems: [] })).status).toBe(400)
    expect((await batchCreate({ newMediaItems: items(tokens) })).status).toBe(400)
    expect((await batchCreate({ newMediaItems: items(tokens.slice(0, 50)) })).status).toBe(200)
    const r = await batchCreate({
      newMediaItems: items([emu.createUploadToken()]),
      albumPosition: { position: 'FIRST_IN_ALBUM' }
    })
    expect(r.status).toBe(400)
    expect(r.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
    expect(r.json.error.message).toMatch(/album id/i)
  })

  test("an unknown album is 400, and so is an album of another client, in Google's words", async () => {
    const unknown = await batchCreate({
      albumId: 'nope',
      newMediaItems: items([emu.createUploadToken()])
    })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.message).toBe('Invalid album id.')
    const theirs = emu.addAlbum({ title: 't', appCreated: false })
    const r = await batchCreate({
      albumId: theirs.id,
      newMediaItems: items([emu.createUploadToken()])
    })
    expect(r.status).toBe(400)
    expect(r.json.error).toEqual({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: 'No permission to add media items to this album.'
    })
  })

  test('the album item limit refuses the whole call, with no change', async () => {
    const album = emu.addAlbum({ title: 'Full' })
    for (let i = 0; i < 59; i++) emu.addMediaItem({ fileName: `f${i}`, albumId: album.id })
    const before = emu.mediaItems().length
    const r = await batchCreate({
      albumId: album.id,
      newMediaItems: items([emu.createUploadToken(), emu.createUploadToken()])
    })
    expect(r.status).toBe(400)
    expect(r.json.error.message).toContain('20000')
    expect(emu.mediaItems()).toHaveLength(before)
    expect(emu.albumItemIds(album.id)).toHaveLength(59)
    // One more still fits.
    expect(await createIn(album.id, [emu.createUploadToken()])).toHaveLength(1)
  })

  test('identical bytes and a reused token give back the same media item, once in the album', async () => {
    const album = emu.addAlbum({ title: 'Dedup' })
    const bytes = makePng(3, 3, 99)
    const first = emu.createUploadToken({ bytes })
    const [a] = await createIn(album.id, [first])
    const [b, c] = await createIn(album.id, [emu.createUploadToken({ bytes }), first])
    expect(b).toBe(a)
    expect(c).toBe(a)
    expect(emu.albumItemIds(album.id)).toEqual([a])
    expect(emu.mediaItem(a ?? '')?.createCount).toBe(3)
    // Two tokens for the same new bytes in one call: one item.
    const fresh = crypto.randomBytes(64)
    const [d, e] = await createIn(album.id, [
      emu.createUploadToken({ bytes: fresh }),
      emu.createUploadToken({ bytes: fresh })
    ])
    expect(d).toBe(e)
    expect(emu.albumItemIds(album.id)).toEqual([a, d])
  })

  test('reusedUploadToken refuses-request: a used token refuses the call whole, like an invalid one', async () => {
    await withEmulator({ reusedUploadToken: 'refuses-request' }, async (e) => {
      const album = e.addAlbum({ title: 'Reuse refused' })
      const used = e.createUploadToken()
      const first = await call('POST', '/v1/mediaItems:batchCreate', {
        on: e,
        body: { albumId: album.id, newMediaItems: items([used]) }
      })
      expect(first.status).toBe(200)
      const made = first.json.newMediaItemResults[0].mediaItem.id as string
      const fresh = e.createUploadToken()
      const again = await call('POST', '/v1/mediaItems:batchCreate', {
        on: e,
        body: { albumId: album.id, newMediaItems: items([fresh, used]) }
      })
      expect(again.status).toBe(400)
      expect(again.json.error).toEqual({
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: 'Request must contain a valid upload token.'
      })
      // Nothing changed: the fresh token is still unused, the album holds the first item only.
      expect(e.upload(fresh)?.usedBy).toBeUndefined()
      expect(e.albumItemIds(album.id)).toEqual([made])
      expect(e.mediaItem(made)?.createCount).toBe(1)
      // Identical bytes under a fresh token still give back the same item.
      const sameBytes = e.createUploadToken({ bytes: e.uploadedBytes(used) ?? Buffer.alloc(0) })
      const dedup = await call('POST', '/v1/mediaItems:batchCreate', {
        on: e,
        body: { albumId: album.id, newMediaItems: items([sameBytes]) }
      })
      expect(dedup.json.newMediaItemResults[0].mediaItem.id).toBe(made)
    })
  })

  test('setReusedUploadToken switches the behaviour for the calls that follow', async () => {
    await withEmulator({}, async (e) => {
      const token = e.createUploadToken()
      const send = () =>
        call('POST', '/v1/mediaItems:batchCreate', {
          on: e,
          body: { newMediaItems: items([token]) }
        })
      const made = (await send()).json.newMediaItemResults[0].mediaItem.id as string
      const given = await send()
      expect(given.status).toBe(200)
      expect(given.json.newMediaItemResults[0].mediaItem.id).toBe(made)
      e.setReusedUploadToken('refuses-request')
      const refused = await send()
      expect(refused.status).toBe(400)
      expect(refused.json.error.message).toBe('Request must contain a valid upload token.')
      e.setReusedUploadToken('gives-item')
      expect((await send()).json.newMediaItemResults[0].mediaItem.id).toBe(made)
      expect(e.mediaItems()).toHaveLength(1)
    })
  })

  test('an invalid or expired token refuses the whole call, with no change', async () => {
    const album = emu.addAlbum({ title: 'Invalid' })
    const good = emu.createUploadToken()
    const expired = emu.createUploadToken()
    emu.expireUploadToken(expired)
    for (const bad of ['bogus', expired, emu.createUploadToken({ expired: true })]) {
      const before = emu.mediaItems().length
      const r = await batchCreate({ albumId: album.id, newMediaItems: items([good, bad]) })
      expect(r.status).toBe(400)
      expect(r.json.error).toEqual({
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: 'Request must contain a valid upload token.'
      })
      expect(emu.mediaItems()).toHaveLength(before)
    }
    expect(emu.albumItemIds(album.id)).toEqual([])
    expect(emu.upload(good)?.usedBy).toBeUndefined()
    expect(emu.upload(expired)?.expired).toBe(true)
  })

  test('with wholeBatchOnInvalidToken false, only the bad item fails', async () => {
    await withEmulator({ wholeBatchOnInvalidToken: false }, async (e) => {
      const r = await call('POST', '/v1/mediaItems:batchCreate', {
        on: e,
        body: { newMediaItems: items(['bogus', e.createUploadToken()]) }
      })
      expect(r.status).toBe(200)
      expect(r.json.newMediaItemResults[0]).toEqual({
        uploadToken: 'bogus',
        status: { code: 3, message: 'NOT_FOUND: Failed to find the upload token.' }
      })
      expect(r.json.newMediaItemResults[1].status).toEqual({ message: 'Success' })
      expect(e.mediaItems()).toHaveLength(1)
    })
  })

  test('per-item failures: long descriptions and file names, and failItemsWhere', async () => {
    const album = emu.addAlbum({ title: 'Per item' })
    emu.failItemsWhere((item) =>
      item.fileName?.startsWith('bad')
        ? {
            code: 3,
            message: 'BAD_IMAGE: There was an error while trying to create this media item.'
          }
        : item.fileName === 'flaky.jpg'
          ? { code: 13, message: 'INTERNAL: Internal error.' }
          : undefined
    )
    try {
      const entry = (fileName: string, description?: string) => ({
        ...(description !== undefined ? { description } : {}),
        simpleMediaItem: { uploadToken: emu.createUploadToken(), fileName }
      })
      const r = await batchCreate({
        albumId: album.id,
        newMediaItems: [
          entry('a.jpg', 'd'.repeat(1000)),
          entry('n'.repeat(256)),
          entry('bad.jpg'),
          entry('flaky.jpg'),
          entry('ok.jpg', 'd'.repeat(999)),
          entry('n'.repeat(255))
        ]
      })
      expect(r.status).toBe(200)
      const results = r.json.newMediaItemResults as {
        status: { code?: number; message: string }
        mediaItem?: { id: string }
      }[]
      expect(results.map((x) => x.status.code)).toEqual([3, 3, 3, 13, undefined, undefined])
      expect(results[2]?.status.message).toMatch(/^BAD_IMAGE/)
      expect(results.map((x) => x.mediaItem !== undefined)).toEqual([
        false,
        false,
        false,
        false,
        true,
        true
      ])
      expect(emu.albumItemIds(album.id)).toEqual([
        results[4]?.mediaItem?.id,
        results[5]?.mediaItem?.id
      ])
    } finally {
      emu.failItemsWhere(() => undefined)
    }
  })
})

test('batchGet: 1 to 50 ids, no repeats; an unknown or foreign id refuses the whole call', async () => {
  const id = emu.addMediaItem({ fileName: 'g.jpg' }).id
  const foreign = emu.addMediaItem({ fileName: 'theirs.jpg', appCreated: false }).id
  const get = (q: string) => call('GET', `/v1/mediaItems:batchGet?${q}`)
  expect((await get('')).status).toBe(400)
  const repeated = await get(`mediaItemIds=${id}&mediaItemIds=${id}`)
  expect(repeated.status).toBe(400)
  expect(repeated.json.error.status).toBe('INVALID_ARGUMENT')
  expect(
    (await get(Array.from({ length: 51 }, (_, i) => `mediaItemIds=x${i}`).join('&'))).status
  ).toBe(400)
  for (const bad of ['unknown', foreign]) {
    const refused = await get(`mediaItemIds=${id}&mediaItemIds=${bad}`)
    expect(refused.status).toBe(400)
    expect(refused.json.error).toEqual({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: 'Request contains an invalid media item id.'
    })
  }
  const ok = await get(`mediaItemIds=${id}`)
  expect(ok.status).toBe(200)
  expect(ok.json.mediaItemResults[0].mediaItem.id).toBe(id)
})

describe('albums', () => {
  test('albums.list pages through app-created albums only', async () => {
    await withEmulator({}, async (e) => {
      for (let i = 0; i < 7; i++) e.addAlbum({ title: `page ${i}` })
      e.addAlbum({ title: 'hidden', appCreated: false })
      const titles: string[] = []
      const pages: number[] = []
      let pageToken = ''
      do {
        const page = await call(
          'GET',
          `/v1/albums?pageSize=3${pageToken ? `&pageToken=${pageToken}` : ''}`,
          {
            on: e
          }
        )
        expect(page.status).toBe(200)
        titles.push(...page.json.albums.map((a: { title: string }) => a.title))
        pages.push(page.json.albums.length)
        pageToken = page.json.nextPageToken ?? ''
      } while (pageToken)
      expect(pages).toEqual([3, 3, 1])
      expect(titles).toEqual(Array.from({ length: 7 }, (_, i) => `page ${i}`))
      expect((await call('GET', '/v1/albums?pageSize=51', { on: e })).status).toBe(400)
      expect((await call('GET', '/v1/albums?pageToken=garbage', { on: e })).status).toBe(400)
      expect((await call('GET', '/v1/albums', { on: e })).json.albums).toHaveLength(7)
    })
  })

  test('albums.create and albums.get', async () => {
    const r = await call('POST', '/v1/albums', { body: { album: { title: 'New album' } } })
    expect(r.status).toBe(200)
    expect(r.json).toEqual({
      id: r.json.id,
      title: 'New album',
      productUrl: `https://photos.google.com/lr/album/${r.json.id}`,
      isWriteable: true,
      mediaItemsCount: '0'
    })
    await createIn(r.json.id, [emu.createUploadToken()])
    const got = await call('GET', `/v1/albums/${r.json.id}`)
    expect(got.json).toMatchObject({ title: 'New album', mediaItemsCount: '1' })
    expect((await call('POST', '/v1/albums', { body: { album: { title: '' } } })).status).toBe(400)
    expect(
      (await call('POST', '/v1/albums', { body: { album: { title: 't'.repeat(501) } } })).status
    ).toBe(400)
    expect(
      (await call('POST', '/v1/albums', { body: { album: { title: 't'.repeat(500) } } })).status
    ).toBe(200)
    const theirs = emu.addAlbum({ title: 'theirs', appCreated: false })
    expect((await call('GET', `/v1/albums/${theirs.id}`)).status).toBe(404)
    expect((await call('GET', '/v1/albums/nope')).json.error.status).toBe('NOT_FOUND')
  })

  test('search needs an app-created album and a page size up to 100', async () => {
    const theirs = emu.addAlbum({ title: 'theirs', appCreated: false })
    const mine = emu.addAlbum({ title: 'empty' })
    const search = (body: object) => call('POST', '/v1/mediaItems:search', { body })
    expect((await search({ albumId: theirs.id })).status).toBe(400)
    expect((await search({ albumId: mine.id, pageSize: 101 })).status).toBe(400)
    const empty = await search({ albumId: mine.id })
    expect(empty.status).toBe(200)
    expect(empty.json.mediaItems ?? []).toEqual([])
  })
})

describe('auth', () => {
  test('no, unknown and expired tokens get 401', async () => {
    const body = { newMediaItems: items([emu.createUploadToken()]) }
    const noHeader = await fetch(`${emu.baseUrl}/v1/albums`)
    expect(noHeader.status).toBe(401)
    const unknown = await batchCreate(body, 'nope')
    expect(unknown.status).toBe(401)
    expect(unknown.json.error).toEqual({
      code: 401,
      status: 'UNAUTHENTICATED',
      message:
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
    })
    emu.addAccessToken('short-lived')
    expect((await call('GET', '/v1/albums', { token: 'short-lived' })).status).toBe(200)
    emu.expireAccessToken('short-lived')
    expect((await batchCreate(body, 'short-lived')).status).toBe(401)
    expect(
      emu
        .mediaItems()
        .some((m) => m.uploadToken === body.newMediaItems[0]?.simpleMediaItem.uploadToken)
    ).toBe(false)
  })

  test('403 without the scope: read-only cannot write, append-only cannot read', async () => {
    emu.addAccessToken('reader', [SCOPE_READ])
    emu.addAccessToken('appender', [SCOPE_APPEND])
    const denied = {
      code: 403,
      status: 'PERMISSION_DENIED',
      message: 'Request had insufficient authentication scopes.'
    }
    const write = await batchCreate({ newMediaItems: items([emu.createUploadToken()]) }, 'reader')
    expect(write.status).toBe(403)
    expect(write.json.error).toEqual(denied)
    expect(
      (await call('POST', '/v1/albums', { token: 'reader', body: { album: { title: 'x' } } }))
        .status
    ).toBe(403)
    expect((await call('GET', '/v1/albums', { token: 'reader' })).status).toBe(200)
    const read = await call('GET', '/v1/albums', { token: 'appender' })
    expect(read.status).toBe(403)
    expect(read.json.error).toEqual(denied)
    expect(
      (await call('GET', '/v1/mediaItems:batchGet?mediaItemIds=x', { token: 'appender' })).status
    ).toBe(403)
    expect(
      (await batchCreate({ newMediaItems: items([emu.createUploadToken()]) }, 'appender')).status
    ).toBe(200)
  })

  describe('token endpoint', () => {
    const good = {
      grant_type: 'refresh_token',
      client_id: 'test-client-id',
      client_secret: 'test-client-secret',
      refresh_token: 'test-refresh-token'
    }
    const post = (form: Record<string, string>, on: PhotosEmulator = emu, headers = {}) =>
      fetch(on.tokenEndpoint, { method: 'POST', body: new URLSearchParams(form), headers }).then(
        async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> })
      )

    test('a refresh grant gives a working access token with the client scopes', async () => {
      const ok = await post(good)
      expect(ok.status).toBe(200)
      expect(ok.json).toMatchObject({
        expires_in: 3600,
        token_type: 'Bearer',
        scope: ALL_SCOPES.join(' ')
      })
      const accessToken = String(ok.json.access_token)
      expect(emu.issuedAccessTokens.at(-1)).toBe(accessToken)
      expect((await call('GET', '/v1/albums', { token: accessToken })).status).toBe(200)

      // HTTP Basic client authentication works too.
      const basic = Buffer.from('test-client-id:test-client-secret').toString('base64')
      const viaBasic = await post(
        { grant_type: 'refresh_token', refresh_token: 'test-refresh-token' },
        emu,
        {
          authorization: `Basic ${basic}`
        }
      )
      expect(viaBasic.status).toBe(200)
    })

    test('wrong client, unknown or revoked refresh token', async () => {
      const client = await post({ ...good, client_secret: 'wrong' })
      expect(client).toEqual({
        status: 401,
        json: { error: 'invalid_client', error_description: 'The OAuth client was not found.' }
      })
      const grant = await post({ ...good, refresh_token: 'other' })
      expect(grant).toEqual({
        status: 400,
        json: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }
      })
      await withEmulator({}, async (e) => {
        expect((await post(good, e)).status).toBe(200)
        e.revokeRefreshToken('test-refresh-token')
        expect((await post(good, e)).json.error).toBe('invalid_grant')
      })
    })

    test('refreshed tokens stop working after their lifetime; client scopes are kept', async () => {
      await withEmulator(
        {
          accessTokenLifetimeSec: 0,
          oauthClients: [
            { clientId: 'c', clientSecret: 's', refreshToken: 'r', scopes: [SCOPE_READ] }
          ]
        },
        async (e) => {
          const form = {
            grant_type: 'refresh_token',
            client_id: 'c',
            client_secret: 's',
            refresh_token: 'r'
          }
          const r = await post(form, e)
          expect(r.json).toMatchObject({ expires_in: 0, scope: SCOPE_READ })
          expect(
            (await call('GET', '/v1/albums', { on: e, token: String(r.json.access_token) })).status
          ).toBe(401)
        }
      )
      await withEmulator(
        {
          oauthClients: [
            { clientId: 'c', clientSecret: 's', refreshToken: 'r', scopes: [SCOPE_READ] }
          ]
        },
        async (e) => {
          const form = {
            grant_type: 'refresh_token',
            client_id: 'c',
            client_secret: 's',
            refresh_token: 'r'
          }
          const token = String((await post(form, e)).json.access_token)
          expect((await call('GET', '/v1/albums', { on: e, token })).status).toBe(200)
          expect(
            (await call('POST', '/v1/albums', { on: e, token, body: { album: { title: 't' } } }))
              .status
          ).toBe(403)
        }
      )
    })
  })

  describe('consent page and code grant', () => {
    const verifier = 'v'.repeat(50)
    const challenge = crypto.createHash('sha256').update(verifier).digest('base64url')
    const consent = (params: Record<string, string>) =>
      fetch(`${emu.authorizationEndpoint}?${new URLSearchParams(params).toString()}`, {
        redirect: 'manual'
      }).then(async (r) => ({
        status: r.status,
        location: new URL(r.headers.get('location') ?? 'http://none/'),
        text: await r.text()
      }))
    const ask = {
      client_id: 'test-client-id',
      redirect_uri: 'http://127.0.0.1:5555',
      response_type: 'code',
      scope: `${SCOPE_APPEND} ${SCOPE_READ}`,
      access_type: 'offline',
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256'
    }
    const exchange = (code: string, extra: Record<string, string> = {}) =>
      fetch(emu.tokenEndpoint, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'test-client-id',
          client_secret: 'test-client-secret',
          redirect_uri: ask.redirect_uri,
          code,
          code_verifier: verifier,
          ...extra
        })
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, string> }))

    test('a code for the loopback redirect gives a refresh token with the scopes asked, once', async () => {
      const page = await consent(ask)
      expect(page.status).toBe(302)
      expect(page.location.origin).toBe('http://127.0.0.1:5555')
      expect(page.location.searchParams.get('state')).toBe('st')
      const code = page.location.searchParams.get('code') ?? ''
      const wrongVerifier = await exchange(code, { code_verifier: 'w'.repeat(50) })
      expect(wrongVerifier).toEqual({
        status: 400,
        json: { error: 'invalid_grant', error_description: 'Invalid code verifier.' }
      })
      const ok = await exchange(code)
      expect(ok.status).toBe(200)
      expect(ok.json.scope).toBe(`${SCOPE_APPEND} ${SCOPE_READ}`)
      expect(ok.json.refresh_token).toMatch(/^1\/\/0g/)
      expect((await exchange(code)).json.error).toBe('invalid_grant')
      // The new refresh token works like any other; the old one still does too.
      const refreshed = await fetch(emu.tokenEndpoint, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: 'test-client-id',
          client_secret: 'test-client-secret',
          refresh_token: ok.json.refresh_token ?? ''
        })
      }).then((r) => r.json() as Promise<Record<string, string>>)
      expect(refreshed.scope).toBe(`${SCOPE_APPEND} ${SCOPE_READ}`)
    })

    test('unknown client and a redirect that is not loopback get an error page; refusal redirects', async () => {
      const unknown = await consent({ ...ask, client_id: 'nobody' })
      expect(unknown.status).toBe(400)
      expect(unknown.text).toContain('invalid_client')
      const web = await consent({ ...ask, redirect_uri: 'https://example.com/cb' })
      expect(web.status).toBe(400)
      expect(web.text).toContain('redirect_uri_mismatch')
      const scope = await consent({ ...ask, scope: 'https://www.googleapis.com/auth/drive' })
      expect(scope.location.searchParams.get('error')).toBe('invalid_scope')
      emu.refuseConsent()
      try {
        const refused = await consent(ask)
        expect(refused.status).toBe(302)
        expect(refused.location.searchParams.get('error')).toBe('access_denied')
        expect(refused.location.searchParams.get('code')).toBeNull()
      } finally {
        emu.refuseConsent(false)
      }
    })
  })
})

describe('what happens after creation', () => {
  test('videos finish processing after the reads set; deleted items are gone from reads and albums', async () => {
    await withEmulator({}, async (e) => {
      e.setVideoProcessing({
        reads: 1,
        outcome: (name) => (name === 'bad.mp4' ? 'FAILED' : 'READY')
      })
      const album = e.addAlbum({ title: 'After' })
      const tokens = ['good.mp4', 'bad.mp4', 'photo.jpg'].map((fileName) =>
        e.createUploadToken({
          fileName,
          mimeType: fileName.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg'
        })
      )
      const created: string[] = []
      e.onMediaItemCreated((item) => created.push(item.filename))
      const res = await call('POST', '/v1/mediaItems:batchCreate', {
        on: e,
        body: { albumId: album.id, newMediaItems: items(tokens) }
      })
      expect(created).toEqual(['good.mp4', 'bad.mp4', 'photo.jpg'])
      const ids = (res.json.newMediaItemResults as { mediaItem: { id: string } }[]).map(
        (r) => r.mediaItem.id
      )
      const get = () =>
        call('GET', `/v1/mediaItems:batchGet?${ids.map((id) => `mediaItemIds=${id}`).join('&')}`, {
          on: e
        })
      const status = (r: Answer) =>
        (
          r.json.mediaItemResults as {
            mediaItem?: { mediaMetadata: { video?: { status: string } } }
          }[]
        ).map((x) => x.mediaItem?.mediaMetadata.video?.status)
      expect(status(await get())).toEqual(['PROCESSING', 'PROCESSING', undefined])
      expect(status(await get())).toEqual(['READY', 'FAILED', undefined])

      e.deleteMediaItem(ids[2] ?? '')
      // One id that is no longer there refuses the whole call, as Google does.
      const after = await get()
      expect(after.status).toBe(400)
      expect(after.json.error).toMatchObject({
        message: 'Request contains an invalid media item id.'
      })
      expect(e.albumItemIds(album.id)).toEqual(ids.slice(0, 2))
    })
  })
})

describe("Google's answers, in Google's words", () => {
  const quotaText = async (quota?: 'per-minute' | 'per-minute-legacy' | 'concurrent' | 'daily') => {
    emu.inject({ op: 'batchCreate', fault: { type: '429', ...(quota ? { quota } : {}) } })
    const r = await call('POST', '/v1/mediaItems:batchCreate', {
      body: { newMediaItems: items([emu.createUploadToken()]) }
    })
    expect(r.status).toBe(429)
    expect(r.json.error.status).toBe('RESOURCE_EXHAUSTED')
    return r.json.error.message as string
  }

  test('429 per minute (now and in older projects), for concurrent writes, and per day', async () => {
    expect(await quotaText('per-minute')).toBe(
      "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'."
    )
    expect(await quotaText()).toBe(await quotaText('per-minute'))
    expect(await quotaText('per-minute-legacy')).toContain("limit 'WritesPerMinutePerUser'")
    expect(await quotaText('concurrent')).toBe(
      "Quota exceeded for quota 'concurrent write request' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'."
    )
    expect(await quotaText('daily')).toContain("limit 'All requests per day'")
  })

  test('storage full: batchCreate refused whole, with no change, until there is room', async () => {
    await withEmulator({ storageLimitBytes: 200 }, async (e) => {
      const send = (bytes: number) =>
        call('POST', '/v1/mediaItems:batchCreate', {
          on: e,
          body: {
            newMediaItems: items([e.createUploadToken({ bytes: crypto.randomBytes(bytes) })])
          }
        })
      expect((await send(150)).status).toBe(200)
      const full = await send(100)
      expect(full.status).toBe(400)
      expect(full.json.error).toEqual({
        code: 400,
        status: 'INVALID_ARGUMENT',
        message:
          "The remaining storage in the user's account is not enough to perform this operation."
      })
      expect(e.mediaItems()).toHaveLength(1)
      expect((await send(50)).status).toBe(200)
    })
  })

  test('a file over the size limit: 413 on a raw upload and on a resumable start', async () => {
    await withEmulator({ maxUploadBytes: 100 }, async (e) => {
      const raw = await rawUpload(crypto.randomBytes(101), 'image/png', e)
      expect(raw.status).toBe(413)
      expect(raw.json.error.message).toBe('The request exceeded the max file size limit of 20 GB.')
      const start = await call('POST', '/v1/uploads', {
        on: e,
        headers: {
          'x-goog-upload-protocol': 'resumable',
          'x-goog-upload-command': 'start',
          'x-goog-upload-raw-size': '101',
          'x-goog-upload-content-type': 'video/mp4'
        }
      })
      expect(start.status).toBe(413)
      expect(e.uploads()).toHaveLength(0)
      expect((await rawUpload(crypto.randomBytes(100), 'image/png', e)).status).toBe(200)
    })
  })

  test('tokeninfo names the scopes of a good token and calls a bad one invalid_token', async () => {
    await withEmulator({}, async (e) => {
      e.addAccessToken('appender', [SCOPE_APPEND])
      const info = async (token: string, method: 'GET' | 'POST') => {
        const res =
          method === 'GET'
            ? await fetch(`${e.tokenInfoEndpoint}?access_token=${token}`)
            : await fetch(e.tokenInfoEndpoint, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: `access_token=${token}`
              })
        return { status: res.status, json: (await res.json()) as Record<string, unknown> }
      }
      expect(await info('appender', 'GET')).toMatchObject({
        status: 200,
        json: { scope: SCOPE_APPEND, expires_in: '3600' }
      })
      expect((await info(TOKEN, 'POST')).json.scope).toBe(ALL_SCOPES.join(' '))
      e.expireAccessToken('appender')
      for (const bad of ['appender', 'nope']) {
        expect(await info(bad, 'POST')).toEqual({
          status: 400,
          json: { error: 'invalid_token', error_description: 'Invalid Value' }
        })
      }
      // Asking costs no Library API call.
      expect(e.requests.every((r) => r.op === 'tokeninfo')).toBe(true)
    })
  })
})

describe('faults', () => {
  test('http: the given status and message, without doing the work', async () => {
    emu.inject({
      op: 'albums.create',
      fault: { type: 'http', status: 503, message: 'Try later.', retryAfter: 2 }
    })
    const before = emu.albums().length
    const r = await call('POST', '/v1/albums', { body: { album: { title: 'faulted' } } })
    expect(r.status).toBe(503)
    expect(r.headers.get('retry-after')).toBe('2')
    expect(r.json.error).toEqual({ code: 503, message: 'Try later.', status: 'UNAVAILABLE' })
    expect(emu.albums()).toHaveLength(before)
    expect(emu.calls('albums.create').at(-1)).toMatchObject({ fault: 'http', status: 503 })
    // It fired once: the next call works.
    expect((await call('POST', '/v1/albums', { body: { album: { title: 'fine' } } })).status).toBe(
      200
    )
  })

  test('429: per minute by default, per day with daily; Retry-After only when given', async () => {
    emu.inject({ op: 'batchGet', fault: { type: '429' } })
    emu.inject({ op: 'batchGet', fault: { type: '429', daily: true, retryAfter: 30 } })
    const perMinute = await call('GET', '/v1/mediaItems:batchGet?mediaItemIds=x')
    expect(perMinute.status).toBe(429)
    expect(perMinute.headers.get('retry-after')).toBeNull()
    expect(perMinute.json.error.status).toBe('RESOURCE_EXHAUSTED')
    expect(perMinute.json.error.message).toContain("'Write requests per minute per user'")
    const daily = await call('GET', '/v1/mediaItems:batchGet?mediaItemIds=x')
    expect(daily.status).toBe(429)
    expect(daily.headers.get('retry-after')).toBe('30')
    expect(daily.json.error.message).toBe(
      "Quota exceeded for quota metric 'All requests' and limit 'All requests per day' of service 'photoslibrary.googleapis.com' for consumer 'project_number:1'."
    )
  })

  test('insufficient-scopes: 403 even with a good token', async () => {
    emu.inject({ op: 'search', fault: { type: 'insufficient-scopes' } })
    const r = await call('POST', '/v1/mediaItems:search', { body: {} })
    expect(r.status).toBe(403)
    expect(r.json.error.message).toBe('Request had insufficient authentication scopes.')
  })

  test('reset: no answer and no work', async () => {
    emu.inject({ op: 'albums.create', fault: { type: 'reset' } })
    const before = emu.albums().length
    await expect(
      call('POST', '/v1/albums', { body: { album: { title: 'reset' } } })
    ).rejects.toThrow()
    expect(emu.albums()).toHaveLength(before)
    expect(emu.calls('albums.create').at(-1)?.fault).toBe('reset')
    expect(emu.calls('albums.create').at(-1)?.status).toBeUndefined()
  })

  test('reset-mid-upload on a raw upload: half the body read, no token', async () => {
    emu.inject({ op: 'upload', fault: { type: 'reset-mid-upload' } })
    const before = emu.uploads().length
    await expect(rawUpload(crypto.randomBytes(64 * 1024))).rejects.toThrow()
    expect(emu.uploads()).toHaveLength(before)
    const rec = emu.calls('upload').at(-1)
    expect(rec?.fault).toBe('reset-mid-upload')
    expect(rec?.status).toBeUndefined()
    expect(rec?.bodyBytes).toBeLessThanOrEqual(32 * 1024)
  })

  test('latency: a delay, then the normal answer', async () => {
    emu.inject({ op: 'albums.list', fault: { type: 'latency', ms: 150 } })
    const started = performance.now()
    const r = await call('GET', '/v1/albums')
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(r.status).toBe(200)
    const rec = emu.calls('albums.list').at(-1)
    expect(rec?.fault).toBe('latency')
    expect((rec?.endedAt ?? 0) - (rec?.startedAt ?? 0)).toBeGreaterThanOrEqual(140)
  })

  test('lost-answer on batchCreate: the items exist and are in the album, but no answer', async () => {
    const album = emu.addAlbum({ title: 'Lost' })
    const tokens = [emu.createUploadToken(), emu.createUploadToken()]
    emu.inject({ op: 'batchCreate', fault: { type: 'lost-answer' } })
    await expect(
      batchCreate({
        albumId: album.id,
        newMediaItems: items(tokens),
        albumPosition: { position: 'LAST_IN_ALBUM' }
      })
    ).rejects.toThrow()
    const ids = tokens.map((t) => emu.upload(t)?.usedBy)
    expect(ids.every((id) => id !== undefined)).toBe(true)
    expect(emu.albumItemIds(album.id)).toEqual(ids)
    expect(emu.calls('batchCreate').at(-1)?.status).toBeUndefined()
    // Sending the same tokens again gives back the same items, not new ones.
    expect(await createIn(album.id, tokens)).toEqual(ids)
    expect(emu.albumItemIds(album.id)).toEqual(ids)
  })

  test('lost-answer-5xx: the work is done, the answer is a 5xx', async () => {
    emu.inject({ op: 'albums.create', fault: { type: 'lost-answer-5xx' } })
    emu.inject({ op: 'albums.create', fault: { type: 'lost-answer-5xx', status: 502 } })
    const title = `Lost 5xx ${Date.now()}`
    const first = await call('POST', '/v1/albums', { body: { album: { title } } })
    expect(first.status).toBe(500)
    expect(first.json.error.status).toBe('INTERNAL')
    expect((await call('POST', '/v1/albums', { body: { album: { title } } })).status).toBe(502)
    expect(emu.albums().filter((a) => a.title === title)).toHaveLength(2)
  })

  test('faults come before auth; after, times and op lists; the first rule that fires wins', async () => {
    emu.inject({
      op: ['albums.get', 'mediaItems.get'],
      after: 1,
      times: 2,
      fault: { type: 'http', status: 500 }
    })
    emu.inject({ op: 'albums.get', times: 5, fault: { type: 'http', status: 502 } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++)
      statuses.push((await call('GET', '/v1/albums/nope', { token: 'bad' })).status)
    // First: let through by rule 1, taken by rule 2. Then two from rule 1, then rule 2 again.
    expect(statuses).toEqual([502, 500, 500, 502])
    emu.clearFaults()
    expect((await call('GET', '/v1/albums/nope', { token: 'bad' })).status).toBe(401)
  })

  test('probability: a seeded RNG gives the same faults for the same seed', async () => {
    const pattern = (seed: number) =>
      withEmulator({ seed }, async (e) => {
        e.inject({ op: 'albums.list', probability: 0.5, fault: { type: 'http', status: 503 } })
        for (let i = 0; i < 40; i++) await call('GET', '/v1/albums', { on: e })
        return e.requests.map((r) => (r.fault ? 1 : 0)).join('')
      })
    const a = await pattern(42)
    expect(await pattern(42)).toBe(a)
    expect(await pattern(43)).not.toBe(a)
    const faulted = [...a].filter((c) => c === '1').length
    expect(faulted).toBeGreaterThan(8)
    expect(faulted).toBeLessThan(32)
  })
})

describe('maxConcurrent', () => {
  test('counts overlapping calls, including work that goes on after the client gave up', async () => {
    await withEmulator({}, async (e) => {
      const create = () =>
        call('POST', '/v1/mediaItems:batchCreate', {
          on: e,
          body: { newMediaItems: items([e.createUploadToken()]) }
        })
      for (let i = 0; i < 3; i++) await create()
      expect(e.maxConcurrent('batchCreate')).toBe(1)

      // A client that times out does not end the server's work: the next call overlaps it.
      e.inject({ op: 'batchCreate', fault: { type: 'latency', ms: 300 } })
      await expect(
        fetch(`${e.baseUrl}/v1/mediaItems:batchCreate`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ newMediaItems: items([e.createUploadToken()]) }),
          signal: AbortSignal.timeout(50)
        })
      ).rejects.toThrow()
      await create()
      expect(e.maxConcurrent('batchCreate')).toBe(2)
      const slow = e.calls('batchCreate')[3]
      expect(slow?.fault).toBe('latency')
      while (slow?.endedAt === undefined) await new Promise((r) => setTimeout(r, 10))

      e.inject({ op: 'batchCreate', probability: 1, fault: { type: 'latency', ms: 50 } })
      await Promise.all([create(), create(), create(), create()])
      expect(e.maxConcurrent('batchCreate')).toBe(4)
      expect(e.maxConcurrent('batchGet')).toBe(0)
    })
  })
})

test('thousands of requests on keep-alive connections are all answered', async () => {
  await withEmulator({}, async (e) => {
    const album = e.addAlbum({ title: 'Load' })
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        Array.from({ length: 100 }, () => call('GET', `/v1/albums/${album.id}`, { on: e }))
      )
    }
    expect(e.calls('albums.get')).toHaveLength(2000)
    expect(e.calls('albums.get').every((r) => r.status === 200)).toBe(true)
  })
})

test('close ends open connections and pending delays at once', async () => {
  const e = await PhotosEmulator.start()
  await call('GET', '/v1/albums', { on: e })
  e.inject({ op: 'albums.list', fault: { type: 'latency', ms: 10_000 } })
  const pending = call('GET', '/v1/albums', { on: e })
  while (e.requests.length < 2) await new Promise((r) => setTimeout(r, 5))
  const started = performance.now()
  await e.close()
  expect(performance.now() - started).toBeLessThan(1000)
  await expect(pending).rejects.toThrow()
  await expect(call('GET', '/v1/albums', { on: e })).rejects.toThrow()
})

test('the command line runs an emulator until SIGTERM', async () => {
  const root = path.resolve(import.meta.dirname, '..')
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/emulator/cli.ts', '--port', '0'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  try {
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', resolve)
      child.once('exit', () => reject(new Error('the command line exited before printing')))
    })
    const info = JSON.parse(line) as Record<string, string>
    expect(info).toMatchObject({
      tokenEndpoint: `${info.baseUrl}/token`,
      accessToken: 'test-access-token',
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      refreshToken: 'test-refresh-token'
    })
    const res = await fetch(`${info.baseUrl}/v1/albums`, {
      headers: { authorization: `Bearer ${info.accessToken}` }
    })
    expect(res.status).toBe(200)
  } finally {
    child.kill('SIGTERM')
  }
  expect(await exited).toBe(0)
})
