/**
 * The credentials are known to be good before any upload is started or shown: the access
 * token is obtained first, and its scopes checked where Google names them (the refresh
 * grant's answer, tokeninfo for a given `access-token`), with no Library API call spent.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { PhotosEmulator, SCOPE_APPEND, SCOPE_READ } from './emulator/index.js'
import { makeWorkspace, runAction, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'
import type { Report } from '../src/types.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start({
    oauthClients: [
      { clientId: 'test-client-id', clientSecret: 'test-client-secret', refreshToken: 'good' },
      { clientId: 'test-client-id', clientSecret: 'test-client-secret', refreshToken: 'revoked' },
      {
        clientId: 'append-client',
        clientSecret: 'append-secret',
        refreshToken: 'append-only',
        scopes: [SCOPE_APPEND]
      }
    ]
  })
  emu.revokeRefreshToken('revoked')
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.clearFaults())

function pngs(n: number, seed: number) {
  const ws = makeWorkspace()
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < n; i++) files[`shots/s${i}.png`] = makePng(8, 8, seed + i)
  writeFiles(ws.workspace, files)
  return ws
}

const oauth = (refreshToken: string, client = 'test-client-id', secret = 'test-client-secret') => ({
  'client-id': client,
  'client-secret': secret,
  'refresh-token': refreshToken,
  'token-endpoint': emu.tokenEndpoint,
  'api-endpoint': emu.baseUrl
})

/** Requests since `before`, by operation. */
const opsSince = (before: number) => emu.requests.slice(before).map((q) => q.op)

const PROGRESS = /Uploaded \d+\/\d+ files|Uploads done/

test('a revoked refresh token: no upload request, no progress line, the fix last', async () => {
  const before = emu.requests.length
  const r = await runAction({ ...oauth('revoked'), files: 'shots/*.png' }, { ws: pngs(5, 100) })
  expect(r.failed).toBe(true)
  expect(opsSince(before)).toEqual(['token'])
  expect(r.stdout).not.toMatch(PROGRESS)
  expect(r.stdout).not.toContain('Uploading and creating')
  const lines = r.stdout.trim().split('\n')
  expect(lines.at(-1)).toMatch(/^::error::Google refused `refresh-token` \(invalid_grant\)/)
  const report = r.report as Report
  expect(report.state).toBe('stopped')
  expect(report.items.map((i) => i.status?.message)).toEqual(
    Array(5).fill('Not attempted: the run stopped (see the reason above).')
  )
})

test('the refresh grant names the scopes: a missing read scope is said before any upload', async () => {
  const before = emu.requests.length
  const r = await runAction(
    {
      ...oauth('append-only', 'append-client', 'append-secret'),
      files: 'shots/*.png',
      'album-title': 'Nightly',
      'skip-existing': 'true'
    },
    { ws: pngs(2, 200) }
  )
  expect(r.failed).toBe(true)
  expect(opsSince(before)).toEqual(['token'])
  expect(r.stdout).toContain(
    `::error::The refreshed access token lacks the scope ${SCOPE_READ}, needed for \`album-title\` (to find the album) and \`skip-existing\` (to list the album's items); it has photoslibrary.appendonly.`
  )
  expect(r.stdout).toMatch(
    /Authorize the OAuth client with \S+readonly\.appcreateddata as well, and use the new refresh token\./
  )
})

test('tokeninfo names the scopes of an access-token: get mode without the read scope makes no call', async () => {
  emu.addAccessToken('append-token', [SCOPE_APPEND])
  const before = emu.requests.length
  const r = await runAction({
    'access-token': 'append-token',
    'api-endpoint': emu.baseUrl,
    mode: 'get',
    'media-item-ids': 'abc,def'
  })
  expect(r.failed).toBe(true)
  expect(opsSince(before)).toEqual(['tokeninfo'])
  expect(r.stdout).toMatch(
    /::error::`access-token` lacks the scope \S+readonly\.appcreateddata, needed for `mode: get`;/
  )
})

