/** `files`: globs → checked, streamed uploads → media items, album by title, re-runs. */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import mime from 'mime'
import other from 'mime/types/other.js'
import standard from 'mime/types/standard.js'
import {
  ACCEPTED_EXTENSIONS,
  checkFile,
  expandFiles,
  loadFileTypes,
  typeFromName
} from '../src/files.js'
import { PhotosEmulator } from './emulator/index.js'
import { FAST, makeWorkspace, runAction, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start({ chunkGranularity: 64 * 1024 })
  // checkFile is synchronous; expandFiles and the release listing load the types first.
  await loadFileTypes()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.clearFaults())

const auth = () => ({ 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl })
/** Small thresholds so that a test file of a few hundred KB goes up in several chunks. */
const SMALL_CHUNKS = { ...FAST, upload: { resumableThreshold: 200 * 1024, chunkSize: 64 * 1024 } }

function padded(seed: number, bytes: number): Buffer {
  const png = makePng(8, 8, seed)
  return Buffer.concat([png, Buffer.alloc(Math.max(0, bytes - png.length), seed % 251)])
}

function idsOf(outputs: Record<string, string>): (string | null)[] {
  return JSON.parse(outputs['media-item-ids'] ?? '[]') as (string | null)[]
}

test('30 files of mixed sizes, concurrency 4: created in input order, uploads in parallel', async () => {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  const sizes = [1_000, 30_000, 150_000, 260_000, 700_000]
  for (let i = 0; i < 20; i++)
    files[`b/shot-${String(i).padStart(2, '0')}.png`] = padded(1000 + i, sizes[i % 5] ?? 0)
  for (let i = 0; i < 10; i++) files[`a/clip-${i}.png`] = padded(2000 + i, sizes[(i + 2) % 5] ?? 0)
  writeFiles(ws.workspace, files)
  emu.inject({ op: ['upload', 'upload.chunk'], probability: 1, fault: { type: 'latency', ms: 15 } })
  const album = emu.addAlbum({ title: 'Thirty' })
  const before = emu.requests.length

  const r = await runAction(
    { ...auth(), files: 'b/*.png\na/*.png', 'album-id': album.id, concurrency: '4' },
    { ws, overrides: SMALL_CHUNKS }
  )

  expect(r.failed).toBe(false)
  const expectedOrder = [
    ...Array.from({ length: 20 }, (_, i) => `b/shot-${String(i).padStart(2, '0')}.png`),
    ...Array.from({ length: 10 }, (_, i) => `a/clip-${i}.png`)
  ]
  expect(r.report?.items.map((i) => i.source)).toEqual(expectedOrder)
  const ids = idsOf(r.outputs)
  expect(ids.every(Boolean)).toBe(true)
  expect(emu.albumItemIds(album.id)).toEqual(ids)
  expect(ids.map((id) => emu.mediaItem(id ?? '')?.filename)).toEqual(
    expectedOrder.map((p) => path.basename(p))
  )
  // Bytes arrived whole.
  for (const [i, rel] of expectedOrder.entries()) {
    const item = emu.mediaItem(ids[i] ?? '')
    expect(item?.bytes).toBe(files[rel]?.length)
  }
  // Up to 4 uploads at once, and more than one.
  const uploads = emu.requests
    .slice(before)
    .filter((q) => q.op === 'upload' || q.op === 'upload.start')
  let maxOverlap = 0
  for (const q of uploads) {
    const overlap = uploads.filter(
      (o) => o.startedAt <= q.startedAt && (o.endedAt ?? Infinity) > q.startedAt
    ).length
    maxOverlap = Math.max(maxOverlap, overlap)
  }
  expect(maxOverlap).toBeGreaterThan(1)
  expect(maxOverlap).toBeLessThanOrEqual(4)
  expect(r.stdout).toMatch(/Uploads done: 30 of 30 files/)
})

test('creation starts while uploads go on (a pipeline, not two phases)', async () => {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < 120; i++)
    files[`p/${String(i).padStart(3, '0')}.png`] = makePng(4, 4, 3000 + i)
  writeFiles(ws.workspace, files)
  emu.inject({ op: 'upload', probability: 1, fault: { type: 'latency', ms: 10 } })
  const before = emu.requests.length
  const r = await runAction({ ...auth(), files: 'p/*.png', concurrency: '2' }, { ws })
  expect(r.outputs['created-count']).toBe('120')
  const reqs = emu.requests.slice(before)
  const firstCreate = reqs.find((q) => q.op === 'batchCreate')
  const lastUpload = reqs.filter((q) => q.op === 'upload').at(-1)
  expect(firstCreate?.startedAt).toBeLessThan(lastUpload?.startedAt ?? 0)
  expect(emu.maxConcurrent('batchCreate')).toBe(1)
})

