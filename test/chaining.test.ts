/**
 * A later step chains the action's own outputs: `media-item-ids` of a create run goes to
 * `get` mode as it is, `null` entries included. And a list with no item at all is a wrong
 * input like any other.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { makeWorkspace, runAction, runDist, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.clearFaults())

const auth = () => ({ 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl })

const idsOf = (outputs: Record<string, string>) =>
  JSON.parse(outputs['media-item-ids'] ?? 'null') as (string | null)[]

test('the bundled action in get mode reads the media-item-ids output of a create run, nulls kept', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, {
    'shots/a.png': makePng(3, 3, 9001),
    'shots/b.png': makePng(3, 3, 9002),
    'shots/c.png': makePng(3, 3, 9003)
  })
  emu.failItemsWhere(({ fileName }) =>
    fileName === 'b.png'
      ? { code: 3, message: 'Failed: There was an error while trying to create this media item.' }
      : undefined
  )
  const created = await runDist(
    { ...auth(), files: 'shots/*.png', 'fail-on-error': 'false' },
    { ws }
  )
  emu.failItemsWhere(() => undefined)
  const chained = created.outputs['media-item-ids'] ?? ''
  const ids = JSON.parse(chained) as (string | null)[]
  expect(ids).toHaveLength(3)
  expect(ids[1]).toBeNull()

  const before = emu.calls('batchGet').length
  const got = await runDist({ ...auth(), mode: 'get', 'media-item-ids': chained })
  expect(got.exitCode).toBe(0)
  // The null keeps its place; the other two were read in one call.
  expect(idsOf(got.outputs)).toEqual(ids)
  expect(got.outputs['created-count']).toBe('2')
  expect(got.outputs['skipped-count']).toBe('1')
  expect(got.outputs['failed-count']).toBe('0')
  expect(emu.calls('batchGet').length - before).toBe(1)
  expect(emu.calls('batchGet').at(-1)?.url).not.toContain('null')
  const skipped = got.report?.items[1]
  expect(skipped).toMatchObject({
    outcome: 'skipped',
    source: 'media-item-ids[1]',
    status: { message: 'No media item id: the item failed or was skipped upstream.' }
  })
  expect(got.report?.items.map((i) => i.fileName)).toEqual(['a.png', undefined, 'c.png'])
})

test('media-item-ids-file takes the same JSON, nulls included', async () => {
  const ws = makeWorkspace()
  const id = emu.addMediaItem({ fileName: 'kept.jpg' }).id
  fs.writeFileSync(path.join(ws.workspace, 'ids.json'), JSON.stringify([null, id]))
  const r = await runAction({ ...auth(), mode: 'get', 'media-item-ids-file': 'ids.json' }, { ws })
  expect(r.failed).toBe(false)
  expect(idsOf(r.outputs)).toEqual([null, id])
  expect(r.report?.items[0]).toMatchObject({ outcome: 'skipped', source: 'ids.json[0]' })
})

test("a get step reads the create step's report at its default path: its own report goes beside it", async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(4, 4, 8100), 'b.png': makePng(4, 4, 8101) })
  const created = await runAction({ ...auth(), files: '*.png' }, { ws })
  const reportFile = created.outputs['results-file'] ?? ''
  expect(reportFile).toBe(path.join(ws.temp, 'photos-results.json'))
  const createReport = fs.readFileSync(reportFile, 'utf8')

  const got = await runAction({ ...auth(), mode: 'get', 'media-item-ids-file': reportFile }, { ws })
  expect(got.failed).toBe(false)
  expect(idsOf(got.outputs)).toEqual(idsOf(created.outputs))
  expect(got.outputs['results-file']).toBe(path.join(ws.temp, 'photos-results-2.json'))
  expect(got.stdout).toContain(
    `The report goes to ${path.join(ws.temp, 'photos-results-2.json')}: its default path is a file this run reads`
  )
  // The create step's report is untouched.
  expect(fs.readFileSync(reportFile, 'utf8')).toBe(createReport)

  // A dry run's report holds no id: said so, before any call.
  const dry = await runAction(
    { ...auth(), files: '*.png', 'dry-run': 'true', 'results-file': 'dry.json' },
    { ws }
  )
  expect(dry.failed).toBe(false)
  const before = emu.requests.length
  const fromDry = await runAction(
    { ...auth(), mode: 'get', 'media-item-ids-file': 'dry.json' },
    { ws }
  )
  expect(fromDry.failed).toBe(true)
  expect(fromDry.stdout).toMatch(
    /::error::Input `media-item-ids-file`: dry\.json is the report of a dry run, which makes no media item/
  )
  expect(emu.requests).toHaveLength(before)
})

test('only nulls: every item skipped, and no Library API call', async () => {
  const before = emu.requests.filter((q) => q.op !== 'tokeninfo').length
  const r = await runAction({ ...auth(), mode: 'get', 'media-item-ids': '[null, null]' })
  expect(r.failed).toBe(false)
  expect(idsOf(r.outputs)).toEqual([null, null])
  expect(r.outputs['skipped-count']).toBe('2')
  expect(emu.requests.filter((q) => q.op !== 'tokeninfo')).toHaveLength(before)
})

describe('no item at all is a wrong input: no call, empty outputs, no report, no stop', () => {
  const expectInputError = (
    r: Awaited<ReturnType<typeof runAction>>,
    input: string,
    message: RegExp
  ) => {
    expect(r.failed).toBe(true)
    expect(r.stdout).toMatch(new RegExp(`::error::Input \`${input}\`: ${message.source}`))
    expect(r.outputs).toMatchObject({
      'media-item-ids': '[]',
      'total-count': '0',
      'failed-count': '0',
      'results-file': ''
    })
    expect(r.summary).toBe('')
    expect(r.summary).not.toContain('[!CAUTION]')
  }

  test.each([
    ['media-item-ids: ",,"', ',,', /",," holds no media item id/],
    ['media-item-ids: "[]"', '[]', /"\[\]" holds no media item id/]
  ])('%s', async (_name, value, message) => {
    const before = emu.requests.length
    const r = await runAction({ ...auth(), mode: 'get', 'media-item-ids': value })
    expectInputError(r, 'media-item-ids', message)
    expect(emu.requests).toHaveLength(before)
  })

  test('media-item-ids holds a JSON value that is not an id', async () => {
    const r = await runAction({ ...auth(), mode: 'get', 'media-item-ids': '["ok", 3]' })
    expectInputError(r, 'media-item-ids', /the JSON array\[1\]: expected a media item id/)
  })

  test('an empty media-item-ids-file', async () => {
    const ws = makeWorkspace()
    fs.writeFileSync(path.join(ws.workspace, 'ids.txt'), '# none today\n')
    const before = emu.requests.length
    const r = await runAction({ ...auth(), mode: 'get', 'media-item-ids-file': 'ids.txt' }, { ws })
    expectInputError(
      r,
      'media-item-ids-file',
      /ids\.txt holds no media item id: nothing to get\. Write one id a line, a JSON array of ids, or give a create step's report\./
    )
    expect(emu.requests).toHaveLength(before)
  })

  test('files that match nothing', async () => {
    const before = emu.requests.length
    const r = await runAction({ ...auth(), files: 'nowhere/*.png' })
    expectInputError(r, 'files', /no file matched any pattern/)
    expect(emu.requests).toHaveLength(before)
  })

  test('a tokens-file with no token', async () => {
    const ws = makeWorkspace()
    fs.writeFileSync(path.join(ws.workspace, 'tokens.txt'), '\n# nothing\n')
    const r = await runAction({ ...auth(), 'tokens-file': 'tokens.txt' }, { ws })
    expectInputError(r, 'tokens-file', /.*tokens.txt holds no upload token/)
  })

  test('an album-id this client cannot see (found by albums.get, a read)', async () => {
    const theirs = emu.addAlbum({ title: 'theirs', appCreated: false })
    const ws = makeWorkspace()
    writeFiles(ws.workspace, { 'a.png': makePng(2, 2, 9100) })
    const before = emu.requests.length
    const r = await runAction({ ...auth(), files: 'a.png', 'album-id': theirs.id }, { ws })
    expectInputError(r, 'album-id', /no album with id/)
    expect(emu.requests.slice(before).map((q) => q.op)).toEqual(['tokeninfo', 'albums.get'])
  })
})