test('tokeninfo: the scopes the run needs are named, and nothing else when the token has no others', async () => {
  emu.addAccessToken('read-token', [SCOPE_READ])
  const r = await runAction({
    'access-token': 'read-token',
    'api-endpoint': emu.baseUrl,
    mode: 'get',
    'media-item-ids': emu.addMediaItem({ fileName: 'a.jpg' }).id
  })
  expect(r.failed).toBe(false)
  expect(r.stdout).toContain(
    '`access-token` checked with tokeninfo: it has the scopes this run needs (photoslibrary.readonly.appcreateddata).\n'
  )
})

test('good credentials are said once, with their scopes, before the uploads', async () => {
  const tokens = emu.calls('token').length
  const r = await runAction({ ...oauth('good'), files: 'shots/*.png' }, { ws: pngs(2, 300) })
  expect(r.failed).toBe(false)
  // The token obtained for the check is the one the uploads use.
  expect(emu.calls('token').length - tokens).toBe(1)
  // The scopes named as needed are those the run needs; the token's others are named apart.
  const signedIn = r.stdout.indexOf(
    'Access token refreshed: it has the scopes this run needs (photoslibrary.appendonly); ' +
      'it also has photoslibrary.readonly.appcreateddata'
  )
  expect(signedIn).toBeGreaterThan(-1)
  expect(signedIn).toBeLessThan(r.stdout.indexOf('Uploading and creating'))
})

test('the check is sent once a file is found; what it found is told after the files', async () => {
  const ws = pngs(3, 300)
  const before = emu.requests.length
  const r = await runAction(
    {
      'access-token': 'test-access-token',
      'api-endpoint': emu.baseUrl,
      files: 'shots/*.png\nmissing/*.jpg'
    },
    { ws }
  )
  expect(r.failed).toBe(false)
  const ops = opsSince(before)
  expect(ops[0]).toBe('tokeninfo')
  expect(ops.filter((op) => op === 'tokeninfo')).toHaveLength(1)
  const warning = r.stdout.indexOf('::warning::No file matched the pattern "missing/*.jpg"')
  const signedIn = r.stdout.indexOf('`access-token` checked with tokeninfo: it has the scopes')
  expect(warning).toBeGreaterThan(-1)
  expect(signedIn).toBeGreaterThan(warning)
  expect(signedIn).toBeLessThan(r.stdout.indexOf('Uploading and creating'))
})

test('a bad access-token costs no upload round: tokeninfo says so first', async () => {
  const before = emu.requests.length
  const r = await runAction(
    { 'access-token': 'not-a-token', 'api-endpoint': emu.baseUrl, files: 'shots/*.png' },
    { ws: pngs(8, 400) }
  )
  expect(r.failed).toBe(true)
  expect(opsSince(before)).toEqual(['tokeninfo'])
  expect(r.stdout).not.toMatch(PROGRESS)
  expect(r.stdout).toMatch(/::error::Google says `access-token` is not valid/)
})

test('without tokeninfo, the first 401 of a bad access-token stops the run at once', async () => {
  const before = emu.requests.length
  const r = await runAction(
    {
      'access-token': 'not-a-token',
      'api-endpoint': emu.baseUrl,
      // No tokeninfo next to this token endpoint (the emulator answers 404 there).
      'token-endpoint': `${emu.baseUrl}/elsewhere/token`,
      files: 'shots/*.png',
      concurrency: '3'
    },
    { ws: pngs(12, 500) }
  )
  expect(r.failed).toBe(true)
  const uploads = opsSince(before).filter((op) => op === 'upload')
  // At most the uploads already in flight, and none sent again.
  expect(uploads.length).toBeGreaterThan(0)
  expect(uploads.length).toBeLessThanOrEqual(3)
  expect(r.stdout).not.toMatch(/retrying in/)
  expect(r.stdout.trim().split('\n').at(-1)).toMatch(
    /^::error::The Library API refused `access-token` \(401\)/
  )
  expect((r.report as Report).state).toBe('stopped')
  expect(r.stdout).toContain('`access-token` not checked: tokeninfo gave no answer')
})
