/**
 * Google's own answer texts, as the emulator speaks them, and how the action handles each:
 * quota limits that pass are waited out, answers that every later batch would get stop the
 * run at once with the fix, and the log names each failed item.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { PhotosEmulator, type QuotaKind } from './emulator/index.js'
import { makeWorkspace, runAction, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'
import type { Report } from '../src/types.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => {
  emu.clearFaults()
  emu.failItemsWhere(() => undefined)
})

const auth = () => ({ 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl })

let seed = 1
function pngs(n: number, name = 'shot') {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < n; i++) {
    files[`shots/${name}-${String(i).padStart(3, '0')}.png`] = makePng(4, 4, 7000 + seed++)
  }
  writeFiles(ws.workspace, files)
  return ws
}

const BAD_IMAGE = 'BAD_IMAGE: There was an error while trying to create this media item.'

describe('the log names each failed item with its reason', () => {
  test('3 BAD_IMAGE items among 6: each named in the log, then the step error', async () => {
    const bad = new Set(['shot-001.png', 'shot-003.png', 'shot-004.png'])
    emu.failItemsWhere(({ fileName }) =>
      fileName && bad.has(fileName) ? { code: 3, message: BAD_IMAGE } : undefined
    )
    const r = await runAction({ ...auth(), files: 'shots/*.png' }, { ws: pngs(6) })
    expect(r.failed).toBe(true)
    const lines = r.stdout.trim().split('\n')
    const start = lines.indexOf('3 item(s) failed:')
    expect(lines.slice(start, start + 5)).toEqual([
      '3 item(s) failed:',
      `  #2 shot-001.png (shots/shot-001.png): ${BAD_IMAGE}`,
      `  #4 shot-003.png (shots/shot-003.png): ${BAD_IMAGE}`,
      `  #5 shot-004.png (shots/shot-004.png): ${BAD_IMAGE}`,
      '::error::3 of 6 item(s) failed (named above, with their reasons).'
    ])
    // The path on the runner is no help from the web UI.
    expect(r.stdout).not.toContain(r.outputs['results-file'])
  })

  test('many failures: the first 10 in full, then a count', async () => {
    emu.failItemsWhere(() => ({ code: 3, message: BAD_IMAGE }))
    const r = await runAction(
      { ...auth(), files: 'shots/*.png', 'fail-on-error': 'false' },
      { ws: pngs(14) }
    )
    const named = r.stdout.split('\n').filter((l) => l.startsWith('  #'))
    expect(named).toHaveLength(10)
    expect(named[9]).toContain('#10 shot-009.png')
    expect(r.stdout).toContain('  … and 4 more; see the job summary.\n')
    expect(r.stdout).toMatch(/::warning::14 of 14 item\(s\) failed/)
  })
})

describe('quota limits that pass within a minute: waited out, never a stop', () => {
  test.each<QuotaKind>(['per-minute', 'per-minute-legacy', 'concurrent'])(
    '429 %s on batchCreate and uploads: retried, all created',
    async (quota) => {
      emu.inject({ op: 'batchCreate', times: 2, fault: { type: '429', quota } })
      emu.inject({ op: 'upload', times: 2, fault: { type: '429', quota } })
      const before = emu.calls('batchCreate').length
      const r = await runAction({ ...auth(), files: 'shots/*.png' }, { ws: pngs(3) })
      expect(r.failed).toBe(false)
      expect((r.report as Report).state).toBe('complete')
      expect(r.outputs['created-count']).toBe('3')
      expect(r.stdout).toMatch(/batchCreate: HTTP 429 RESOURCE_EXHAUSTED; retrying in/)
      expect(r.stdout).toMatch(/upload: HTTP 429 RESOURCE_EXHAUSTED; retrying in/)
      expect(emu.calls('batchCreate').length - before).toBe(3)
    }
  )

  test('the daily quota stops the run at once, and says when to re-run', async () => {
    emu.inject({ op: 'batchCreate', times: 10, fault: { type: '429', quota: 'daily' } })
    const before = emu.calls('batchCreate').length
    const r = await runAction({ ...auth(), files: 'shots/*.png' }, { ws: pngs(2) })
    expect(emu.calls('batchCreate').length - before).toBe(1)
    expect((r.report as Report).stoppedReason).toMatch(/daily Google Photos API quota is spent/)
  })
})

describe('answers that every later batch would get: stop at the first', () => {
  test('storage full on the 2nd batch: one refused batchCreate, a stop that names storage, a true report', async () => {
    const album = emu.addAlbum({ title: 'Full storage' })
    emu.inject({
      op: 'batchCreate',
      after: 1,
      times: 100,
      fault: {
        type: 'http',
        status: 400,
        message:
          "The remaining storage in the user's account is not enough to perform this operation."
      }
    })
    const before = emu.calls('batchCreate').length
    const r = await runAction(
      { ...auth(), files: 'shots/*.png', 'album-id': album.id },
      { ws: pngs(130) }
    )
    expect(r.failed).toBe(true)
    const refused = emu.calls('batchCreate').slice(before)
    expect(refused.map((q) => q.status)).toEqual([200, 400])
    const report = r.report as Report
    expect(report.state).toBe('stopped')
    expect(report.stoppedReason).toMatch(/storage is full/)
    expect(report.stoppedReason).toContain('https://one.google.com')
    expect(report.totals).toEqual({ total: 130, created: 50, failed: 80, skipped: 0 })
    expect(emu.albumItemIds(album.id)).toEqual(report.items.slice(0, 50).map((i) => i.mediaItemId))
    expect(
      report.items.slice(50, 100).every((i) => /^Refused: /.test(i.status?.message ?? ''))
    ).toBe(true)
    expect(
      report.items.slice(100).every((i) => i.status?.message.startsWith('Not attempted'))
    ).toBe(true)
    // The reason once: in the summary's stop block, not in 80 rows.
    const storage = r.summary.split('remaining storage').length - 1
    expect(storage).toBe(1)
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(
      /^::error::batchCreate: HTTP 400 .*storage is full/
    )
    expect(r.stdout).toContain('80 item(s) not created because the run stopped, for this reason:')
  })

  test("storage full as the emulator's account quota: the same stop, with nothing made", async () => {
    await using_(await PhotosEmulator.start({ storageLimitBytes: 10 }), async (small) => {
      const r = await runAction(
        {
          'access-token': 'test-access-token',
          'api-endpoint': small.baseUrl,
          files: 'shots/*.png'
        },
        { ws: pngs(60) }
      )
      expect(small.calls('batchCreate').map((q) => q.status)).toEqual([400])
      expect(small.mediaItems()).toHaveLength(0)
      expect((r.report as Report).stoppedReason).toMatch(/Free space .*one\.google\.com/)
    })
  })

  test('an album of another client (400): one refused batch, the fix says album-title', async () => {
    const album = emu.addAlbum({ title: 'Mine, then not' })
    emu.inject({
      op: 'batchCreate',
      times: 100,
      fault: {
        type: 'http',
        status: 400,
        message: 'No permission to add media items to this album.'
      }
    })
    const before = emu.calls('batchCreate').length
    const r = await runAction(
      { ...auth(), files: 'shots/*.png', 'album-id': album.id },
      { ws: pngs(120) }
    )
    expect(emu.calls('batchCreate').length - before).toBe(1)
    expect((r.report as Report).stoppedReason).toMatch(
      /created by this same OAuth client.*album-title/
    )
  })

  test('a 403 that names nothing: the run stops with what to check', async () => {
    const before = emu.calls('batchCreate').length
    emu.inject({
      op: 'batchCreate',
      fault: { type: 'http', status: 403, message: 'The caller does not have permission' }
    })
    const r = await runAction({ ...auth(), files: 'shots/*.png' }, { ws: pngs(60) })
    expect(r.failed).toBe(true)
    expect(emu.calls('batchCreate').length - before).toBe(1)
    expect((r.report as Report).stoppedReason).toMatch(
      /The caller does not have permission\. Google refused this OAuth client or account the call: check that the Photos Library API is enabled/
    )
  })

  test("a relative item not in the album, the token's scopes unknown: one refused batch, with the fix", async () => {
    const album = emu.addAlbum({ title: 'Relative' })
    const elsewhere = emu.addMediaItem({ fileName: 'elsewhere.jpg' }).id
    const before = emu.calls('batchCreate').length
    const r = await runAction(
      {
        ...auth(),
        // No tokeninfo next to this token endpoint (the emulator answers 404 there).
        'token-endpoint': `${emu.baseUrl}/elsewhere/token`,
        files: 'shots/*.png',
        'album-id': album.id,
        position: 'after-media-item',
        'relative-item-id': elsewhere
      },
      { ws: pngs(110) }
    )
    expect(emu.calls('batchCreate').length - before).toBe(1)
    const report = r.report as Report
    expect(report.state).toBe('stopped')
    expect(report.stoppedReason).toMatch(
      /check that the id is in the album and was made by this OAuth client/
    )
    expect(report.totals.created).toBe(0)
    expect(r.stdout).toContain(
      '`relative-item-id` not checked against the album: the token is not known to have the read scope (photoslibrary.readonly.appcreateddata); the first batchCreate will tell.'
    )
  })

  test('a real run with read access finds the relative item missing before any upload', async () => {
    const album = emu.addAlbum({ title: 'Real relative' })
    emu.addMediaItem({ fileName: 'in.jpg', albumId: album.id })
    const elsewhere = emu.addMediaItem({ fileName: 'out.jpg' }).id
    const before = emu.requests.length
    const r = await runAction(
      {
        ...auth(),
        files: 'shots/*.png',
        'album-id': album.id,
        position: 'after-media-item',
        'relative-item-id': elsewhere
      },
      { ws: pngs(3) }
    )
    expect(r.failed).toBe(true)
    expect(r.stdout).toMatch(
      new RegExp(`::error::Input \`relative-item-id\`: ${elsewhere} is not in the album`)
    )
    expect(emu.requests.slice(before).map((q) => q.op)).toEqual([
      'tokeninfo',
      'albums.get',
      'search'
    ])
    // The outputs of a wrong input: no report, nothing created.
    expect(r.outputs['results-file']).toBe('')
    expect(r.outputs['created-count']).toBe('0')
  })

  test('a dry run with read access finds the relative item missing, from the album listing', async () => {
    const album = emu.addAlbum({ title: 'Dry relative' })
    emu.addMediaItem({ fileName: 'in.jpg', albumId: album.id })
    const elsewhere = emu.addMediaItem({ fileName: 'out.jpg' }).id
    const before = emu.requests.length
    const r = await runAction(
      {
        ...auth(),
        files: 'shots/*.png',
        'album-id': album.id,
        position: 'after-media-item',
        'relative-item-id': elsewhere,
        'dry-run': 'true'
      },
      { ws: pngs(2) }
    )
    expect(r.failed).toBe(true)
    expect(r.stdout).toMatch(
      new RegExp(
        `::error::Input \`relative-item-id\`: ${elsewhere} is not in the album \\(1 media item\\(s\\) listed\\)`
      )
    )
    expect(emu.requests.slice(before).map((q) => q.op)).toEqual([
      'tokeninfo',
      'albums.get',
      'search'
    ])
    expect(r.outputs['results-file']).toBe('')
  })

  test('a real run that lists the album for skip-existing checks the relative item too, before any upload', async () => {
    const album = emu.addAlbum({ title: 'Listed relative' })
    emu.addMediaItem({ fileName: 'in.jpg', albumId: album.id })
    const before = emu.requests.length
    const r = await runAction(
      {
        ...auth(),
        files: 'shots/*.png',
        'album-id': album.id,
        'skip-existing': 'true',
        position: 'after-media-item',
        'relative-item-id': 'notInThisAlbum'
      },
      { ws: pngs(3) }
    )
    expect(r.stdout).toMatch(
      /::error::Input `relative-item-id`: notInThisAlbum is not in the album/
    )
    expect(emu.requests.slice(before).map((q) => q.op)).toEqual([
      'tokeninfo',
      'albums.get',
      'search'
    ])
  })

  test('a dry run passes a relative item that is in the album', async () => {
    const album = emu.addAlbum({ title: 'Dry relative ok' })
    const inside = emu.addMediaItem({ fileName: 'in.jpg', albumId: album.id }).id
    const r = await runAction(
      {
        ...auth(),
        files: 'shots/*.png',
        'album-id': album.id,
        position: 'after-media-item',
        'relative-item-id': inside,
        'dry-run': 'true'
      },
      { ws: pngs(2) }
    )
    expect(r.failed).toBe(false)
    expect(r.report?.items.every((i) => i.outcome === 'planned')).toBe(true)
  })
})

describe('answers about one item', () => {
  test('413 over the max file size: that file fails, saying the size check let it through', async () => {
    await using_(await PhotosEmulator.start({ maxUploadBytes: 200 }), async (small) => {
      const ws = makeWorkspace()
      writeFiles(ws.workspace, { 'big.png': makePng(40, 40, 1), 'small.png': makePng(1, 1, 2) })
      const r = await runAction(
        {
          'access-token': 'test-access-token',
          'api-endpoint': small.baseUrl,
          files: 'big.png\nsmall.png'
        },
        { ws }
      )
      const [big, tiny] = (r.report as Report).items
      expect(big?.outcome).toBe('failed')
      expect(big?.status?.message).toMatch(
        /^upload: HTTP 413 .*: The request exceeded the max file size limit of 20 GB\. The size check before upload let this file through/
      )
      expect(tiny?.outcome).toBe('created')
      expect((r.report as Report).state).toBe('complete')
      expect(small.calls('upload').filter((q) => q.status === 413)).toHaveLength(1)
    })
  })

  test("a file refused with 413 leaves the progress line's total: bytes and percentage agree", async () => {
    await using_(await PhotosEmulator.start({ maxUploadBytes: 5000 }), async (small) => {
      const ws = makeWorkspace()
      const big = Buffer.concat([makePng(3, 3, 1), Buffer.alloc(100_000, 7)])
      writeFiles(ws.workspace, {
        'p/00-big.png': big,
        ...Object.fromEntries(
          Array.from({ length: 9 }, (_, i) => [`p/f${i}.png`, makePng(3, 3, 50 + i)])
        )
      })
      const r = await runAction(
        {
          'access-token': 'test-access-token',
          'api-endpoint': small.baseUrl,
          files: 'p/*.png',
          concurrency: '1'
        },
        { ws }
      )
      // The big file is uploaded first (one connection) and refused: its 97.8 KB leave the
      // total, so none of the bytes counted is the 0% the line gives.
      const first = r.stdout.split('\n').find((l) => l.startsWith('Uploaded '))
      expect(first).toMatch(
        /^Uploaded 0 of 10 files, 1 failed \(97\.\d KB\), 0 B of 1\.\d KB \(0%\), 0 B\/s$/
      )
      expect(r.stdout).toMatch(/Uploads done: 9 of 10 files, 1 failed \(97\.\d KB\), /)
    })
  })

  test('get mode: an item another client made is named, with the cause, and the others are read', async () => {
    const mine = [
      emu.addMediaItem({ fileName: 'm1.jpg' }).id,
      emu.addMediaItem({ fileName: 'm2.jpg' }).id
    ]
    const theirs = emu.addMediaItem({ fileName: 'theirs.jpg', appCreated: false }).id
    const r = await runAction({
      ...auth(),
      mode: 'get',
      'media-item-ids': [mine[0], theirs, mine[1]].join(',')
    })
    const items = (r.report as Report).items
    expect(items.map((i) => i.outcome)).toEqual(['found', 'failed', 'found'])
    expect(items[1]?.status?.message).toContain(
      'Request contains an invalid media item id. Only media items that this same OAuth client created can be read'
    )
    expect(r.stdout).toContain(`  #2 ${theirs}: batchGet: HTTP 400`)
  })
})

/** Runs `fn` with an emulator of its own, then closes it. */
async function using_(e: PhotosEmulator, fn: (e: PhotosEmulator) => Promise<void>) {
  try {
    await fn(e)
  } finally {
    await e.close()
  }
}
