/**
 * `release-assets`: a release read through the GitHub REST API (a local fake, reached via
 * GITHUB_API_URL, Octokit unmocked), its assets downloaded from a second "storage" server
 * and created after the files, in name order, in the Google Photos emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { PhotosEmulator } from './emulator/index.js'
import { GitHubFake, type FakeRelease } from './github/index.js'
import type { RunOverrides } from '../src/main.js'
import {
  FAST,
  makeWorkspace,
  runAction,
  runDist,
  writeFiles,
  type ActionResult
} from './helpers/action.js'
import { makePng } from './helpers/images.js'
import { NOT_ATTEMPTED } from '../src/report/report.js'

let emu: PhotosEmulator
let gh: GitHubFake
let release: FakeRelease
beforeAll(async () => {
  emu = await PhotosEmulator.start()
  gh = await GitHubFake.start()
  release = gh.addRelease('v1.0.0', releaseAssets())
})
afterAll(async () => {
  await emu.close()
  await gh.close()
})
beforeEach(() => {
  emu.clearFaults()
  gh.forbidden = false
})

const WRITES = ['upload', 'upload.start', 'upload.chunk', 'batchCreate', 'albums.create']

/** A few bytes that Google reads as MP4 (an `ftyp` box). */
function makeMp4(seed: number): Buffer {
  return Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from(`ftypisom${seed}`),
    Buffer.alloc(64, seed)
  ])
}

/**
 * 205 assets, so that GitHub lists them in 3 pages of at most 100: 200 build archives and
 * a text file, and media spread over the pages in an order that is not name order.
 */
function releaseAssets(): { name: string; bytes: Buffer }[] {
  const assets: { name: string; bytes: Buffer }[] = Array.from({ length: 200 }, (_, i) => ({
    name: `build-${String(i).padStart(3, '0')}.zip`,
    bytes: Buffer.from(`archive ${i}`)
  }))
  assets.splice(3, 0, { name: 'zz-last.png', bytes: makePng(12, 8, 501) })
  assets.splice(120, 0, { name: 'alpha.png', bytes: makePng(16, 9, 502) })
  assets.splice(150, 0, { name: 'clip.mp4', bytes: makeMp4(503) })
  assets.splice(160, 0, { name: 'notes.txt', bytes: Buffer.from('release notes') })
  assets.push({ name: 'beta.png', bytes: makePng(9, 16, 504) })
  return assets
}

const MEDIA_IN_NAME_ORDER = ['alpha.png', 'beta.png', 'clip.mp4', 'zz-last.png']

const auth = () => ({ 'access-token': 'test-access-token', 'api-endpoint': emu.baseUrl })

/** The variables the runner sets for GitHub: the API base, the repository, the event. */
function githubEnv(ws: { temp: string }, event: 'release' | 'workflow_dispatch') {
  const env: Record<string, string> = {
    GITHUB_API_URL: gh.apiUrl,
    GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
    GITHUB_EVENT_NAME: event
  }
  const payload =
    event === 'release' ? gh.releaseEvent(release) : { inputs: {}, ref: 'refs/heads/main' }
  env.GITHUB_EVENT_PATH = path.join(ws.temp, 'event.json')
  fs.writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(payload))
  return env
}

async function runWithGitHub(
  inputs: Record<string, string | undefined>,
  event: 'release' | 'workflow_dispatch',
  ws = makeWorkspace(),
  overrides: RunOverrides = FAST
): Promise<ActionResult & { temp: string }> {
  const env = githubEnv(ws, event)
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    const r = await runAction({ 'github-token': gh.token, ...inputs }, { ws, overrides })
    return { ...r, temp: ws.temp }
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}

function idsOf(r: ActionResult): (string | null)[] {
  return JSON.parse(r.outputs['media-item-ids'] ?? '[]') as (string | null)[]
}

/** Copies of downloaded assets left in RUNNER_TEMP. */
function leftovers(temp: string): string[] {
  return fs
    .readdirSync(temp, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.startsWith('photos-release-assets'))
}

function bytesOf(name: string): Buffer {
  const asset = release.assets.find((a) => a.name === name)
  if (!asset) throw new Error(name)
  return asset.bytes
}