test('files read ahead of their turn: each upload carries its own file, in input order', async () => {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < 40; i++)
    files[`r/${String(i).padStart(2, '0')}.png`] = padded(500 + i, 90 + i)
  writeFiles(ws.workspace, files)
  emu.inject({ op: 'upload', probability: 1, fault: { type: 'latency', ms: 5 } })
  const r = await runAction({ ...auth(), files: 'r/*.png', concurrency: '3' }, { ws })
  const items = r.report?.items ?? []
  expect(items.map((i) => i.fileName)).toEqual(Object.keys(files).map((f) => path.basename(f)))
  for (const item of items) {
    expect(item.outcome).toBe('created')
    const token = emu.mediaItem(item.mediaItemId ?? '')?.uploadToken ?? ''
    expect(emu.uploadedBytes(token)?.equals(files[`r/${item.fileName}`] as Buffer)).toBe(true)
  }
})

test('a large file goes up in chunks; a reset mid-chunk is resumed from what the server got', async () => {
  const ws = makeWorkspace()
  const big = padded(4242, 600 * 1024 + 123)
  writeFiles(ws.workspace, { 'v/big.png': big })
  emu.inject({
    op: 'upload.chunk',
    after: 2,
    fault: { type: 'reset-mid-upload', afterBytes: 40 * 1024 }
  })
  emu.inject({ op: 'upload.chunk', after: 6, fault: { type: 'http', status: 503 } })
  const r = await runAction({ ...auth(), files: 'v/*.png' }, { ws, overrides: SMALL_CHUNKS })
  expect(r.outputs['created-count']).toBe('1')
  const item = emu.mediaItem(idsOf(r.outputs)[0] ?? '')
  const upload = emu.upload(item?.uploadToken ?? '')
  expect(upload?.protocol).toBe('resumable')
  expect(upload?.chunks.length).toBeGreaterThanOrEqual(10)
  expect(upload?.queries).toBeGreaterThanOrEqual(2)
  expect(upload?.resumed).toBe(true)
  expect(emu.uploadedBytes(upload?.token ?? '')?.equals(big)).toBe(true)
  // Never started over: each byte offset was sent from the position the server reported.
  const offsets = upload?.chunks.map((c) => c.offset) ?? []
  expect([...offsets].sort((a, b) => a - b)).toEqual(offsets)
})

test('unsupported, empty and oversized files are reported and never uploaded', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, {
    'm/ok.png': makePng(4, 4, 5000),
    'm/notes.txt': 'text',
    'm/empty.jpg': Buffer.alloc(0),
    'm/data.bin': Buffer.from([1, 2, 3])
  })
  const huge = path.join(ws.workspace, 'm', 'huge.jpg')
  fs.writeFileSync(huge, '')
  fs.truncateSync(huge, 201 * 1024 * 1024) // sparse: no 201 MB written
  const before = emu.requests.length
  const r = await runAction({ ...auth(), files: 'm/*', 'fail-on-error': 'false' }, { ws })
  const bySource = Object.fromEntries((r.report?.items ?? []).map((i) => [i.source, i]))
  expect(bySource['m/ok.png']?.outcome).toBe('created')
  expect(bySource['m/notes.txt']?.status?.message).toMatch(
    /not a type Google Photos accepts \(text\/plain\)/
  )
  expect(bySource['m/data.bin']?.status?.message).toMatch(/not a type Google Photos accepts/)
  expect(bySource['m/empty.jpg']?.status?.message).toMatch(/empty/)
  expect(bySource['m/huge.jpg']?.status?.message).toMatch(
    /too large: 201\.0 MB, photos may be up to 200 MB/
  )
  expect(r.outputs['failed-count']).toBe('4')
  const uploads = emu.requests.slice(before).filter((q) => q.op.startsWith('upload'))
  expect(uploads).toHaveLength(1)
})

