/** `verify`: the created items read back with batchGet, what Google reports added to the report. */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator, SCOPE_APPEND } from './emulator/index.js'
import { makeWorkspace, runAction, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => {
  emu.clearFaults()
  emu.onMediaItemCreated(() => undefined)
  emu.setVideoProcessing({ reads: Infinity })
})

function auth(token = 'test-access-token') {
  return { 'access-token': token, 'api-endpoint': emu.baseUrl }
}

/** MP4-like bytes: an `ftyp` box, then random data. */
function fakeMp4(): Buffer {
  return Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypisom'),
    crypto.randomBytes(64)
  ])
}

function idsOf(outputs: Record<string, string>): (string | null)[] {
  return JSON.parse(outputs['media-item-ids'] ?? 'null') as (string | null)[]
}

/** The mediaItemIds of each batchGet request since `from`. */
function batchGetIds(from: number): string[][] {
  return emu
    .calls('batchGet')
    .slice(from)
    .map((r) => new URL(r.url).searchParams.getAll('mediaItemIds'))
}

test('verify adds what Google reports: type, size, creation time and a video now READY', async () => {
  emu.setVideoProcessing({ reads: 0 })
  const ws = makeWorkspace()
  const png = makePng(40, 30, 1)
  writeFiles(ws.workspace, {
    'shots/a.png': png,
    'shots/a-copy.png': png,
    'shots/b.png': makePng(64, 48, 2),
    'renders/clip.mp4': fakeMp4()
  })
  const before = emu.calls('batchGet').length

  const r = await runAction(
    { ...auth(), files: 'shots/*.png\nrenders/*.mp4', verify: 'true' },
    { ws }
  )

  expect(r.failed).toBe(false)
  const items = r.report?.items ?? []
  expect(items.map((i) => [i.fileName, i.outcome, i.verified])).toEqual([
    ['a-copy.png', 'created', true],
    ['a.png', 'created', true],
    ['b.png', 'created', true],
    ['clip.mp4', 'created', true]
  ])
  // Identical bytes give one media item: it is asked for once (batchGet refuses repeats).
  expect(items[0]?.mediaItemId).toBe(items[1]?.mediaItemId)
  expect(batchGetIds(before)).toEqual([
    [items[0]?.mediaItemId, items[2]?.mediaItemId, items[3]?.mediaItemId]
  ])
  for (const item of items) {
    const held = emu.mediaItem(item.mediaItemId ?? '')
    expect(item.mimeType).toBe(held?.mimeType)
    expect(item.mediaMetadata?.creationTime).toBe(held?.mediaMetadata.creationTime)
  }
  expect(items[2]).toMatchObject({
    mimeType: 'image/png',
    mediaMetadata: { width: '64', height: '48' }
  })
  expect(items[2]?.videoStatus).toBeUndefined()
  // batchCreate answered PROCESSING; the read-back found the video processed.
  expect(items[3]).toMatchObject({
    mimeType: 'video/mp4',
    videoStatus: 'READY',
    mediaMetadata: { video: { status: 'READY' } }
  })
  expect(r.report?.verification).toEqual({ items: 4, found: 4, notFound: 0 })
  expect(r.report?.apiCalls.batchGet).toBe(1)
  expect(r.stdout).toContain('verify: 4 of 4 created item(s) found again; videos: 1 READY')
  // The read-back warns of nothing; the copy's shared media item is told once.
  expect(r.stdout.match(/^::warning::.*$/gm)).toEqual([
    expect.stringMatching(
      /^::warning::1 created item\(s\) share their media item with another item/
    )
  ])
  expect(r.summary).toContain('**Verified:** 4 of 4 created item(s) found again.')
  expect(r.outputs['created-count']).toBe('4')
})