test('on a release event: the files, then the image and video assets in name order, into the album', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'shots/b.png': makePng(8, 8, 11), 'shots/a.png': makePng(8, 8, 10) })
  const before = gh.requests.length

  const r = await runWithGitHub(
    {
      ...auth(),
      files: 'shots/*.png',
      'release-assets': 'true',
      'album-title': 'Release v1.0.0',
      position: 'first-in-album'
    },
    'release',
    ws
  )

  expect(r.failed).toBe(false)
  const names = ['a.png', 'b.png', ...MEDIA_IN_NAME_ORDER]
  expect(r.report?.items.map((i) => i.source)).toEqual([
    'shots/a.png',
    'shots/b.png',
    ...MEDIA_IN_NAME_ORDER.map((n) => `release:v1.0.0/${n}`)
  ])
  const ids = idsOf(r)
  expect(ids.every(Boolean)).toBe(true)
  const album = emu.albums().find((a) => a.title === 'Release v1.0.0')
  expect(emu.albumItemIds(album?.id ?? '')).toEqual(ids)
  expect(ids.map((id) => emu.mediaItem(id ?? '')?.filename)).toEqual(names)
  // The bytes Google got are the asset's, whole.
  for (const [i, name] of MEDIA_IN_NAME_ORDER.entries()) {
    const item = emu.mediaItem(ids[i + 2] ?? '')
    expect(emu.uploadedBytes(item?.uploadToken ?? '')?.equals(bytesOf(name))).toBe(true)
  }
  expect(r.report?.items[4]).toMatchObject({ fileName: 'clip.mp4', mimeType: 'video/mp4' })

  const requests = gh.requests.slice(before)
  // All 3 pages of 205 assets were read, following GitHub's Link header.
  const pages = requests.filter((q) => q.server === 'api' && /\/assets(\?|$)/.test(q.path))
  expect(pages).toHaveLength(3)
  expect(pages.map((q) => new URL(q.path, gh.apiUrl).searchParams.get('page') ?? '1')).toEqual([
    '1',
    '2',
    '3'
  ])
  // Each matching asset downloaded once, through the redirect; the token never left the API.
  expect(requests.filter((q) => q.server === 'api' && q.status === 302)).toHaveLength(4)
  expect(gh.downloads()).not.toHaveLength(0)
  expect(requests.filter((q) => q.server === 'storage')).toHaveLength(4)
  expect(gh.storageAuthorizations()).toEqual([])
  expect(requests.filter((q) => q.server === 'api').every((q) => q.authorization)).toBe(true)

  // The summary escapes `:` (no autolink); it shows as `release:v1.0.0/alpha.png`.
  expect(r.summary).toContain('alpha.png<br><sub>release&#58;v1.0.0/alpha.png</sub>')
  expect(r.stdout).toContain('Release v1.0.0: 4 of 205 asset(s) are images or videos.')
  expect(r.stdout).toMatch(/Release assets: 4 downloaded \(.+\), 0 failed/)
  expect(r.stdout).toContain(`::add-mask::${gh.token}`)
  expect(r.stdout.replaceAll(`::add-mask::${gh.token}`, '')).not.toContain(gh.token)
  expect(r.summary).not.toContain(gh.token)
  expect(JSON.stringify(r.report)).not.toContain(gh.token)
  expect(leftovers(r.temp)).toEqual([])
})

test('dist/index.js, workflow_dispatch with release-tag and a pattern: only matching assets, in name order', async () => {
  const ws = makeWorkspace()
  const before = gh.requests.length
  const r = await runDist(
    {
      ...auth(),
      'release-assets': 'true',
      'release-tag': 'v1.0.0',
      'release-asset-pattern': '*.png',
      'github-token': gh.token
    },
    { ws, extraEnv: githubEnv(ws, 'workflow_dispatch') }
  )
  expect(r.stderr).toBe('')
  expect(r.exitCode).toBe(0)
  const pngs = ['alpha.png', 'beta.png', 'zz-last.png']
  expect(r.report?.items.map((i) => i.source)).toEqual(pngs.map((n) => `release:v1.0.0/${n}`))
  expect(idsOf(r).map((id) => emu.mediaItem(id ?? '')?.filename)).toEqual(pngs)
  expect(r.outputs['created-count']).toBe('3')
  // Found by its tag.
  expect(gh.requests.slice(before)[0]?.path).toBe(
    `/repos/${gh.owner}/${gh.repo}/releases/tags/v1.0.0`
  )
  expect(gh.storageAuthorizations()).toEqual([])
  expect(r.stdout).toContain(
    'Release v1.0.0: 3 of 205 asset(s) match `release-asset-pattern` "*.png".'
  )
  expect(leftovers(ws.temp)).toEqual([])
})

