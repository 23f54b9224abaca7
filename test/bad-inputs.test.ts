/**
 * Bad inputs, run through the whole action: each gets one clear error that names the
 * input and the fix, and no call that changes anything is made.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { makeWorkspace, runAction, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})

const WRITES = ['upload', 'upload.start', 'upload.chunk', 'batchCreate', 'albums.create']

type Inputs = Record<string, string | undefined>
const base = (): Inputs => ({ 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl })

interface Case {
  name: string
  inputs: (ws: string) => Inputs
  input: string
  message: RegExp
}

const cases: Case[] = [
  {
    name: 'unknown mode',
    inputs: () => ({ ...base(), mode: 'upload', files: 'a.png' }),
    input: 'mode',
    message: /create.*get/
  },
  {
    name: 'create without files or tokens',
    inputs: () => base(),
    input: 'files',
    message: /tokens-file/
  },
  {
    name: 'get without ids',
    inputs: () => ({ ...base(), mode: 'get' }),
    input: 'media-item-ids',
    message: /media-item-ids-file/
  },
  {
    name: 'files in get mode',
    inputs: () => ({ ...base(), mode: 'get', 'media-item-ids': 'abc', files: 'a.png' }),
    input: 'files',
    message: /get/
  },
  {
    name: 'album in get mode',
    inputs: () => ({ ...base(), mode: 'get', 'media-item-ids': 'abc', 'album-id': 'x' }),
    input: 'album-id',
    message: /get/
  },
  {
    name: 'ids in create mode',
    inputs: () => ({ ...base(), files: 'a.png', 'media-item-ids': 'abc' }),
    input: 'media-item-ids',
    message: /get/
  },
  {
    name: 'album-id and album-title',
    inputs: () => ({ ...base(), files: 'a.png', 'album-id': 'x', 'album-title': 'y' }),
    input: 'album-id',
    message: /album-title/
  },
  {
    name: 'unknown position',
    inputs: () => ({ ...base(), files: 'a.png', 'album-id': 'x', position: 'middle' }),
    input: 'position',
    message: /first-in-album/
  },
  {
    name: 'position without album',
    inputs: () => ({ ...base(), files: 'a.png', position: 'first-in-album' }),
    input: 'position',
    message: /album/
  },
  {
    name: 'after-media-item without relative id',
    inputs: () => ({ ...base(), files: 'a.png', 'album-id': 'x', position: 'after-media-item' }),
    input: 'position',
    message: /relative-item-id/
  },
  {
    name: 'after-enrichment-item without relative id',
    inputs: () => ({
      ...base(),
      files: 'a.png',
      'album-id': 'x',
      position: 'AFTER_ENRICHMENT_ITEM'
    }),
    input: 'position',
    message: /relative-item-id/
  },
  {
    name: 'relative id with first-in-album',
    inputs: () => ({
      ...base(),
      files: 'a.png',
      'album-id': 'x',
      position: 'first-in-album',
      'relative-item-id': 'm'
    }),
    input: 'relative-item-id',
    message: /after-/
  },
  {
    name: 'description too long',
    inputs: () => ({ ...base(), files: 'a.png', description: 'd'.repeat(1000) }),
    input: 'description',
    message: /1000/
  },
  {
    name: 'no credentials',
    inputs: () => ({ files: 'a.png', 'api-endpoint': emu.baseUrl }),
    input: 'access-token',
    message: /client-id/
  },
  {
    name: 'both credential forms',
    inputs: () => ({ ...base(), files: 'a.png', 'client-id': 'c' }),
    input: 'access-token',
    message: /client-id/
  },
  {
    name: 'incomplete OAuth trio',
    inputs: () => ({ files: 'a.png', 'client-id': 'c', 'client-secret': 's' }),
    input: 'refresh-token',
    message: /refresh-token/
  },
  {
    name: 'concurrency not a number',
    inputs: () => ({ ...base(), files: 'a.png', concurrency: 'many' }),
    input: 'concurrency',
    message: /1/
  },
  {
    name: 'concurrency out of range',
    inputs: () => ({ ...base(), files: 'a.png', concurrency: '0' }),
    input: 'concurrency',
    message: /1/
  },
  {
    name: 'dry-run not a boolean',
    inputs: () => ({ ...base(), files: 'a.png', 'dry-run': 'yes' }),
    input: 'dry-run',
    message: /true/
  },
  {
    name: 'fail-on-error not a boolean',
    inputs: () => ({ ...base(), files: 'a.png', 'fail-on-error': 'maybe' }),
    input: 'fail-on-error',
    message: /true/
  },
  {
    name: 'skip-existing without album',
    inputs: () => ({ ...base(), files: 'a.png', 'skip-existing': 'true' }),
    input: 'skip-existing',
    message: /album/
  },
  {
    name: 'http api-endpoint off loopback',
    inputs: () => ({ ...base(), files: 'a.png', 'api-endpoint': 'http://photos.example.com' }),
    input: 'api-endpoint',
    message: /https/
  },
  {
    name: 'token-endpoint not a URL',
    inputs: () => ({
      files: 'a.png',
      'client-id': 'c',
      'client-secret': 's',
      'refresh-token': 'r',
      'token-endpoint': 'not a url'
    }),
    input: 'token-endpoint',
    message: /URL/
  },
  {
    name: 'tokens-file missing',
    inputs: () => ({ ...base(), 'tokens-file': 'missing.txt' }),
    input: 'tokens-file',
    message: /missing\.txt/
  },
  {
    name: 'tokens-file that is a directory',
    inputs: () => ({ ...base(), 'tokens-file': '/etc' }),
    input: 'tokens-file',
    message: /\/etc is not a regular file \(it is a directory\)/
  },
  {
    name: 'results-file that cannot be written',
    inputs: () => ({ ...base(), files: 'a.png', 'results-file': '/etc/passwd/report.json' }),
    input: 'results-file',
    message: /cannot be written/
  },
  {
    name: 'media item id with bad characters',
    inputs: () => ({ ...base(), mode: 'get', 'media-item-ids': 'abc;rm -rf' }),
    input: 'media-item-ids',
    message: /character/
  },
  {
    name: 'album title over 500 characters',
    inputs: () => ({ ...base(), files: 'a.png', 'album-title': 't'.repeat(501) }),
    input: 'album-title',
    message: /500/
  },
  {
    name: 'tokens-file with bad JSON',
    inputs: (ws) => {
      fs.writeFileSync(path.join(ws, 'bad.json'), '[{"uploadToken": 1}]')
      return { ...base(), 'tokens-file': 'bad.json' }
    },
    input: 'tokens-file',
    message: /\[0\]|token/
  },
  {
    name: 'tokens-file that holds no token',
    inputs: (ws) => {
      fs.writeFileSync(path.join(ws, 'none.txt'), '\n# none\n')
      return { ...base(), 'tokens-file': 'none.txt' }
    },
    input: 'tokens-file',
    message: /no upload token/
  },
  {
    name: 'files that match nothing',
    inputs: () => ({ ...base(), files: 'nothing/*.png' }),
    input: 'files',
    message: /no file matched/
  },
  {
    name: 'files that name a directory',
    inputs: (ws) => {
      writeFiles(ws, { 'shots/a.png': makePng(4, 4, 98) })
      return { ...base(), files: 'shots' }
    },
    input: 'files',
    message:
      /no file matched, so nothing to create\. "shots": it is a directory\. Write `shots\/\*\*` for every file below it, or `shots\/\*\.png` for some\./
  },
  {
    name: 'comma-separated patterns on one line',
    inputs: (ws) => {
      writeFiles(ws, { 'a/x.png': makePng(4, 4, 97), 'b/y.jpg': makePng(4, 4, 96) })
      return { ...base(), files: 'a/*.png, b/*.jpg' }
    },
    input: 'files',
    message:
      /"a\/\*\.png, b\/\*\.jpg": patterns go one a line, not separated by commas\. Write `a\/\*\.png`, `b\/\*\.jpg` on lines of their own\./
  },
  {
    name: 'description of 1000 emoji',
    inputs: () => ({ ...base(), files: 'ok/*.png', description: '📷'.repeat(1000) }),
    input: 'description',
    message: /is 1000 characters long/
  },
  {
    name: 'album-id the client did not create',
    inputs: () => ({
      ...base(),
      files: 'ok/*.png',
      'album-id': emu.addAlbum({ title: 'theirs', appCreated: false }).id
    }),
    input: 'album-id',
    message: /created|album-title/
  }
]

const more: Case[] = [
  {
    name: 'description in get mode',
    inputs: () => ({ ...base(), mode: 'get', 'media-item-ids': 'abc', description: 'd' }),
    input: 'description',
    message: /mode: get/
  },
  {
    name: 'position in get mode',
    inputs: () => ({ ...base(), mode: 'get', 'media-item-ids': 'abc', position: 'first-in-album' }),
    input: 'position',
    message: /mode: get/
  },
  {
    name: 'skip-existing in get mode',
    inputs: () => ({ ...base(), mode: 'get', 'media-item-ids': 'abc', 'skip-existing': 'true' }),
    input: 'skip-existing',
    message: /mode: get/
  },
  {
    name: 'tokens-file in get mode',
    inputs: () => ({ ...base(), mode: 'get', 'media-item-ids': 'abc', 'tokens-file': 't.txt' }),
    input: 'tokens-file',
    message: /mode: get/
  },
  {
    name: 'ids file in create mode',
    inputs: () => ({ ...base(), files: 'a.png', 'media-item-ids-file': 'ids.txt' }),
    input: 'media-item-ids-file',
    message: /mode: get/
  },
  {
    name: 'media-item-ids-file missing',
    inputs: () => ({ ...base(), mode: 'get', 'media-item-ids-file': 'ids.txt' }),
    input: 'media-item-ids-file',
    message: /does not exist/
  },
  {
    name: 'album id with bad characters',
    inputs: () => ({ ...base(), files: 'a.png', 'album-id': 'a/../b' }),
    input: 'album-id',
    message: /characters/
  },
  {
    name: 'relative id with bad characters',
    inputs: () => ({
      ...base(),
      files: 'a.png',
      'album-id': 'x',
      position: 'after-media-item',
      'relative-item-id': 'a b'
    }),
    input: 'relative-item-id',
    message: /characters/
  },
  {
    name: 'concurrency over 32',
    inputs: () => ({ ...base(), files: 'a.png', concurrency: '33' }),
    input: 'concurrency',
    message: /32/
  },
  {
    name: 'summary not a boolean',
    inputs: () => ({ ...base(), files: 'a.png', summary: 'on' }),
    input: 'summary',
    message: /true/
  },
  {
    name: 'skip-existing not a boolean',
    inputs: () => ({ ...base(), files: 'a.png', 'album-id': 'x', 'skip-existing': '1' }),
    input: 'skip-existing',
    message: /true/
  },
  {
    name: 'http token-endpoint off loopback',
    inputs: () => ({
      files: 'a.png',
      'client-id': 'c',
      'client-secret': 's',
      'refresh-token': 'r',
      'token-endpoint': 'http://oauth.example.com/token'
    }),
    input: 'token-endpoint',
    message: /https/
  },
  {
    name: 'access-token with refresh-token',
    inputs: () => ({ ...base(), files: 'a.png', 'refresh-token': 'r' }),
    input: 'access-token',
    message: /either/
  },
  {
    name: 'OAuth trio without client-id',
    inputs: () => ({ files: 'a.png', 'client-secret': 's', 'refresh-token': 'r' }),
    input: 'client-id',
    message: /go together/
  },
  {
    name: 'tokens-file is a directory',
    inputs: (ws) => {
      fs.mkdirSync(path.join(ws, 'dir'))
      return { ...base(), 'tokens-file': 'dir' }
    },
    input: 'tokens-file',
    message: /not a regular file/
  },
  {
    name: 'tokens-file entry with a file name over 255',
    inputs: (ws) => {
      fs.writeFileSync(path.join(ws, 'long.txt'), `tok\t${'n'.repeat(256)}.jpg\n`)
      return { ...base(), 'tokens-file': 'long.txt' }
    },
    input: 'tokens-file',
    message: /255/
  },
  {
    name: 'after-media-item in an album that the run would create',
    inputs: () => ({
      ...base(),
      files: 'ok/a.png',
      'album-title': `Not there yet ${Date.now()}`,
      position: 'after-media-item',
      'relative-item-id': 'someItemId'
    }),
    input: 'relative-item-id',
    message: /no album is titled "Not there yet \d+": this run would create it empty/
  },
  {
    name: 'after-enrichment-item in an album that a dry run would create',
    inputs: () => ({
      ...base(),
      files: 'ok/a.png',
      'album-title': `Not there yet ${Date.now()}`,
      position: 'after-enrichment-item',
      'relative-item-id': 'someEnrichmentId',
      'dry-run': 'true'
    }),
    input: 'relative-item-id',
    message: /names an enrichment to place items after, but no album is titled/
  },
  {
    name: 'ids file with a bad id',
    inputs: (ws) => {
      fs.writeFileSync(path.join(ws, 'ids.txt'), 'ok1\nnot ok\n')
      return { ...base(), mode: 'get', 'media-item-ids-file': 'ids.txt' }
    },
    input: 'media-item-ids-file',
    message: /not a media item id/
  }
]
cases.push(...more)

test.each(cases)('$name → error on `$input`, no write call', async ({ inputs, input, message }) => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'ok/a.png': makePng(4, 4, 99) })
  const before = emu.requests.length
  const r = await runAction(inputs(ws.workspace), { ws })
  expect(r.failed).toBe(true)
  const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain(`Input \`${input}\``)
  expect(errors[0]).toMatch(message)
  const writes = emu.requests.slice(before).filter((q) => WRITES.includes(q.op))
  expect(writes).toEqual([])
})

describe('inputs met halfway', () => {
  let seed = 90
  const createdWith = async (inputs: Inputs) => {
    const ws = makeWorkspace()
    // New bytes each time: Google gives identical bytes the media item made first.
    writeFiles(ws.workspace, { 'ok/a.png': makePng(4, 4, seed--) })
    const r = await runAction({ ...base(), files: 'ok/*.png', ...inputs }, { ws })
    return { r, item: emu.mediaItem(r.report?.items[0]?.mediaItemId ?? '') }
  }

  test.each(['/v1', '/v1/'])(
    'api-endpoint ending in %s, as Google writes it, is used',
    async (tail) => {
      const before = emu.requests.length
      const { r, item } = await createdWith({ 'api-endpoint': `${emu.baseUrl}${tail}` })
      expect(r.failed).toBe(false)
      expect(item?.filename).toBe('a.png')
      const paths = emu.requests.slice(before).map((q) => q.path)
      expect(paths.some((p) => p.startsWith('/v1/v1'))).toBe(false)
    }
  )

  test('a description of 600 emoji is 600 characters, and is given to the item', async () => {
    const description = '📷'.repeat(600)
    const { r, item } = await createdWith({ description })
    expect(r.failed).toBe(false)
    expect(item?.description).toBe(description)
  })

  test('a directory next to a pattern that matches: a warning that says the fix, and the run goes on', async () => {
    const ws = makeWorkspace()
    writeFiles(ws.workspace, { 'ok/a.png': makePng(4, 4, 80), 'shots/b.png': makePng(4, 4, 79) })
    const r = await runAction({ ...base(), files: 'ok/*.png\nshots/' }, { ws })
    expect(r.failed).toBe(false)
    expect(r.outputs['created-count']).toBe('1')
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::warning'))).toEqual([
      '::warning::No file matched the pattern "shots/": it is a directory. Write `shots/**` for every file below it, or `shots/*.png` for some.'
    ])
  })
})
