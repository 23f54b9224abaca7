/**
 * The calls a run makes are exactly the floor of what the API allows: one upload per file,
 * ceil(n/50) batchCreate calls, and nothing else unless an input asks for it; and the
 * upload slots are all used. Counted from the emulator's request log, never timed.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { makeWorkspace, runAction, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeEach(async () => {
  emu = await PhotosEmulator.start()
})
afterEach(async () => {
  await emu.close()
})

/** OAuth endpoints (the token check before any upload) cost no Library API quota. */
const OAUTH_OPS = new Set(['token', 'tokeninfo'])

/** Library API requests the emulator received, by kind. */
function callsByKind(): Record<string, number> {
  const calls: Record<string, number> = {}
  for (const r of emu.requests) {
    if (!OAUTH_OPS.has(r.op)) calls[r.op] = (calls[r.op] ?? 0) + 1
  }
  return calls
}

test('120 files, concurrency 6: 120 uploads and 3 batchCreate calls, six uploads at once, one batchCreate at a time', async () => {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < 120; i++) files[`out/f-${String(i).padStart(3, '0')}.png`] = makePng(4, 4, i)
  writeFiles(ws.workspace, files)
  // Long enough that the six slots overlap whatever the machine's load.
  emu.inject({ op: ['upload', 'batchCreate'], probability: 1, fault: { type: 'latency', ms: 40 } })
  const r = await runAction(
    {
      'access-token': 'test-access-token',
      'api-endpoint': emu.baseUrl,
      files: 'out/*.png',
      concurrency: '6'
    },
    { ws }
  )
  expect(r.failed).toBe(false)
  expect(r.report?.totals.created).toBe(120)
  expect(callsByKind()).toEqual({ upload: 120, batchCreate: 3 })
  expect(emu.requests.filter((q) => q.op === 'tokeninfo')).toHaveLength(1)
  expect(r.report?.apiCalls).toEqual({ upload: 120, batchCreate: 3 })
  expect(emu.maxConcurrent('upload')).toBe(6)
  expect(emu.maxConcurrent('batchCreate')).toBe(1)
  // One connection for each request that can be in flight at once (six uploads and a
  // batchCreate; the token check goes first, on one of them): each answered upload's
  // connection carries a later one, and none is opened for a request that could wait a turn.
  expect(emu.connections).toBeLessThanOrEqual(7)
})

test('60 upload tokens into an album by id: one albums.get and 2 batchCreate calls', async () => {
  const album = emu.addAlbum({ title: 'Floor' })
  const ws = makeWorkspace()
  const lines = Array.from({ length: 60 }, (_, i) => `${emu.createUploadToken()}\tt-${i}.jpg`)
  fs.writeFileSync(path.join(ws.workspace, 'tokens.txt'), lines.join('\n') + '\n')
  const r = await runAction(
    {
      'access-token': 'test-access-token',
      'api-endpoint': emu.baseUrl,
      'tokens-file': 'tokens.txt',
      'album-id': album.id,
      position: 'first-in-album'
    },
    { ws }
  )
  expect(r.failed).toBe(false)
  expect(r.report?.totals.created).toBe(60)
  expect(callsByKind()).toEqual({ 'albums.get': 1, batchCreate: 2 })
  expect(emu.albumItemIds(album.id)).toHaveLength(60)
})