test('a truncated download fails only its item, with the reason; resets and 503s are retried', async () => {
  gh.inject('beta.png', { type: 'truncate', bytes: 20 }, Infinity)
  gh.inject('alpha.png', { type: 'status', status: 503 })
  gh.inject('clip.mp4', { type: 'reset', afterBytes: 10 })
  const album = emu.addAlbum({ title: 'Truncated' })
  try {
    const r = await runWithGitHub(
      { ...auth(), 'release-assets': 'true', 'album-id': album.id },
      'release'
    )
    expect(r.failed).toBe(true)
    const items = r.report?.items ?? []
    expect(items.map((i) => [i.fileName, i.outcome])).toEqual([
      ['alpha.png', 'created'],
      ['beta.png', 'failed'],
      ['clip.mp4', 'created'],
      ['zz-last.png', 'created']
    ])
    const size = bytesOf('beta.png').length
    expect(items[1]?.status?.message).toBe(
      `Not downloaded from the release: received 20 of ${size} bytes: the download ended early (after 6 attempts)`
    )
    expect(emu.albumItemIds(album.id)).toEqual(idsOf(r).filter(Boolean))
    expect(r.stdout).toContain('GitHub: downloading alpha.png: the storage host answered HTTP 503')
    expect(r.stdout).toMatch(/GitHub: downloading clip\.mp4: the download broke off after 10 of/)
    expect(r.stdout).toMatch(/Release assets: 3 downloaded \(.+\), 1 failed/)
    // The download that failed is no upload that failed.
    expect(r.stdout).toMatch(/Uploads: 3 file\(s\) uploaded \(.+\), 0 failed/)
    expect(r.stdout).toContain('::error::1 of 4 item(s) failed')
    expect(leftovers(r.temp)).toEqual([])
  } finally {
    for (const asset of release.assets) asset.faults = []
  }
})

test('a 403 on a download fails that item, naming github-token and contents: read, without retries', async () => {
  gh.forbidden = 'downloads'
  const before = gh.requests.length
  const r = await runWithGitHub(
    { ...auth(), 'release-assets': 'true', 'release-asset-pattern': 'alpha.png' },
    'release'
  )
  expect(r.failed).toBe(true)
  expect(r.report?.items.map((i) => [i.fileName, i.outcome, i.status?.message])).toEqual([
    [
      'alpha.png',
      'failed',
      'Not downloaded from the release: GitHub refused the token (HTTP 403: Resource not accessible by integration): `github-token` needs the `contents: read` permission (`permissions: contents: read` in the job).'
    ]
  ])
  expect(
    gh.requests.slice(before).filter((q) => q.path.includes('/releases/assets/'))
  ).toHaveLength(1)
  expect(leftovers(r.temp)).toEqual([])
})

test('a 401 on a download fails that item, saying the token is not valid', async () => {
  const alpha = release.assets.find((a) => a.name === 'alpha.png')
  gh.injectApi(new RegExp(`/releases/assets/${alpha?.id}$`), { type: 'status', status: 401 })
  const r = await runWithGitHub(
    { ...auth(), 'release-assets': 'true', 'release-asset-pattern': 'alpha.png' },
    'release'
  )
  expect(r.report?.items[0]?.status?.message).toBe(
    'Not downloaded from the release: GitHub refused the token (HTTP 401: Bad credentials): `github-token` is not a valid token (mistyped, expired or revoked). Remove the input for its default (`${{ github.token }}`), or pass a valid token.'
  )
})

test('a release event whose release is not found by its id: deleted, or a draft', async () => {
  const ws = makeWorkspace()
  const env = githubEnv(ws, 'release')
  const payload = gh.releaseEvent(release) as { release: { id: number; tag_name: string } }
  payload.release = { ...payload.release, id: 99_999, tag_name: 'v3.0.0-draft' }
  fs.writeFileSync(env.GITHUB_EVENT_PATH ?? '', JSON.stringify(payload))
  const r = await runDist(
    { ...auth(), 'release-assets': 'true', 'github-token': gh.token },
    { ws, extraEnv: env }
  )
  expect(r.exitCode).not.toBe(0)
  expect(r.stdout).toContain(
    "::error::Input `release-assets`: the event's release (id 99999, tag v3.0.0-draft) was not found in octo-org/screens (GitHub answered 404). It was deleted, or it is a draft, which only a token with push access sees (`permissions: contents: write` for the job's `GITHUB_TOKEN`). Run the workflow on `release: published`, or set `release-tag` to a published release's tag."
  )
})

test('GitHub Enterprise Server: the API under /api/v3 of GITHUB_API_URL', async () => {
  const ghes = await GitHubFake.start({ pathPrefix: '/api/v3', token: 'ghs_enterpriseToken42' })
  try {
    ghes.addRelease('2026.11', [
      { name: 'b.png', bytes: makePng(8, 8, 61) },
      { name: 'a.png', bytes: makePng(8, 8, 60) }
    ])
    const ws = makeWorkspace()
    const r = await runDist(
      {
        ...auth(),
        'release-assets': 'true',
        'release-tag': 'refs/tags/2026.11',
        'github-token': 'ghs_enterpriseToken42'
      },
      {
        ws,
        extraEnv: {
          GITHUB_API_URL: ghes.apiUrl,
          GITHUB_REPOSITORY: `${ghes.owner}/${ghes.repo}`,
          GITHUB_EVENT_NAME: 'push'
        }
      }
    )
    expect(r.exitCode).toBe(0)
    expect(r.report?.items.map((i) => i.source)).toEqual([
      'release:2026.11/a.png',
      'release:2026.11/b.png'
    ])
    expect(
      ghes.requests.filter((q) => q.server === 'api').every((q) => q.path.startsWith('/api/v3/'))
    ).toBe(true)
    expect(ghes.storageAuthorizations()).toEqual([])
  } finally {
    await ghes.close()
  }
})

