/** The bundled action, run as GitHub runs it: `node dist/index.js` with INPUT_* variables. */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { GitHubFake } from './github/index.js'
import { makeWorkspace, ROOT, runAction, runDist, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})

/** Read at test time: the version a release bumps in package.json alone. */
const packageVersion = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version

const oauth = () => ({
  'client-id': 'test-client-id',
  'client-secret': 'test-client-secret',
  'refresh-token': 'test-refresh-token',
  'token-endpoint': emu.tokenEndpoint,
  'api-endpoint': emu.baseUrl
})

test('dist/index.js: tokens then files into a titled album, verified; outputs, report and summary', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, {
    'shots/b.png': makePng(8, 8, 2),
    'shots/a.png': makePng(8, 8, 1)
  })
  const token = emu.createUploadToken({ fileName: 'made-elsewhere.jpg' })
  fs.writeFileSync(path.join(ws.workspace, 'tokens.txt'), `${token}\tmade-elsewhere.jpg\n`)

  const r = await runDist(
    {
      ...oauth(),
      files: 'shots/*.png',
      'tokens-file': 'tokens.txt',
      'album-title': 'Dist album',
      verify: 'true'
    },
    { ws }
  )
  expect(r.stderr).toBe('')
  expect(r.exitCode).toBe(0)
  const ids = JSON.parse(r.outputs['media-item-ids'] ?? '[]') as string[]
  expect(ids).toHaveLength(3)
  expect(ids.map((id) => emu.mediaItem(id)?.filename)).toEqual([
    'made-elsewhere.jpg',
    'a.png',
    'b.png'
  ])
  const album = emu.albums().find((a) => a.title === 'Dist album')
  expect(r.outputs['album-id']).toBe(album?.id)
  expect(r.outputs['album-url']).toBe(album?.productUrl)
  expect(emu.albumItemIds(album?.id ?? '')).toEqual(ids)
  expect(r.outputs['created-count']).toBe('3')
  expect(r.report?.items.map((i) => i.source)).toEqual([
    'tokens.txt:1',
    'shots/a.png',
    'shots/b.png'
  ])
  expect(r.outputs['results-file']).toBe(
    path.join(path.dirname(ws.workspace), 'runner-temp', 'photos-results.json')
  )
  expect(r.report?.items.map((i) => i.verified)).toEqual([true, true, true])
  expect(r.report?.items[1]?.mediaMetadata).toMatchObject({ width: '8', height: '8' })
  expect(r.report?.version).toBe(packageVersion)
  expect(r.summary).toContain('Dist album')
  expect(r.summary).toContain('a.png')
  expect(r.summary).toContain('**Verified:** 3 of 3 created item(s) found again.')
  // The refreshed access token never shows outside its mask line.
  for (const t of emu.issuedAccessTokens) {
    expect(r.stdout.replaceAll(`::add-mask::${t}`, '')).not.toContain(t)
  }
})

test('dist/index.js: the bundle reads the type of a file whose name says nothing from its bytes', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'out/noext': makePng(8, 8, 3) })
  const r = await runDist({ ...oauth(), files: 'out/*' }, { ws })
  expect(r.stderr).toBe('')
  expect(r.exitCode).toBe(0)
  expect(r.report?.items[0]).toMatchObject({ outcome: 'created', mimeType: 'image/png' })
  expect(emu.mediaItem(r.report?.items[0]?.mediaItemId ?? '')?.mimeType).toBe('image/png')
})

