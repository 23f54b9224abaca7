/** The emulator itself, over plain HTTP: the API behaviour the action's tests rely on. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { PhotosEmulator, SCOPE_READ } from './emulator/index.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start({ albumItemLimit: 60 })
})
afterAll(async () => {
  await emu.close()
})

const H = { authorization: 'Bearer test-access-token', 'content-type': 'application/json' }

async function batchCreate(body: unknown, token = 'test-access-token') {
  const res = await fetch(`${emu.baseUrl}/v1/mediaItems:batchCreate`, {
    method: 'POST',
    headers: { ...H, authorization: `Bearer ${token}` },
    body: JSON.stringify(body)
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

const items = (tokens: string[]) =>
  tokens.map((uploadToken) => ({ simpleMediaItem: { uploadToken } }))

test('raw upload → batchCreate → batchGet round trip', async () => {
  const up = await fetch(`${emu.baseUrl}/v1/uploads`, {
    method: 'POST',
    headers: {
      authorization: H.authorization,
      'content-type': 'application/octet-stream',
      'x-goog-upload-content-type': 'image/png',
      'x-goog-upload-protocol': 'raw'
    },
    body: Buffer.from('png bytes')
  })
  const token = await up.text()
  const created = await batchCreate({
    newMediaItems: [
      { description: 'd', simpleMediaItem: { uploadToken: token, fileName: 'x.png' } }
    ]
  })
  const result = (
    created.json.newMediaItemResults as {
      status: { message: string; code?: number }
      mediaItem: { id: string }
    }[]
  )[0]
  expect(result?.status).toEqual({ message: 'Success' })
  const got = await fetch(
    `${emu.baseUrl}/v1/mediaItems:batchGet?mediaItemIds=${result?.mediaItem.id}&mediaItemIds=nope`,
    { headers: H }
  )
  const body = (await got.json()) as {
    mediaItemResults: { mediaItem?: { filename: string }; status?: { code: number } }[]
  }
  expect(body.mediaItemResults[0]?.mediaItem?.filename).toBe('x.png')
  expect(body.mediaItemResults[1]?.status?.code).toBe(3)
})

describe('batchCreate rules', () => {
  test('more than 50 items, and a position without an album, are refused', async () => {
    const tokens = Array.from({ length: 51 }, () => emu.createUploadToken())
    expect((await batchCreate({ newMediaItems: items(tokens) })).status).toBe(400)
    const r = await batchCreate({
      newMediaItems: items(tokens.slice(0, 1)),
      albumPosition: { position: 'FIRST_IN_ALBUM' }
    })
    expect(r.status).toBe(400)
    expect(JSON.stringify(r.json)).toMatch(/album id/)
  })

  test('an album of another client gets 403 No permission', async () => {
    const theirs = emu.addAlbum({ title: 't', appCreated: false })
    const r = await batchCreate({
      albumId: theirs.id,
      newMediaItems: items([emu.createUploadToken()])
    })
    expect(r.status).toBe(403)
    expect(JSON.stringify(r.json)).toContain('No permission to add media items to this album')
  })

  test('the album item limit', async () => {
    const album = emu.addAlbum({ title: 'full' })
    for (let i = 0; i < 59; i++) emu.addMediaItem({ fileName: `f${i}`, albumId: album.id })
    const r = await batchCreate({
      albumId: album.id,
      newMediaItems: items([emu.createUploadToken(), emu.createUploadToken()])
    })
    expect(r.status).toBe(400)
    expect(JSON.stringify(r.json)).toContain('20000')
  })

  test('identical bytes give back the same media item, once in the album', async () => {
    const album = emu.addAlbum({ title: 'dedup' })
    const bytes = Buffer.from('same bytes')
    const a = await batchCreate({
      albumId: album.id,
      newMediaItems: items([emu.createUploadToken({ bytes })])
    })
    const b = await batchCreate({
      albumId: album.id,
      newMediaItems: items([emu.createUploadToken({ bytes })])
    })
    const id = (r: typeof a) =>
      (r.json.newMediaItemResults as { mediaItem: { id: string } }[])[0]?.mediaItem.id
    expect(id(a)).toBe(id(b))
    expect(emu.albumItemIds(album.id)).toEqual([id(a)])
    expect(emu.mediaItem(id(a) ?? '')?.createCount).toBe(2)
  })

  test('an invalid token refuses the whole call, with no change', async () => {
    const album = emu.addAlbum({ title: 'invalid' })
    const r = await batchCreate({
      albumId: album.id,
      newMediaItems: items([emu.createUploadToken(), 'bogus'])
    })
    expect(r.status).toBe(400)
    expect(emu.albumItemIds(album.id)).toEqual([])
  })

  test('description and file name limits are per item', async () => {
    const r = await batchCreate({
      newMediaItems: [
        {
          description: 'd'.repeat(1000),
          simpleMediaItem: { uploadToken: emu.createUploadToken() }
        },
        { simpleMediaItem: { uploadToken: emu.createUploadToken(), fileName: 'n'.repeat(256) } },
        { simpleMediaItem: { uploadToken: emu.createUploadToken(), fileName: 'ok.jpg' } }
      ]
    })
    const codes = (r.json.newMediaItemResults as { status: { code?: number } }[]).map(
      (x) => x.status.code
    )
    expect(codes).toEqual([3, 3, undefined])
  })
})

test('batchGet: 1 to 50 ids, no repeats', async () => {
  const id = emu.addMediaItem({ fileName: 'g.jpg' }).id
  const get = (q: string) =>
    fetch(`${emu.baseUrl}/v1/mediaItems:batchGet?${q}`, { headers: H }).then((r) => r.status)
  expect(await get('')).toBe(400)
  expect(await get(`mediaItemIds=${id}&mediaItemIds=${id}`)).toBe(400)
  expect(await get(Array.from({ length: 51 }, (_, i) => `mediaItemIds=x${i}`).join('&'))).toBe(400)
  expect(await get(`mediaItemIds=${id}`)).toBe(200)
})

test('auth: unknown and expired tokens get 401, a read-only token 403 on writes', async () => {
  expect(
    (await batchCreate({ newMediaItems: items([emu.createUploadToken()]) }, 'nope')).status
  ).toBe(401)
  emu.addAccessToken('short-lived')
  emu.expireAccessToken('short-lived')
  expect(
    (await batchCreate({ newMediaItems: items([emu.createUploadToken()]) }, 'short-lived')).status
  ).toBe(401)
  emu.addAccessToken('reader', [SCOPE_READ])
  const r = await batchCreate({ newMediaItems: items([emu.createUploadToken()]) }, 'reader')
  expect(r.status).toBe(403)
  expect(JSON.stringify(r.json)).toContain('insufficient authentication scopes')
})

test('token endpoint: refresh grant, invalid_grant, invalid_client', async () => {
  const post = (form: Record<string, string>) =>
    fetch(emu.tokenEndpoint, { method: 'POST', body: new URLSearchParams(form) }).then(
      async (r) => ({
        status: r.status,
        json: (await r.json()) as Record<string, unknown>
      })
    )
  const good = {
    grant_type: 'refresh_token',
    client_id: 'test-client-id',
    client_secret: 'test-client-secret',
    refresh_token: 'test-refresh-token'
  }
  const ok = await post(good)
  expect(ok.status).toBe(200)
  expect(emu.issuedAccessTokens).toContain(ok.json.access_token)
  expect((await post({ ...good, refresh_token: 'other' })).json.error).toBe('invalid_grant')
  expect((await post({ ...good, client_secret: 'wrong' })).json.error).toBe('invalid_client')
})

test('albums.list pages through app-created albums only', async () => {
  for (let i = 0; i < 7; i++) emu.addAlbum({ title: `page ${i}` })
  emu.addAlbum({ title: 'hidden', appCreated: false })
  const titles: string[] = []
  let pageToken = ''
  do {
    const res = await fetch(
      `${emu.baseUrl}/v1/albums?pageSize=3${pageToken ? `&pageToken=${pageToken}` : ''}`,
      { headers: H }
    )
    const page = (await res.json()) as { albums: { title: string }[]; nextPageToken?: string }
    titles.push(...page.albums.map((a) => a.title))
    pageToken = page.nextPageToken ?? ''
  } while (pageToken)
  expect(titles).toEqual(
    emu
      .albums()
      .filter((a) => a.appCreated)
      .map((a) => a.title)
  )
  expect(titles).not.toContain('hidden')
})