test('a re-run with skip-existing skips the assets already in the album, and downloads none', async () => {
  const inputs = { ...auth(), 'release-assets': 'true', 'album-title': 'Re-run v1.0.0' }
  const first = await runWithGitHub(inputs, 'release')
  expect(first.outputs['created-count']).toBe('4')
  const downloads = gh.downloads().length
  const again = await runWithGitHub({ ...inputs, 'skip-existing': 'true' }, 'release')
  expect(again.failed).toBe(false)
  expect(again.report?.items.map((i) => [i.source, i.outcome])).toEqual(
    MEDIA_IN_NAME_ORDER.map((n) => [`release:v1.0.0/${n}`, 'skipped'])
  )
  expect(gh.downloads()).toHaveLength(downloads)
  const album = emu.albums().find((a) => a.title === 'Re-run v1.0.0')
  expect(emu.albumItemIds(album?.id ?? '')).toEqual(idsOf(first))
})

test('GitHub API failures are retried: a release read that gets no answer, a page that gets a 502', async () => {
  gh.injectApi(/\/releases\/tags\/v1\.0\.0$/, { type: 'stall' })
  gh.injectApi(/\/assets\?per_page=100&page=2$/, { type: 'status', status: 502 })
  const r = await runWithGitHub(
    { ...auth(), 'release-assets': 'true', 'release-tag': 'v1.0.0' },
    'workflow_dispatch',
    makeWorkspace(),
    { retry: { ...FAST.retry, requestTimeoutMs: 300 } }
  )
  expect(r.failed).toBe(false)
  expect(r.report?.items.map((i) => i.fileName)).toEqual(MEDIA_IN_NAME_ORDER)
  expect(r.stdout).toContain(
    'GitHub: reading release v1.0.0 of octo-org/screens: no answer from GitHub within 300 ms; retrying'
  )
  expect(r.stdout).toMatch(
    /GitHub: listing the assets of release v1\.0\.0 .*: Server Error.*; retrying/
  )
})

test('a listing that keeps failing stops the run: the files found are reported, not attempted', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'x.png': makePng(8, 8, 81), 'y.png': makePng(8, 8, 82) })
  gh.injectApi(/\/assets\?per_page=100&page=2$/, { type: 'status', status: 502 }, 6)
  const seen = emu.requests.length
  const r = await runWithGitHub(
    { ...auth(), files: 'x.png\ny.png', 'release-assets': 'true' },
    'release',
    ws
  )
  expect(r.failed).toBe(true)
  const reason =
    'GitHub: could not read the assets of release v1.0.0 of octo-org/screens: HTTP 502: Server Error (after 6 attempts). Nothing was uploaded; re-run the job once GitHub answers again.'
  expect(r.report?.state).toBe('stopped')
  expect(r.report?.stoppedReason).toBe(reason)
  expect(r.report?.items.map((i) => [i.source, i.outcome, i.status?.message])).toEqual([
    ['x.png', 'failed', NOT_ATTEMPTED],
    ['y.png', 'failed', NOT_ATTEMPTED]
  ])
  expect(r.outputs['total-count']).toBe('2')
  expect(r.outputs['failed-count']).toBe('2')
  expect(r.stdout).toContain(`::error::${reason}`)
  expect(r.stdout).not.toContain('docs.github.com')
  expect(r.summary).not.toContain('docs.github.com')
  expect(emu.requests.slice(seen)).toEqual([])
})

test('a listing that keeps failing, with no other item: a stopped report, and no empty table', async () => {
  gh.injectApi(new RegExp(`/releases/${release.id}$`), { type: 'status', status: 503 }, 6)
  const r = await runWithGitHub({ ...auth(), 'release-assets': 'true' }, 'release')
  expect(r.failed).toBe(true)
  expect(r.report?.state).toBe('stopped')
  expect(r.report?.items).toEqual([])
  expect(r.report?.stoppedReason).toMatch(
    /^GitHub: could not read release v1\.0\.0 of octo-org\/screens: HTTP 503: Server Error \(after 6 attempts\)/
  )
  expect(r.summary).toContain('could not read release v1.0.0')
  expect(r.summary).not.toMatch(/^\|\s*\|$/m)
  expect(r.outputs['total-count']).toBe('0')
})