test('a file whose name says nothing of its type gets it from its first bytes, and uploads', async () => {
  const ws = makeWorkspace()
  const png = makePng(6, 4, 5100)
  writeFiles(ws.workspace, {
    'n/noext': png,
    'n/shot.bin': makePng(6, 4, 5101),
    'n/readme': 'just some text\n',
    'n/fake.png': 'text in a .png'
  })
  const before = emu.requests.length
  const r = await runAction({ ...auth(), files: 'n/*', 'fail-on-error': 'false' }, { ws })
  const bySource = Object.fromEntries((r.report?.items ?? []).map((i) => [i.source, i]))
  expect(bySource['n/noext']).toMatchObject({ outcome: 'created', mimeType: 'image/png' })
  expect(bySource['n/shot.bin']).toMatchObject({ outcome: 'created', mimeType: 'image/png' })
  expect(emu.mediaItem(bySource['n/noext']?.mediaItemId ?? '')).toMatchObject({
    filename: 'noext',
    mimeType: 'image/png'
  })
  // The type read from the bytes is what the upload declares.
  const declared = emu.requests
    .slice(before)
    .filter((q) => q.op === 'upload')
    .map((q) => q.headers['x-goog-upload-content-type'])
  expect(declared.sort()).toEqual(['image/png', 'image/png', 'image/png'])
  expect(bySource['n/readme']).toMatchObject({ outcome: 'failed' })
  expect(bySource['n/readme']?.status?.message).toMatch(
    /not a type Google Photos accepts \(unknown type\)/
  )
  // A name that gives a type is taken at its word: the bytes are not read.
  expect(bySource['n/fake.png']?.mimeType).toBe('image/png')
  expect(r.summary).toContain('| image/png · ')
})

describe('the table of accepted extensions, read without the database', () => {
  test('gives each extension the type the database gives it, and RAW types only where it has none', () => {
    for (const [ext, type] of ACCEPTED_EXTENSIONS) {
      expect([ext, mime.getType(ext) ?? type]).toEqual([ext, type])
      if (mime.getType(ext) === null) expect(type).toMatch(/^(image\/x-|video\/)/)
    }
  })

  test('holds every extension of an accepted type that the database knows, but .ts', () => {
    const missing: string[] = []
    const database: Record<string, string[]> = { ...standard, ...other }
    for (const [type, extensions] of Object.entries(database)) {
      for (const ext of extensions.map((e) => e.replace(/^\*/, ''))) {
        if (ext === 'ts' || mime.getType(ext) !== type) continue
        if (checkFile(`f.${ext}`, 1).kind && !ACCEPTED_EXTENSIONS.has(ext)) missing.push(ext)
      }
    }
    expect(missing).toEqual([])
  })

  test.each([
    'png',
    '.png',
    'IMG_0001.JPG',
    'dir/photo.png',
    'dir/png',
    'a.tar.gz',
    'notes.txt',
    'noext',
    'clip.MTS',
    'shot.CR3',
    'code.ts'
  ])('%s gets the type that mime gives it, or its camera type', (name) => {
    // As before the table: the camera types (none of them in the database), then the database.
    const fromDatabase = mime.getType(name)
    const camera = name.includes('.')
      ? ACCEPTED_EXTENSIONS.get(name.replace(/^.*\./, '').toLowerCase())
      : undefined
    expect(typeFromName(name)).toBe(fromDatabase ?? camera)
  })
})

test.each([
  ['noext', 'image/png', 'image/png', undefined],
  ['shot.bin', 'image/jpeg', 'image/jpeg', undefined],
  ['clip', 'video/mp4', 'video/mp4', undefined],
  [
    'noext',
    'application/pdf',
    'application/pdf',
    /not a type Google Photos accepts \(application\/pdf\)/
  ],
  ['noext', undefined, undefined, /unknown type/],
  ['a.txt', 'image/png', 'text/plain', /text\/plain/]
] as const)('checkFile(%s) with content %s → %s', (name, content, mimeType, rejection) => {
  const check = checkFile(name, 10, content)
  expect(check.mimeType).toBe(mimeType)
  if (rejection) expect(check.rejection).toMatch(rejection)
  else expect(check.rejection).toBeUndefined()
})