test("dist/index.js: a release's assets, listed through GitHub's API (Octokit, bundled) and downloaded", async () => {
  const gh = await GitHubFake.start()
  try {
    const release = gh.addRelease('v2.0.0', [
      { name: 'b-shot.png', bytes: makePng(8, 8, 5) },
      { name: 'notes.md', bytes: Buffer.from('# notes') },
      { name: 'a-shot.png', bytes: makePng(8, 8, 4) }
    ])
    const ws = makeWorkspace()
    const eventPath = path.join(ws.temp, 'event.json')
    fs.writeFileSync(eventPath, JSON.stringify(gh.releaseEvent(release)))
    const r = await runDist(
      { ...oauth(), 'release-assets': 'true', 'github-token': gh.token },
      {
        ws,
        extraEnv: {
          GITHUB_API_URL: gh.apiUrl,
          GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
          GITHUB_EVENT_NAME: 'release',
          GITHUB_EVENT_PATH: eventPath
        }
      }
    )
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    const ids = JSON.parse(r.outputs['media-item-ids'] ?? '[]') as string[]
    // Assets in name order; the Markdown file is not an image or video, so not taken.
    expect(ids.map((id) => emu.mediaItem(id)?.filename)).toEqual(['a-shot.png', 'b-shot.png'])
    // The GitHub token never shows outside its mask line.
    expect(r.stdout.replaceAll(`::add-mask::${gh.token}`, '')).not.toContain(gh.token)
  } finally {
    await gh.close()
  }
})

test('dist/index.js: a failing run exits 1 and still writes outputs and the report', async () => {
  const ws = makeWorkspace()
  const good = emu.createUploadToken()
  const bad = emu.createUploadToken({ expired: true })
  fs.writeFileSync(path.join(ws.workspace, 'tokens.json'), JSON.stringify([good, bad]))
  const r = await runDist({ ...oauth(), 'tokens-file': 'tokens.json' }, { ws })
  expect(r.exitCode).toBe(1)
  expect(r.stdout).toContain('::error::1 of 2 item(s) failed')
  expect(r.outputs['failed-count']).toBe('1')
  expect(r.outputs['created-count']).toBe('1')
  const ids = JSON.parse(r.outputs['media-item-ids'] ?? '[]') as (string | null)[]
  expect(ids[1]).toBeNull()
  expect(r.report?.state).toBe('complete')
  expect(r.report?.items[1]?.outcome).toBe('failed')
})

test('dist/index.js: each output is written between delimiters of 16 random bytes, none used twice', async () => {
  const ws = makeWorkspace()
  const tokens = [emu.createUploadToken(), emu.createUploadToken()]
  fs.writeFileSync(path.join(ws.workspace, 'tokens.json'), JSON.stringify(tokens))
  const runs = [
    await runDist({ ...oauth(), 'tokens-file': 'tokens.json' }, { ws }),
    await runDist({ ...oauth(), 'tokens-file': 'tokens.json' }, { ws })
  ]
  const delimiters: string[] = []
  for (const r of runs) {
    expect(r.exitCode).toBe(0)
    const lines = r.outputText.split('\n')
    for (const [i, line] of lines.entries()) {
      const m = /^([a-z-]+)<<(.*)$/.exec(line)
      if (!m) continue
      expect(m[2]).toMatch(/^ghadelimiter_[0-9a-f]{32}$/)
      // The value's lines end at the delimiter's own line.
      expect(lines.indexOf(m[2] ?? '', i + 1)).toBeGreaterThan(i)
      delimiters.push(m[2] ?? '')
    }
    expect(r.outputs['created-count']).toBe('2')
  }
  expect(delimiters.length).toBeGreaterThanOrEqual(2 * 8)
  expect(new Set(delimiters).size).toBe(delimiters.length)
})

test('dist/index.js: a wrong input fails before any API call, naming the input', async () => {
  const before = emu.requests.length
  const r = await runDist({
    ...oauth(),
    'tokens-file': 'x.txt',
    position: 'sideways',
    'album-title': 'A'
  })
  expect(r.exitCode).toBe(1)
  expect(r.stdout).toMatch(/::error::Input `position`/)
  expect(emu.requests.length).toBe(before)
  expect(r.outputs['total-count']).toBe('0')
})

test("the report's version is package.json's, in the sources and in the bundle", async () => {
  const inputs = { 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl }
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'v.png': makePng(8, 8, 40) })
  const [source, bundle] = [
    await runAction({ ...inputs, files: 'v.png', 'dry-run': 'true' }, { ws }),
    await runDist({ ...inputs, files: 'v.png', 'dry-run': 'true' }, { ws })
  ]
  expect(packageVersion).toMatch(/^\d+\.\d+\.\d+/)
  expect(source.report?.version).toBe(packageVersion)
  expect(bundle.report?.version).toBe(packageVersion)
})