describe('GitHub rate limits', () => {
  const files = async () => {
    const ws = makeWorkspace()
    writeFiles(ws.workspace, { 'x.png': makePng(8, 8, 83) })
    return ws
  }
  const releaseReads = (from: number) =>
    gh.requests.slice(from).filter((q) => q.path.endsWith(`/releases/${release.id}`))

  test('a spent limit that resets in an hour stops the run at once, saying when it resets', async () => {
    const ws = await files()
    gh.injectApi(new RegExp(`/releases/${release.id}$`), {
      type: 'ratelimit',
      status: 403,
      resetInSeconds: 3600
    })
    const before = gh.requests.length
    const r = await runWithGitHub(
      { ...auth(), files: 'x.png', 'release-assets': 'true' },
      'release',
      ws
    )
    expect(r.failed).toBe(true)
    expect(releaseReads(before)).toHaveLength(1)
    expect(r.report?.state).toBe('stopped')
    expect(r.report?.stoppedReason).toMatch(
      /^GitHub: could not read release v1\.0\.0 of octo-org\/screens: the GitHub API rate limit of `github-token` is spent \(HTTP 403: API rate limit exceeded for installation ID 12345\.\); it resets at \d{4}-\d\d-\d\d \d\d:\d\d UTC, in 60 min\. Re-run the job after that\. The limit is counted per token: the job's `GITHUB_TOKEN`/
    )
    expect(r.report?.stoppedReason).not.toContain('contents: read')
    expect(r.report?.items.map((i) => [i.source, i.status?.message])).toEqual([
      ['x.png', NOT_ATTEMPTED]
    ])
  })

  test('a spent limit that resets within the longest wait is waited for', async () => {
    gh.injectApi(new RegExp(`/releases/${release.id}$`), {
      type: 'ratelimit',
      status: 403,
      resetInSeconds: 0
    })
    const before = gh.requests.length
    const r = await runWithGitHub(
      { ...auth(), 'release-assets': 'true', 'release-asset-pattern': 'alpha.png' },
      'release'
    )
    expect(r.failed).toBe(false)
    expect(releaseReads(before)).toHaveLength(2)
    expect(r.stdout).toMatch(
      /GitHub: reading release v1\.0\.0 of octo-org\/screens: HTTP 403: API rate limit exceeded for installation ID 12345; retrying in [12]\.\d s/
    )
  })

  test('a 429 (a secondary limit) that outlasts the retries: the error says what counts and what to do', async () => {
    gh.injectApi(
      new RegExp(`/releases/${release.id}$`),
      { type: 'ratelimit', status: 429, spent: false },
      6
    )
    const r = await runWithGitHub({ ...auth(), 'release-assets': 'true' }, 'release')
    expect(r.failed).toBe(true)
    expect(r.report?.stoppedReason).toBe(
      'GitHub: could not read release v1.0.0 of octo-org/screens: GitHub kept limiting how fast the token may call it, a secondary rate limit (HTTP 429: You have exceeded a secondary rate limit. Please wait a few minutes before you try again (after 6 attempts)). Other steps and jobs that call GitHub with the same token at the same time count too: re-run the job in a few minutes, or run fewer of them at once.'
    )
  })

  test('a download that meets a spent limit fails its item at once, saying when it resets', async () => {
    const alpha = release.assets.find((a) => a.name === 'alpha.png')
    gh.injectApi(new RegExp(`/releases/assets/${alpha?.id}$`), {
      type: 'ratelimit',
      status: 403,
      resetInSeconds: 3600
    })
    const before = gh.requests.length
    const r = await runWithGitHub(
      { ...auth(), 'release-assets': 'true', 'release-asset-pattern': 'alpha.png' },
      'release'
    )
    expect(r.report?.items[0]?.status?.message).toMatch(
      /^Not downloaded from the release: GitHub is rate-limiting \(HTTP 403: API rate limit exceeded for installation ID 12345\.; it resets at .+ UTC, in 60 min\)$/
    )
    expect(
      gh.requests.slice(before).filter((q) => q.path.includes('/releases/assets/'))
    ).toHaveLength(1)
  })
})

test("an asset whose name gives no type is typed by GitHub's content_type, with or without a pattern", async () => {
  if (!gh.releases.some((r) => r.tag === 'v4.0.0')) {
    gh.addRelease('v4.0.0', [
      { name: 'icon', bytes: makePng(8, 8, 90), contentType: 'image/png' },
      { name: 'data.bin', bytes: makeMp4(91), contentType: 'VIDEO/MP4; codecs="avc1"' },
      { name: 'notes', bytes: Buffer.from('notes'), contentType: 'text/plain' },
      { name: 'raw.bin', bytes: Buffer.from('raw') }
    ])
  }
  const inputs = { ...auth(), 'release-assets': 'true', 'release-tag': 'v4.0.0' }
  const all = await runWithGitHub(inputs, 'workflow_dispatch')
  expect(all.failed).toBe(false)
  expect(all.report?.items.map((i) => [i.fileName, i.outcome, i.mimeType])).toEqual([
    ['data.bin', 'created', 'video/mp4'],
    ['icon', 'created', 'image/png']
  ])
  expect(all.stdout).toContain('Release v4.0.0: 2 of 4 asset(s) are images or videos.')

  const chosen = await runWithGitHub(
    { ...inputs, 'release-asset-pattern': '{icon,raw.bin,notes}' },
    'workflow_dispatch'
  )
  expect(chosen.report?.items.map((i) => [i.fileName, i.outcome, i.status?.message])).toEqual([
    ['icon', 'created', expect.any(String)],
    [
      'notes',
      'failed',
      'Not uploaded: not a type Google Photos accepts (unknown type); it takes photos and videos'
    ],
    [
      'raw.bin',
      'failed',
      'Not uploaded: not a type Google Photos accepts (unknown type .bin); it takes photos and videos'
    ]
  ])
})