test('album-title: created on the first run, reused on the second; skip-existing uploads nothing again', async () => {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < 5; i++) files[`r/${i}.png`] = makePng(4, 4, 6000 + i)
  writeFiles(ws.workspace, files)
  const title = `Release v1.2.${Date.now()}`
  // More albums than one page of albums.list, so every page is read.
  for (let i = 0; i < 60; i++) emu.addAlbum({ title: `other ${i}` })
  const inputs = { ...auth(), files: 'r/*.png', 'album-title': title, 'skip-existing': 'true' }

  const before = emu.requests.length
  const first = await runAction(inputs, { ws })
  expect(first.failed).toBe(false)
  expect(first.outputs['created-count']).toBe('5')
  const albumId = first.outputs['album-id']
  expect(first.stdout).toContain(`Created the album "${title}" (${albumId}).`)
  expect(first.stdout).not.toContain('Using the existing album')
  expect(emu.albums().filter((a) => a.title === title)).toHaveLength(1)
  expect(first.report?.album?.created).toBe(true)

  const middle = emu.requests.length
  const second = await runAction(inputs, { ws })
  expect(second.failed).toBe(false)
  expect(second.outputs['album-id']).toBe(albumId)
  // Which album was found, as a creation is logged.
  expect(second.stdout).toContain(`Using the existing album "${title}" (${albumId}, 5 items).`)
  expect(second.stdout).not.toContain('Created the album')
  expect(second.report?.album?.created).toBe(false)
  expect(emu.albums().filter((a) => a.title === title)).toHaveLength(1)
  expect(second.outputs['skipped-count']).toBe('5')
  expect(second.outputs['created-count']).toBe('0')
  expect(JSON.parse(second.outputs['media-item-ids'] ?? '')).toEqual([null, null, null, null, null])
  const secondCalls = emu.requests.slice(middle)
  expect(secondCalls.filter((q) => q.op.startsWith('upload') || q.op === 'batchCreate')).toEqual([])
  expect(secondCalls.filter((q) => q.op === 'albums.list').length).toBeGreaterThanOrEqual(2)
  expect(emu.requests.slice(before, middle).filter((q) => q.op === 'albums.create')).toHaveLength(1)
  expect(emu.albumItemIds(albumId ?? '')).toHaveLength(5)
  // A skipped item links to the media item already in the album.
  const firstId = JSON.parse(first.outputs['media-item-ids'] ?? '[]')[0] as string
  const url = emu.mediaItem(firstId)?.productUrl ?? ''
  expect(second.report?.items[0]).toMatchObject({ mediaItemId: firstId, productUrl: url })
  expect(second.summary).toContain(`| <a href="${url}">0.png</a> |`)
})

test('skip-existing: each album item of a name stands for one file of that name, in input order', async () => {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < 3; i++) {
    files[`archive/2019/IMG_${i}.png`] = makePng(4, 4, 7100 + i)
    files[`archive/2020/IMG_${i}.png`] = makePng(4, 4, 7200 + i)
  }
  writeFiles(ws.workspace, files)
  const title = `Archive ${Date.now()}`
  const base = { ...auth(), 'album-title': title, 'skip-existing': 'true' }
  // A first run that got only as far as 2019 (a spent quota, say).
  const first = await runAction({ ...base, files: 'archive/2019/*.png' }, { ws })
  expect(first.outputs['created-count']).toBe('3')
  const made2019 = idsOf(first.outputs)

  const second = await runAction({ ...base, files: 'archive/**/*.png' }, { ws })
  expect(second.failed).toBe(false)
  expect(second.report?.items.map((i) => [i.source, i.outcome])).toEqual([
    ...[0, 1, 2].map((i) => [`archive/2019/IMG_${i}.png`, 'skipped']),
    ...[0, 1, 2].map((i) => [`archive/2020/IMG_${i}.png`, 'created'])
  ])
  expect(second.report?.items.slice(0, 3).map((i) => i.mediaItemId)).toEqual(made2019)
  expect(second.stdout).toContain(
    'skip-existing: 3 file name(s) are given to more than one item ("IMG_0.png" 2 times, and 2 other name(s)): each album item of a name stands for one of them, in input order.'
  )
  const made2020 = idsOf(second.outputs).slice(3)

  // Both years in the album: everything is skipped, each file named with its own item.
  const third = await runAction({ ...base, files: 'archive/**/*.png' }, { ws })
  expect(third.outputs['skipped-count']).toBe('6')
  expect(third.report?.items.map((i) => i.mediaItemId)).toEqual([...made2019, ...made2020])
  expect(emu.albumItemIds(third.outputs['album-id'] ?? '')).toHaveLength(6)
})