test('a video still processing is reported PROCESSING; a later get finds it READY', async () => {
  emu.setVideoProcessing({ reads: 1 })
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'clip.mp4': fakeMp4() })

  const r = await runAction({ ...auth(), files: 'clip.mp4', verify: 'true' }, { ws })

  expect(r.report?.items[0]).toMatchObject({ verified: true, videoStatus: 'PROCESSING' })
  expect(r.stdout).toContain('videos: 1 PROCESSING')
  const later = await runAction({
    ...auth(),
    mode: 'get',
    'media-item-ids': idsOf(r.outputs)[0] ?? ''
  })
  expect(later.report?.items[0]).toMatchObject({ outcome: 'found', videoStatus: 'READY' })
})

test('a video Google could not process is a warning that names it', async () => {
  emu.setVideoProcessing({
    reads: 0,
    outcome: (name) => (name === 'broken.mp4' ? 'FAILED' : 'READY')
  })
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'broken.mp4': fakeMp4(), 'fine.mp4': fakeMp4() })

  const r = await runAction({ ...auth(), files: '*.mp4', verify: 'true' }, { ws })

  expect(r.failed).toBe(false)
  const [broken, fine] = r.report?.items ?? []
  expect(broken).toMatchObject({ outcome: 'created', verified: true, videoStatus: 'FAILED' })
  expect(fine).toMatchObject({ outcome: 'created', verified: true, videoStatus: 'READY' })
  expect(r.stdout).toContain(
    `::warning::verify: item 1, broken.mp4 (media item ${broken?.mediaItemId}): Google Photos could not process this video (status FAILED).`
  )
  expect(r.stdout).toContain('videos: 1 FAILED, 1 READY')
})

test('an item created but not found again is a warning that names it; it stays created', async () => {
  // Deleted in the Google Photos app between its creation and the read-back.
  emu.onMediaItemCreated((item) => {
    if (item.filename === 'b.png') emu.deleteMediaItem(item.id)
  })
  const ws = makeWorkspace()
  writeFiles(ws.workspace, {
    'a.png': makePng(8, 8, 11),
    'b.png': makePng(8, 8, 12),
    'c.png': makePng(8, 8, 13)
  })

  const r = await runAction({ ...auth(), files: '*.png', verify: 'true' }, { ws })

  expect(r.failed).toBe(false)
  const [a, b, c] = r.report?.items ?? []
  expect(b).toMatchObject({
    fileName: 'b.png',
    outcome: 'created',
    status: { code: 0, message: 'Success' },
    verified: false,
    verifyStatus: {
      code: 3,
      message: expect.stringMatching(/Request contains an invalid media item id\./)
    }
  })
  expect(b?.mediaItemId).toBeDefined()
  expect(emu.mediaItem(b?.mediaItemId ?? '')).toBeUndefined()
  expect([a?.verified, c?.verified]).toEqual([true, true])
  const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning::'))
  expect(warnings).toHaveLength(1)
  expect(warnings[0]).toMatch(
    `::warning::verify: item 2, b.png (media item ${b?.mediaItemId}) was created, but batchGet did not find it again (`
  )
  expect(warnings[0]).toMatch(
    /It may have been deleted in Google Photos since; look for it there before relying on its id\.$/
  )
  expect(r.report?.verification).toEqual({ items: 3, found: 2, notFound: 1 })
  expect(r.summary).toContain('**Verified:** 2 of 3 created item(s) found again; 1 not found.')
  // The outputs still say what was created.
  expect(r.outputs['created-count']).toBe('3')
  expect(idsOf(r.outputs)).toEqual([a?.mediaItemId, b?.mediaItemId, c?.mediaItemId])
})

