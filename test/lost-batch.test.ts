/**
 * A batch of upload tokens whose batchCreate answer is lost, under both things Google may
 * do with a token sent again (give back its item, or refuse the call whole): every item the
 * library holds ends created, or "may exist" where it cannot be looked up; none is a plain
 * failure, and the batch is never split.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator, type ReusedUploadToken } from './emulator/index.js'
import { makeWorkspace, runAction, runDist, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'
import { matchLostBatch } from '../src/lost-batch.js'
import type { MediaItem } from '../src/photos/types.js'
import type { ItemResult } from '../src/types.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})
afterEach(() => {
  emu.clearFaults()
  emu.failItemsWhere(() => undefined)
  emu.setReusedUploadToken('gives-item')
})

const auth = () => ({ 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl })

/** A workspace with a text tokens file; the tokens in file order. */
function tokensWorkspace(names: string[]) {
  const ws = makeWorkspace()
  const tokens = names.map((fileName) => emu.createUploadToken({ fileName }))
  fs.writeFileSync(
    path.join(ws.workspace, 'tokens.txt'),
    tokens.map((t, i) => `${t}\t${names[i]}`).join('\n')
  )
  return { ws, tokens }
}

const names = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}.jpg`)

/** batchCreate calls since `since` (a request count) that carried any of these tokens. */
function callsCarrying(tokens: string[], since: number): number {
  const wanted = new Set(tokens)
  return emu.requests.slice(since).filter((r) => {
    if (r.op !== 'batchCreate') return false
    const body = r.json as { newMediaItems?: { simpleMediaItem?: { uploadToken?: string } }[] }
    return (body.newMediaItems ?? []).some((n) => wanted.has(n.simpleMediaItem?.uploadToken ?? ''))
  }).length
}

/**
 * What every lost-answer test checks: each item whose token made a media item in the
 * library is created with that id, or failed with a "may exist" status; no plain failure.
 */
function expectNoPlainFailure(items: ItemResult[], tokens: string[]) {
  items.forEach((item, i) => {
    const made = emu.upload(tokens[i] ?? '')?.usedBy
    if (item.outcome === 'created') {
      expect(item.mediaItemId).toBe(made)
    } else {
      expect(item.outcome).toBe('failed')
      expect(item.status?.message).toMatch(/^May exist: /)
      expect(item.status?.message).not.toMatch(/^Request must contain/)
    }
  })
}

describe.each<ReusedUploadToken>(['gives-item', 'refuses-request'])(
  'a token sent again %s',
  (mode) => {
    test('a lost answer in an album: every item created, in order, older items of the same names untouched', async () => {
      emu.setReusedUploadToken(mode)
      const album = emu.addAlbum({ title: `Lost ${mode}` })
      // An earlier run left items of the same file names in the album.
      const older = ['lost-000.jpg', 'lost-049.jpg', 'lost-050.jpg'].map(
        (fileName) => emu.addMediaItem({ fileName, albumId: album.id }).id
      )
      const { ws, tokens } = tokensWorkspace(names('lost', 100))
      emu.inject({ op: 'batchCreate', fault: { type: 'lost-answer' } })
      const since = emu.requests.length
      const r = await runAction(
        {
          ...auth(),
          'tokens-file': 'tokens.txt',
          'album-id': album.id,
          position: 'first-in-album'
        },
        { ws }
      )
      const items = r.report?.items ?? []
      expectNoPlainFailure(items, tokens)
      expect(r.failed).toBe(false)
      expect(r.outputs['created-count']).toBe('100')
      const ids = JSON.parse(r.outputs['media-item-ids'] ?? '[]') as string[]
      expect(ids).toEqual(tokens.map((t) => emu.upload(t)?.usedBy))
      expect(ids.some((id) => older.includes(id))).toBe(false)
      // Both batches in input order before the older items: the second followed the first.
      expect(emu.albumItemIds(album.id)).toEqual([...ids, ...older])
      expect(callsCarrying(tokens.slice(0, 50), since)).toBeLessThanOrEqual(3)
      expect(r.report?.apiCalls.batchCreate).toBe(3)
      if (mode === 'refuses-request') {
        expect(items[0]?.status?.message).toBe(
          'Success: found in the album after the batchCreate answer was lost'
        )
        expect(r.stdout).toContain('the batch is not split; all 50 item(s) found in the album.')
        expect(r.report?.apiCalls.search).toBe(1)
      } else {
        expect(r.report?.apiCalls.search).toBeUndefined()
      }
    })

    test('a lost answer without an album: created, or "may exist" with how to check', async () => {
      emu.setReusedUploadToken(mode)
      const { ws, tokens } = tokensWorkspace(names('noalbum', 3))
      emu.inject({ op: 'batchCreate', fault: { type: 'lost-answer' } })
      const since = emu.requests.length
      const r = await runAction({ ...auth(), 'tokens-file': 'tokens.txt' }, { ws })
      const items = r.report?.items ?? []
      expectNoPlainFailure(items, tokens)
      expect(tokens.every((t) => emu.upload(t)?.usedBy !== undefined)).toBe(true)
      expect(callsCarrying(tokens, since)).toBe(2)
      if (mode === 'gives-item') {
        expect(r.outputs['created-count']).toBe('3')
      } else {
        expect(r.failed).toBe(true)
        expect(r.outputs['failed-count']).toBe('3')
        expect(items[0]?.status).toEqual({
          code: 2,
          message:
            'May exist: the batchCreate answer was lost, and sending the same upload tokens again was refused (Request must contain a valid upload token.), as Google may refuse a token that already made its item. It could not be looked up: the batch has no album. Look for it in the library before sending its upload token again.'
        })
        expect(r.summary).toContain('May exist')
        expect(r.stdout).toContain(
          '::error::3 of 3 item(s) failed, 3 of which may exist after a lost answer (named above, with their reasons).'
        )
      }
    })

    test('a lost answer when the album cannot be read: "may exist", and the run goes on', async () => {
      emu.setReusedUploadToken(mode)
      const album = emu.addAlbum({ title: `No read ${mode}` })
      const { ws, tokens } = tokensWorkspace(names('noread', 60))
      emu.inject({ op: 'batchCreate', fault: { type: 'lost-answer' } })
      emu.inject({ op: 'search', times: 10, fault: { type: 'insufficient-scopes' } })
      const since = emu.requests.length
      const r = await runAction(
        {
          ...auth(),
          'tokens-file': 'tokens.txt',
          'album-id': album.id,
          position: 'first-in-album'
        },
        { ws }
      )
      const items = r.report?.items ?? []
      expectNoPlainFailure(items, tokens)
      expect(r.report?.state).toBe('complete')
      expect(callsCarrying(tokens.slice(0, 50), since)).toBe(2)
      // The second batch is created whatever became of the first.
      expect(items.slice(50).every((i) => i.outcome === 'created')).toBe(true)
      if (mode === 'gives-item') {
        expect(r.outputs['created-count']).toBe('60')
      } else {
        expect(r.outputs['failed-count']).toBe('50')
        expect(items[0]?.status?.message).toContain(
          'It could not be looked up: the token lacks the scope https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata. Look in the album.'
        )
        expect(r.report?.apiCalls.search).toBe(1)
        // Its place unknown, the next batch kept the position asked for: first in the album.
        const held = emu.albumItemIds(album.id)
        expect(held.slice(0, 10)).toEqual(items.slice(50).map((i) => i.mediaItemId))
        expect(new Set(held)).toEqual(new Set(tokens.map((t) => emu.upload(t)?.usedBy)))
      }
    })

    test('two answers lost in a row: found in the album by file name and place', async () => {
      emu.setReusedUploadToken(mode)
      const album = emu.addAlbum({ title: `Twice ${mode}` })
      const anchor = emu.addMediaItem({ fileName: 'cover.jpg', albumId: album.id }).id
      const tail = emu.addMediaItem({ fileName: 'twice-001.jpg', albumId: album.id }).id
      const { ws, tokens } = tokensWorkspace(names('twice', 4))
      emu.inject({
        op: 'batchCreate',
        times: 2,
        fault: { type: 'lost-answer-5xx', status: 500 }
      })
      const since = emu.requests.length
      const r = await runAction(
        {
          ...auth(),
          'tokens-file': 'tokens.txt',
          'album-id': album.id,
          position: 'after-media-item',
          'relative-item-id': anchor
        },
        { ws }
      )
      const items = r.report?.items ?? []
      expectNoPlainFailure(items, tokens)
      expect(r.outputs['created-count']).toBe('4')
      expect(callsCarrying(tokens, since)).toBe(2)
      const ids = items.map((i) => i.mediaItemId)
      expect(emu.albumItemIds(album.id)).toEqual([anchor, ...ids, tail])
    })
  }
)

describe('what the lookup will not claim', () => {
  test('a refusal after an answer that made nothing: older items of the same names are not claimed', async () => {
    emu.setReusedUploadToken('refuses-request')
    const album = emu.addAlbum({ title: 'Nothing made' })
    const anchor = emu.addMediaItem({ fileName: 'cover.jpg', albumId: album.id }).id
    const older = ['same-000.jpg', 'same-001.jpg'].map(
      (fileName) => emu.addMediaItem({ fileName, albumId: album.id }).id
    )
    const { ws, tokens } = tokensWorkspace(names('same', 3))
    emu.expireUploadToken(tokens[2] ?? '')
    // A 503 that did nothing, then the expired token refuses the resend whole.
    emu.inject({ op: 'batchCreate', fault: { type: 'http', status: 503 } })
    const since = emu.requests.length
    const r = await runAction(
      {
        ...auth(),
        'tokens-file': 'tokens.txt',
        'album-id': album.id,
        position: 'after-media-item',
        'relative-item-id': anchor
      },
      { ws }
    )
    const items = r.report?.items ?? []
    expectNoPlainFailure(items, tokens)
    expect(r.outputs['created-count']).toBe('0')
    expect(items[0]?.status?.message).toContain('It is not at its place in the album')
    expect(callsCarrying(tokens, since)).toBe(2)
    expect(emu.albumItemIds(album.id)).toEqual([anchor, ...older])
  })

  test('an item that failed in the lost call is not at its place; the others are found', async () => {
    emu.setReusedUploadToken('refuses-request')
    const album = emu.addAlbum({ title: 'Partly made' })
    const { ws, tokens } = tokensWorkspace(names('part', 5))
    emu.failItemsWhere((item) =>
      item.fileName === 'part-002.jpg' ? { code: 3, message: 'BAD_IMAGE: broken' } : undefined
    )
    emu.inject({ op: 'batchCreate', fault: { type: 'lost-answer' } })
    const r = await runAction(
      { ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id },
      { ws }
    )
    const items = r.report?.items ?? []
    expectNoPlainFailure(items, tokens)
    expect(items.map((i) => i.outcome)).toEqual([
      'created',
      'created',
      'failed',
      'created',
      'created'
    ])
    expect(emu.upload(tokens[2] ?? '')?.usedBy).toBeUndefined()
    expect(emu.albumItemIds(album.id)).toEqual(
      items.flatMap((i) => (i.mediaItemId ? [i.mediaItemId] : []))
    )
  })

  test('matchLostBatch: names that repeat are claimed only where the place decides', () => {
    const item = (id: string, filename: string): MediaItem => ({ id, filename })
    const position = { position: 'LAST_IN_ALBUM' as const }
    const base = { itemsBefore: 1, createdBefore: new Set<string>(), position }
    // [a, a, b] sent, two made: the b is certain, which a made it is not.
    const two = matchLostBatch({
      ...base,
      album: [item('old', 'a.jpg'), item('n1', 'a.jpg'), item('n2', 'b.jpg')],
      fileNames: ['a.jpg', 'a.jpg', 'b.jpg']
    })
    expect(two).toEqual({
      kind: 'placed',
      items: [
        { kind: 'ambiguous' },
        { kind: 'ambiguous' },
        { kind: 'found', mediaItem: item('n2', 'b.jpg') }
      ],
      last: 'n2'
    })
    // All three made: the order decides every one.
    const all = matchLostBatch({
      ...base,
      album: [item('old', 'a.jpg'), item('n1', 'a.jpg'), item('n2', 'a.jpg'), item('n3', 'b.jpg')],
      fileNames: ['a.jpg', 'a.jpg', 'b.jpg']
    })
    expect(all.kind === 'placed' && all.items.map((f) => f.kind)).toEqual([
      'found',
      'found',
      'found'
    ])
    // An item sent without a file name is never claimed, even when the place fits.
    const nameless = matchLostBatch({
      ...base,
      album: [item('old', 'x.jpg'), item('n1', 'upload-1.jpg')],
      fileNames: [undefined]
    })
    expect(nameless.kind === 'placed' && nameless.items).toEqual([{ kind: 'ambiguous' }])
    // The album grew by more than the batch: someone else writes to it; nothing is claimed.
    expect(
      matchLostBatch({
        ...base,
        album: [item('old', 'a.jpg'), item('n1', 'a.jpg'), item('n2', 'z.jpg')],
        fileNames: ['a.jpg']
      }).kind
    ).toBe('unclear')
    // New items whose names do not fit the batch: nothing is claimed.
    expect(
      matchLostBatch({
        ...base,
        album: [item('old', 'a.jpg'), item('n1', 'z.jpg')],
        fileNames: ['a.jpg', 'b.jpg']
      }).kind
    ).toBe('unclear')
  })
})

test('files whose answers stay lost are looked up in the album after the re-uploads', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, {
    'shots/a.png': makePng(4, 4, 901),
    'shots/b.png': makePng(4, 4, 902)
  })
  const album = emu.addAlbum({ title: 'Files lost' })
  emu.inject({ op: 'batchCreate', times: 4, fault: { type: 'lost-answer' } })
  const r = await runAction({ ...auth(), files: 'shots/*.png', 'album-id': album.id }, { ws })
  expect(r.outputs['created-count']).toBe('2')
  expect(r.report?.apiCalls.batchCreate).toBe(4)
  expect(r.report?.apiCalls.upload).toBe(8)
  const ids = r.report?.items.map((i) => i.mediaItemId)
  expect(ids?.map((id) => emu.mediaItem(id ?? '')?.filename)).toEqual(['a.png', 'b.png'])
  expect(emu.albumItemIds(album.id)).toEqual(ids)
})

test('a daily quota on the resend after a lost answer stops the run; the batch may exist', async () => {
  emu.setReusedUploadToken('refuses-request')
  const album = emu.addAlbum({ title: 'Lost then quota' })
  const { ws, tokens } = tokensWorkspace(names('quota', 3))
  emu.inject({ op: 'batchCreate', fault: { type: 'lost-answer' } })
  emu.inject({ op: 'batchCreate', fault: { type: '429', daily: true } })
  const r = await runAction(
    { ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id },
    { ws }
  )
  expect(r.report?.state).toBe('stopped')
  expect(r.report?.stoppedReason).toMatch(/daily Google Photos API quota/)
  expect(tokens.every((t) => emu.upload(t)?.usedBy !== undefined)).toBe(true)
  for (const item of r.report?.items ?? []) {
    expect(item.outcome).toBe('failed')
    expect(item.status?.message).toMatch(/the item may exist/)
  }
})

test('dist/index.js: a lost answer whose resend is refused ends with every item found', async () => {
  emu.setReusedUploadToken('refuses-request')
  const album = emu.addAlbum({ title: 'Lost via dist' })
  const { ws, tokens } = tokensWorkspace(names('dist', 5))
  emu.inject({ op: 'batchCreate', fault: { type: 'lost-answer' } })
  const since = emu.requests.length
  const r = await runDist({ ...auth(), 'tokens-file': 'tokens.txt', 'album-id': album.id }, { ws })
  expect(r.stderr).toBe('')
  expect(r.exitCode).toBe(0)
  expect(r.outputs['created-count']).toBe('5')
  const ids = JSON.parse(r.outputs['media-item-ids'] ?? '[]') as string[]
  expect(ids).toEqual(tokens.map((t) => emu.upload(t)?.usedBy))
  expect(emu.albumItemIds(album.id)).toEqual(ids)
  expect(callsCarrying(tokens, since)).toBe(2)
  expect(r.stdout).toContain('the batch is not split; all 5 item(s) found in the album.')
})