test('results-file: never taken as an item by `files`, and never the path of an input file', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'out/a.png': makePng(4, 4, 7300) })
  const inputs = { ...auth(), files: 'out/**', 'results-file': 'out/photos-results.json' }
  const first = await runAction(inputs, { ws })
  expect(first.outputs['created-count']).toBe('1')
  expect(fs.existsSync(path.join(ws.workspace, 'out/photos-results.json'))).toBe(true)
  // The report of the run before is in the glob's reach now.
  const second = await runAction(inputs, { ws })
  expect(second.failed).toBe(false)
  expect(second.report?.items.map((i) => i.source)).toEqual(['out/a.png'])
  expect(second.stdout).toContain(
    'Left out out/photos-results.json, which `files` matches: it is the `results-file` this run writes.'
  )

  // A pattern that matches the report alone matches nothing: a wrong input, with no call.
  const quiet = emu.requests.length
  const onlyReport = await runAction(
    { ...auth(), files: 'out/*.json', 'results-file': 'out/photos-results.json' },
    { ws }
  )
  expect(onlyReport.failed).toBe(true)
  expect(onlyReport.stdout).toMatch(/::error::Input `files`/)
  expect(emu.requests.length).toBe(quiet)

  writeFiles(ws.workspace, { 'tokens.txt': 'tokenA\ta.png\n' })
  const before = emu.requests.length
  const same = await runAction(
    { ...auth(), 'tokens-file': 'tokens.txt', 'results-file': 'tokens.txt' },
    { ws }
  )
  expect(same.failed).toBe(true)
  expect(same.stdout).toMatch(
    /::error::Input `results-file`: .*tokens\.txt is also `tokens-file`: the report would replace it\. Give the report another path/
  )
  expect(fs.readFileSync(path.join(ws.workspace, 'tokens.txt'), 'utf8')).toBe('tokenA\ta.png\n')
  expect(emu.requests.length).toBe(before)
})