test('without the read scope, verify warns with the scope to add; the items stay created', async () => {
  emu.addAccessToken('append-only-token', [SCOPE_APPEND])
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(8, 8, 21), 'b.png': makePng(8, 8, 22) })
  const before = emu.calls('batchGet').length

  const r = await runAction(
    { ...auth('append-only-token'), files: '*.png', verify: 'true' },
    { ws }
  )

  expect(r.failed).toBe(false)
  expect(emu.calls('batchGet').length - before).toBe(1)
  expect(r.report?.state).toBe('complete')
  expect(r.report?.items.map((i) => [i.outcome, i.verified])).toEqual([
    ['created', undefined],
    ['created', undefined]
  ])
  const fix =
    'batchGet: HTTP 403 PERMISSION_DENIED: Request had insufficient authentication scopes. ' +
    'The token lacks the scope this step needs (https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata).'
  expect(r.stdout).toContain(
    `::warning::verify: 2 of 2 created item(s) could not be read back: ${fix}`
  )
  expect(r.stdout).toContain('They were created all the same')
  expect(r.report?.verification).toMatchObject({ items: 2, found: 0, notFound: 0 })
  expect(r.report?.verification?.error).toContain(fix)
  expect(r.summary).toContain(
    '**Verified:** 0 of 2 created item(s) found again; 2 not read back. The read-back stopped: batchGet'
  )
  expect(r.summary).toContain('photoslibrary.readonly.appcreateddata')
  expect(r.outputs['created-count']).toBe('2')
  expect(idsOf(r.outputs).every((id) => typeof id === 'string')).toBe(true)
})

test('120 items are read back in 3 batchGet calls of at most 50 distinct ids', async () => {
  const ws = makeWorkspace()
  const lines = Array.from({ length: 120 }, (_, i) => {
    const token = emu.createUploadToken({ fileName: `v-${i}.jpg` })
    return `${token}\tv-${i}.jpg`
  })
  fs.writeFileSync(path.join(ws.workspace, 'tokens.txt'), lines.join('\n') + '\n')
  const before = emu.calls('batchGet').length

  const r = await runAction({ ...auth(), 'tokens-file': 'tokens.txt', verify: 'true' }, { ws })

  expect(r.failed).toBe(false)
  const calls = batchGetIds(before)
  expect(calls.map((ids) => ids.length)).toEqual([50, 50, 20])
  expect(calls.flat()).toEqual(idsOf(r.outputs))
  expect(r.report?.items.every((i) => i.verified === true && i.mediaMetadata?.width)).toBe(true)
  expect(r.report?.apiCalls).toMatchObject({ batchCreate: 3, batchGet: 3 })
})

test('dry run with verify plans one batchGet per batch and calls none', async () => {
  const ws = makeWorkspace()
  const lines = Array.from({ length: 120 }, (_, i) =>
    emu.createUploadToken({ fileName: `d-${i}.jpg` })
  )
  fs.writeFileSync(path.join(ws.workspace, 'tokens.txt'), lines.join('\n') + '\n')
  const before = { get: emu.calls('batchGet').length, create: emu.calls('batchCreate').length }

  const r = await runAction(
    { ...auth(), 'tokens-file': 'tokens.txt', verify: 'true', 'dry-run': 'true' },
    { ws }
  )

  expect(r.failed).toBe(false)
  expect(emu.calls('batchGet').length).toBe(before.get)
  expect(emu.calls('batchCreate').length).toBe(before.create)
  expect(r.report?.apiCalls).toEqual({ batchCreate: 3, batchGet: 3 })
  expect(r.report?.verification).toBeUndefined()
  expect(r.stdout).toContain(
    'Dry run: 3 batchCreate call(s) for 120 item(s), then 3 batchGet call(s) to verify them; nothing was changed.'
  )
  expect(r.summary).toContain('**API calls it will cost:** 6 (batchCreate 3, batchGet 3)')
})

test('without verify nothing is read back and the report has no verification', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(8, 8, 31) })
  const before = emu.calls('batchGet').length

  const r = await runAction({ ...auth(), files: 'a.png' }, { ws })

  expect(r.failed).toBe(false)
  expect(emu.calls('batchGet').length).toBe(before)
  expect(r.report?.verification).toBeUndefined()
  expect(r.report?.items[0]?.verified).toBeUndefined()
  expect(r.summary).not.toContain('Verified')
})