test('a release with no assets: an input error that says so, with no advice about patterns', async () => {
  if (!gh.releases.some((r) => r.tag === 'v5.0.0-empty')) gh.addRelease('v5.0.0-empty', [])
  const r = await runWithGitHub(
    { ...auth(), 'release-assets': 'true', 'release-tag': 'v5.0.0-empty' },
    'workflow_dispatch'
  )
  expect(r.failed).toBe(true)
  expect(r.stdout).toMatch(
    /::error::Input `release-assets`: no asset of release v5\.0\.0-empty is an image or video that Google Photos accepts; it has no assets \(assets uploaded by a later step or job are not there yet\)\./
  )
  expect(r.stdout).not.toMatch(/Set `release-asset-pattern`/)
})

test("on a release event, a release-tag given wins over the event's release", async () => {
  if (!gh.releases.some((r) => r.tag === 'v2.0.0')) {
    gh.addRelease('v2.0.0', [{ name: 'two.png', bytes: makePng(8, 8, 70) }])
  }
  const r = await runWithGitHub(
    { ...auth(), 'release-assets': 'true', 'release-tag': 'v2.0.0' },
    'release'
  )
  expect(r.failed).toBe(false)
  expect(r.report?.items.map((i) => i.source)).toEqual(['release:v2.0.0/two.png'])
})

test('a pattern that matches no asset is a warning when there are other items', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(8, 8, 40) })
  const r = await runWithGitHub(
    { ...auth(), files: 'a.png', 'release-assets': 'true', 'release-asset-pattern': '*.gif' },
    'release',
    ws
  )
  expect(r.failed).toBe(false)
  expect(r.report?.items.map((i) => i.source)).toEqual(['a.png'])
  expect(r.stdout).toContain(
    '::warning::Input `release-asset-pattern`: no asset of release v1.0.0 matches "*.gif"; it has 205: alpha.png, beta.png, build-000.zip'
  )
})

test('several patterns, one a line as in `files`: an asset matching any is taken, `!` lines exclude', async () => {
  const r = await runWithGitHub(
    {
      ...auth(),
      'release-assets': 'true',
      'release-asset-pattern': '*.png\n\n# and the clip\n*.mp4\n!zz-*'
    },
    'release'
  )
  expect(r.failed).toBe(false)
  expect(r.report?.items.map((i) => i.fileName)).toEqual(['alpha.png', 'beta.png', 'clip.mp4'])
  expect(r.stdout).toContain(
    'Release v1.0.0: 3 of 205 asset(s) match `release-asset-pattern` "*.png", "*.mp4", "!zz-*".'
  )
})

test('only `!` lines: the image and video assets, less those excluded', async () => {
  const r = await runWithGitHub(
    { ...auth(), 'release-assets': 'true', 'release-asset-pattern': '!*.mp4' },
    'release'
  )
  expect(r.report?.items.map((i) => i.fileName)).toEqual(['alpha.png', 'beta.png', 'zz-last.png'])
})

test('a comma-separated pattern that matches nothing: the warning names the input and the fix', async () => {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(8, 8, 41) })
  const r = await runWithGitHub(
    { ...auth(), files: 'a.png', 'release-assets': 'true', 'release-asset-pattern': '*.png,*.mp4' },
    'release',
    ws
  )
  expect(r.stdout).toMatch(
    /::warning::Input `release-asset-pattern`: no asset of release v1\.0\.0 matches "\*\.png,\*\.mp4"; it has 205: .*\. A `,` does not separate patterns: give one a line, or use braces, such as `\*\.\{png,mp4\}`\./
  )
})