test('two files with the same bytes: both created, as one media item, and the log says why the album holds it once', async () => {
  const ws = makeWorkspace()
  const same = makePng(4, 4, 7400)
  writeFiles(ws.workspace, { 'd/a.png': same, 'd/b.png': same, 'd/c.png': makePng(4, 4, 7401) })
  const album = emu.addAlbum({ title: 'Same bytes' })
  const r = await runAction({ ...auth(), files: 'd/*.png', 'album-id': album.id }, { ws })
  expect(r.outputs['created-count']).toBe('3')
  const ids = idsOf(r.outputs)
  expect(ids[1]).toBe(ids[0])
  expect(emu.albumItemIds(album.id)).toHaveLength(2)
  expect(r.stdout).toContain(
    '::warning::1 created item(s) share their media item with another item of this run (#2 d/b.png with #1 d/a.png): their bytes are the same, and Google keeps one media item for identical bytes, so the album holds it once.'
  )
  // With skip-existing, the album shows one item (named a.png) for the two: b.png is made
  // again on every run, and the log says why.
  const again = await runAction(
    { ...auth(), files: 'd/*.png', 'album-id': album.id, 'skip-existing': 'true' },
    { ws }
  )
  expect(again.report?.items.map((i) => i.outcome)).toEqual(['skipped', 'created', 'skipped'])
  expect(again.stdout).toMatch(
    /::warning::1 created item\(s\) share their media item with another item of this run \(#2 d\/b\.png with #1 d\/a\.png\).*; the media item keeps the first one's file name, so `skip-existing` does not find the other in the album, and it is created again on every run\./
  )
})

describe('globs', () => {
  test('patterns in order, matches sorted, each file once, a pattern matching nothing warns', async () => {
    const ws = makeWorkspace()
    writeFiles(ws.workspace, {
      'x/b.png': 'b',
      'x/a.png': 'a',
      'y/c.jpg': 'c',
      'y/sub/d.jpg': 'd'
    })
    const { files, warnings } = await expandFiles(['y/**/*.jpg', 'x/*.png', 'x/a.png', 'z/*.gif'], {
      workspace: ws.workspace
    })
    expect(files.map((f) => f.source)).toEqual(['y/c.jpg', 'y/sub/d.jpg', 'x/a.png', 'x/b.png'])
    expect(files.map((f) => f.index)).toEqual([0, 1, 2, 3])
    expect(warnings).toEqual(['No file matched the pattern "z/*.gif".'])
  })

  test('onFirstFile comes once, at the first file found, before later patterns are walked', async () => {
    const ws = makeWorkspace()
    writeFiles(ws.workspace, { 'dirs-only/sub/a.png': 'a', 'x/a.png': 'a', 'x/b.png': 'b' })
    let calls = 0
    const { files } = await expandFiles(['dirs-only/*', 'x/*.png', 'later/*.png'], {
      workspace: ws.workspace,
      onFirstFile: () => {
        calls++
        // Seen by the walk of the third pattern only if this comes while x/ is walked.
        writeFiles(ws.workspace, { 'later/new.png': 'n' })
      }
    })
    expect(calls).toBe(1)
    expect(files.map((f) => f.source)).toEqual(['x/a.png', 'x/b.png', 'later/new.png'])
    // A directory alone, or nothing, is no file: no call.
    await expandFiles(['dirs-only/*', 'nothing/*.png'], {
      workspace: ws.workspace,
      onFirstFile: () => calls++
    })
    expect(calls).toBe(1)
  })

  test('`!pattern` lines exclude files from every pattern', async () => {
    const ws = makeWorkspace()
    writeFiles(ws.workspace, {
      'x/a.png': 'a',
      'x/skip.png': 's',
      'y/b.png': 'b',
      'y/draft-1.png': 'd'
    })
    const { files, warnings } = await expandFiles(
      ['x/*.png', '!**/skip.png', 'y/*.png', '!y/draft-*'],
      {
        workspace: ws.workspace
      }
    )
    expect(files.map((f) => f.source)).toEqual(['x/a.png', 'y/b.png'])
    expect(warnings).toEqual([])
  })

  test('files anywhere the runner can read are taken; links lead to one file', async () => {
    const ws = makeWorkspace()
    const outside = makeWorkspace()
    writeFiles(outside.workspace, { 'elsewhere.png': 's' })
    writeFiles(ws.workspace, { 'in/real.png': 'r' })
    fs.symlinkSync(
      path.join(outside.workspace, 'elsewhere.png'),
      path.join(ws.workspace, 'in/out.png')
    )
    fs.symlinkSync(path.join(ws.workspace, 'in/real.png'), path.join(ws.workspace, 'in/same.png'))
    const { files } = await expandFiles(['in/*.png', path.join(outside.workspace, '*.png')], {
      workspace: ws.workspace
    })
    // same.png leads to real.png, and elsewhere.png to out.png's target: both already taken.
    expect(files.map((f) => [f.source, f.rejection])).toEqual([
      ['in/out.png', undefined],
      ['in/real.png', undefined]
    ])
    const direct = await expandFiles([path.join(outside.workspace, '*.png')], {
      workspace: ws.workspace
    })
    expect(direct.files.map((f) => [f.source, f.rejection])).toEqual([
      [path.join(outside.workspace, 'elsewhere.png'), undefined]
    ])
  })

  test('hard links are two files: two names of one inode are both taken', async () => {
    const ws = makeWorkspace()
    writeFiles(ws.workspace, { 'in/first.png': 'h' })
    fs.linkSync(path.join(ws.workspace, 'in/first.png'), path.join(ws.workspace, 'in/second.png'))
    fs.symlinkSync(
      path.join(ws.workspace, 'in/second.png'),
      path.join(ws.workspace, 'in/third.png')
    )
    const { files } = await expandFiles(['in/*.png', 'in/second.png'], {
      workspace: ws.workspace
    })
    // third.png leads to second.png, and the second pattern matches second.png again.
    expect(files.map((f) => f.source)).toEqual(['in/first.png', 'in/second.png'])
  })

  test('sizes come from the file system: a sparse 210 MB photo is rejected, its size kept', async () => {
    const ws = makeWorkspace()
    const big = path.join(ws.workspace, 'big.jpg')
    fs.writeFileSync(big, '')
    fs.truncateSync(big, 210 * 1024 * 1024)
    const { files } = await expandFiles(['*.jpg'], {
      workspace: ws.workspace
    })
    expect(files).toEqual([
      {
        index: 0,
        path: big,
        source: 'big.jpg',
        fileName: 'big.jpg',
        size: 210 * 1024 * 1024,
        mimeType: 'image/jpeg',
        kind: 'photo',
        rejection: 'too large: 210.0 MB, photos may be up to 200 MB'
      }
    ])
  })
})

test.each([
  ['a.jpg', 10, 'image/jpeg', undefined],
  ['a.JPEG', 10, 'image/jpeg', undefined],
  ['a.heic', 10, 'image/heic', undefined],
  ['a.webp', 10, 'image/webp', undefined],
  ['a.mp4', 10, 'video/mp4', undefined],
  ['a.mov', 10, 'video/quicktime', undefined],
  ['a.mts', 10, 'video/mp2t', undefined],
  ['a.mkv', 10, 'video/x-matroska', undefined],
  ['a.jfif', 10, 'image/pjpeg', undefined],
  ['a.gif', 10, 'image/gif', undefined],
  ['a.tiff', 10, 'image/tiff', undefined],
  ['a.avif', 10, 'image/avif', undefined],
  ['a.ico', 10, 'image/vnd.microsoft.icon', undefined],
  ['a.dng', 10, 'image/x-adobe-dng', undefined],
  ['a.CR2', 10, 'image/x-canon-cr2', undefined],
  ['a.nef', 10, 'image/x-nikon-nef', undefined],
  ['a.arw', 10, 'image/x-sony-arw', undefined],
  ['a.3gp', 10, 'video/3gpp', undefined],
  ['a.avi', 10, 'video/x-msvideo', undefined],
  ['a.wmv', 10, 'video/x-ms-wmv', undefined],
  ['a.m2ts', 10, 'video/mp2t', undefined],
  ['a.mod', 10, 'video/x-mod', undefined],
  ['a.tod', 10, 'video/x-tod', undefined],
  ['a.divx', 10, 'video/divx', undefined],
  ['a.ts', 10, 'video/mp2t', /not a type Google Photos accepts \(\.ts files\)/],
  [
    'a.txt',
    10,
    'text/plain',
    /^not a type Google Photos accepts \(text\/plain\); it takes photos and videos$/
  ],
  ['a.svg', 10, 'image/svg+xml', /not a type/],
  ['a.pdf', 10, 'application/pdf', /not a type/],
  ['noext', 10, undefined, /unknown type/],
  ['a.png', 0, 'image/png', /empty/],
  ['a.png', 200 * 1024 * 1024, 'image/png', undefined],
  ['a.png', 200 * 1024 * 1024 + 1, 'image/png', /photos may be up to 200 MB/],
  ['a.png', 210 * 1024 * 1024, 'image/png', /^too large: 210\.0 MB, photos may be up to 200 MB$/],
  ['a.mp4', 0, 'video/mp4', /empty/],
  ['a.mp4', 20 * 1024 ** 3, 'video/mp4', undefined],
  ['a.mp4', 20 * 1024 ** 3 + 1, 'video/mp4', /videos may be up to 20 GB/],
  ['a.mp4', 25 * 1024 ** 3, 'video/mp4', /^too large: 25\.0 GB, videos may be up to 20 GB$/],
  [`${'n'.repeat(251)}.png`, 10, 'image/png', undefined],
  [`${'n'.repeat(252)}.png`, 10, 'image/png', /at most 255/],
  // Characters as Google counts them: an emoji is one, though two UTF-16 units.
  [`${'🌅'.repeat(251)}.png`, 10, 'image/png', undefined],
  [`${'🌅'.repeat(252)}.png`, 10, 'image/png', /the file name is 256 characters/]
] as const)('checkFile(%s, %d) → %s', (name, size, mimeType, rejection) => {
  const check = checkFile(name, size)
  expect(check.mimeType).toBe(mimeType)
  if (rejection) expect(check.rejection).toMatch(rejection)
  else expect(check.rejection).toBeUndefined()
})

test('album-title: a lost albums.create answer does not leave two albums', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'l/a.png': makePng(4, 4, 7000) })
  const title = `Lost album ${Date.now()}`
  emu.inject({ op: 'albums.create', fault: { type: 'lost-answer' } })
  const r = await runAction({ ...auth(), files: 'l/*.png', 'album-title': title }, { ws })
  expect(r.failed).toBe(false)
  const albums = emu.albums().filter((a) => a.title === title)
  expect(albums).toHaveLength(1)
  expect(r.outputs['album-id']).toBe(albums[0]?.id)
  expect(emu.albumItemIds(albums[0]?.id ?? '')).toHaveLength(1)
})