test('dry run: the assets are listed and planned, nothing is downloaded', async () => {
  const before = { gh: gh.requests.length, emu: emu.requests.length }
  const r = await runWithGitHub(
    { ...auth(), 'release-assets': 'true', 'dry-run': 'true' },
    'release'
  )
  expect(r.failed).toBe(false)
  expect(r.report?.items.map((i) => [i.source, i.outcome, i.size])).toEqual(
    MEDIA_IN_NAME_ORDER.map((n) => [`release:v1.0.0/${n}`, 'planned', bytesOf(n).length])
  )
  expect(r.report?.apiCalls).toEqual({ upload: 4, batchCreate: 1 })
  const requests = gh.requests.slice(before.gh)
  expect(requests.some((q) => q.server === 'storage' || q.path.includes('/releases/assets/'))).toBe(
    false
  )
  expect(emu.requests.slice(before.emu).filter((q) => WRITES.includes(q.op))).toEqual([])
  expect(leftovers(r.temp)).toEqual([])
})

test('a stop (the daily quota) still removes the downloaded copies', async () => {
  emu.inject({ op: 'batchCreate', fault: { type: '429', daily: true } })
  const r = await runWithGitHub({ ...auth(), 'release-assets': 'true' }, 'release')
  expect(r.failed).toBe(true)
  expect(r.report?.state).toBe('stopped')
  expect(r.report?.items.every((i) => i.outcome === 'failed')).toBe(true)
  expect(leftovers(r.temp)).toEqual([])
})

test.each([
  { name: 'SIGINT', signals: ['SIGINT'] as const },
  { name: 'SIGINT then SIGTERM at once', signals: ['SIGINT', 'SIGTERM'] as const }
])(
  'cancelled ($name) while an asset is half downloaded: the record is written, the copies are gone',
  async ({ signals }) => {
    const ws = makeWorkspace()
    const clip = release.assets.find((a) => a.name === 'clip.mp4')
    gh.inject('clip.mp4', { type: 'stall', afterBytes: 30 })
    const partial = () => {
      const dir = leftovers(ws.temp).find((p) => !p.includes(path.sep))
      const file = dir && path.join(ws.temp, dir, `asset-${clip?.id}`)
      return file !== undefined && fs.existsSync(file) && fs.statSync(file).size === 30
    }
    let signalled = false
    const r = await runDist(
      { ...auth(), 'release-assets': 'true', 'github-token': gh.token },
      {
        ws,
        extraEnv: githubEnv(ws, 'release'),
        onSpawn: (child) => {
          const timer = setInterval(() => {
            if (!partial()) return
            clearInterval(timer)
            signalled = true
            for (const signal of signals) child.kill(signal)
          }, 5)
        }
      }
    )
    expect(signalled).toBe(true)
    expect(r.exitCode).not.toBe(0)
    expect(r.report?.state).toBe('cancelled')
    // The batch waited for the clip: nothing was created, and every item says so.
    expect(r.report?.items.map((i) => [i.fileName, i.status?.message])).toEqual(
      MEDIA_IN_NAME_ORDER.map((n) => [n, 'Cancelled before it was created.'])
    )
    expect(r.outputs['failed-count']).toBe('4')
    expect(leftovers(ws.temp)).toEqual([])
  }
)

test.each([
  { name: 'gets no answer', fault: { type: 'stall' } as const },
  {
    name: 'waits out a secondary rate limit (30 s)',
    fault: { type: 'ratelimit', status: 403, spent: false } as const
  }
])(
  'SIGINT while the release is read ($name): the run ends at once, the files found are in the report',
  async ({ fault }) => {
    const ws = makeWorkspace()
    writeFiles(ws.workspace, { 'x.png': makePng(8, 8, 80) })
    gh.injectApi(new RegExp(`/releases/${release.id}$`), fault)
    const before = { gh: gh.requests.length, emu: emu.requests.length }
    const answered = () =>
      gh.requests
        .slice(before.gh)
        .some(
          (q) => q.path.endsWith(`/releases/${release.id}`) && (fault.type === 'stall' || q.status)
        )
    let signalledAt = 0
    const r = await runDist(
      { ...auth(), files: 'x.png', 'release-assets': 'true', 'github-token': gh.token },
      {
        ws,
        extraEnv: githubEnv(ws, 'release'),
        onSpawn: (child) => {
          const timer = setInterval(() => {
            if (!answered()) return
            clearInterval(timer)
            signalledAt = Date.now()
            child.kill('SIGINT')
          }, 5)
        }
      }
    )
    expect(signalledAt).toBeGreaterThan(0)
    expect(Date.now() - signalledAt).toBeLessThan(3000)
    expect(r.exitCode).not.toBe(0)
    expect(r.report?.state).toBe('cancelled')
    expect(r.report?.items.map((i) => [i.source, i.outcome, i.status?.message])).toEqual([
      ['x.png', 'failed', 'Cancelled before it was created.']
    ])
    expect(r.outputs['total-count']).toBe('1')
    expect(r.outputs['failed-count']).toBe('1')
    expect(r.summary).toContain('x.png')
    // Nothing new started: no further GitHub request, not even the credentials check.
    expect(gh.requests.slice(before.gh)).toHaveLength(1)
    expect(emu.requests.slice(before.emu)).toEqual([])
  }
)

interface BadCase {
  name: string
  event: 'release' | 'workflow_dispatch'
  inputs: Record<string, string>
  message: RegExp
  before?: () => void
}

const badCases: BadCase[] = [
  {
    name: 'release-assets on a non-release event without release-tag',
    event: 'workflow_dispatch',
    inputs: { 'release-assets': 'true' },
    message:
      /^Input `release-tag`: is needed with `release-assets: true` on a `workflow_dispatch` event .*Set it to the release's tag/
  },
  {
    name: 'a tag that does not exist',
    event: 'workflow_dispatch',
    inputs: { 'release-assets': 'true', 'release-tag': 'v9.9.9' },
    message:
      /^Input `release-tag`: octo-org\/screens has no release with the tag "v9\.9\.9" \(GitHub answered 404\)/
  },
  {
    // The files are found first; the credentials check still waits for the release.
    name: 'a tag that does not exist, beside files that match',
    event: 'workflow_dispatch',
    inputs: { files: 'a.png', 'release-assets': 'true', 'release-tag': 'v9.9.9' },
    message:
      /^Input `release-tag`: octo-org\/screens has no release with the tag "v9\.9\.9" \(GitHub answered 404\)/
  },
  {
    name: 'a pattern that matches no asset, and no other item',
    event: 'release',
    inputs: { 'release-assets': 'true', 'release-asset-pattern': '*.gif' },
    message:
      /^Input `release-asset-pattern`: no asset of release v1\.0\.0 matches "\*\.gif"; it has 205: alpha\.png, .*Nothing to create\.$/
  },
  {
    name: 'a branch ref as release-tag',
    event: 'workflow_dispatch',
    inputs: { 'release-assets': 'true', 'release-tag': 'refs/heads/main' },
    message:
      /^Input `release-tag`: octo-org\/screens has no release with the tag "refs\/heads\/main" \(GitHub answered 404\)\. "refs\/heads\/main" is a branch, not a tag \(`github\.ref` names the branch on a push to one\): set `release-tag` to the release's tag, such as `v1\.2\.0`\./
  },
  {
    name: 'release-tag without release-assets',
    event: 'workflow_dispatch',
    inputs: { files: 'a.png', 'release-tag': 'v1.0.0' },
    message: /^Input `release-tag`: is only read with `release-assets: true`/
  },
  {
    name: 'release-asset-pattern without release-assets',
    event: 'release',
    inputs: { files: 'a.png', 'release-asset-pattern': '*.png' },
    message: /^Input `release-asset-pattern`: is only read with `release-assets: true`/
  },
  {
    name: 'a pattern with a slash',
    event: 'release',
    inputs: { 'release-assets': 'true', 'release-asset-pattern': 'dist/*.png' },
    message: /^Input `release-asset-pattern`: "dist\/\*\.png" has a `\/`/
  },
  {
    name: 'release-assets in get mode',
    event: 'release',
    inputs: { mode: 'get', 'media-item-ids': 'abc', 'release-assets': 'true' },
    message: /^Input `release-assets`: is for `mode: create`/
  },
  {
    name: 'an empty github-token',
    event: 'release',
    inputs: { 'release-assets': 'true', 'github-token': '' },
    message: /^Input `github-token`: is empty/
  },
  {
    name: 'a token GitHub does not know (401)',
    event: 'release',
    inputs: { 'release-assets': 'true', 'github-token': 'ghs_revoked' },
    message: /^Input `github-token`: GitHub refused the token \(401: Bad credentials\)/
  },
  {
    name: 'a token without contents: read (403)',
    event: 'release',
    inputs: { 'release-assets': 'true' },
    before: () => (gh.forbidden = 'all'),
    message:
      /^Input `github-token`: GitHub refused to let the token read release v1\.0\.0 of octo-org\/screens \(403: Resource not accessible by integration\)\. The token needs the `contents: read` permission: add `permissions: contents: read` to the job/
  }
]

test.each(badCases)('bad input: $name', async ({ event, inputs, message, before }) => {
  before?.()
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(8, 8, 50) })
  const seen = { emu: emu.requests.length, storage: gh.downloads().length }
  const r = await runWithGitHub({ ...auth(), ...inputs }, event, ws)
  expect(r.failed).toBe(true)
  const errors = r.stdout.split('\n').filter((line) => line.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]?.slice('::error::'.length)).toMatch(message)
  // Not one Google call, and nothing downloaded.
  expect(emu.requests.slice(seen.emu)).toEqual([])
  expect(gh.downloads()).toHaveLength(seen.storage)
  expect(r.outputs['created-count']).toBe('0')
  expect(r.outputs['media-item-ids']).toBe('[]')
})
