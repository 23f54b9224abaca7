/**
 * scripts/get-refresh-token.ts end to end against the emulator: the consent page (played by
 * a fetch that follows its redirect, as a browser would) sends the code to the script's
 * loopback server; the refresh token it prints then works for the action.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { PhotosEmulator, SCOPE_APPEND, SCOPE_READ } from './emulator/index.js'
import { makeWorkspace, ROOT, runAction, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'

let emu: PhotosEmulator
beforeAll(async () => {
  emu = await PhotosEmulator.start()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.refuseConsent(false))

interface ScriptRun {
  code: number | null
  stdout: string
  stderr: string
  /** What the loopback server showed the browser. */
  page?: { status: number; text: string }
}

/** Runs the script; `browse` plays the user's browser once the consent URL is printed. */
function getRefreshToken(
  args: string[] = [],
  env: Record<string, string> = {
    GOOGLE_CLIENT_ID: 'test-client-id',
    GOOGLE_CLIENT_SECRET: 'test-client-secret'
  }
): Promise<ScriptRun> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'scripts/get-refresh-token.ts'),
      '--auth-url',
      emu.authorizationEndpoint,
      '--token-url',
      emu.tokenEndpoint,
      ...args
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const run: ScriptRun = { code: null, stdout: '', stderr: '' }
  let browsing: Promise<void> | undefined
  child.stdout.on('data', (d: Buffer) => {
    run.stdout += d.toString()
    const url = /^(http\S+\/o\/oauth2\/v2\/auth\?\S+)$/m.exec(run.stdout)?.[1]
    if (url && !browsing) {
      browsing = fetch(url).then(async (res) => {
        run.page = { status: res.status, text: await res.text() }
      })
    }
  })
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()))
  return new Promise((resolve) => {
    child.on('close', (code) => {
      run.code = code
      void (browsing ?? Promise.resolve()).then(() => resolve(run))
    })
  })
}

function printedToken(stdout: string): string | undefined {
  return /GOOGLE_PHOTOS_REFRESH_TOKEN\):\n\n(\S+)\n/.exec(stdout)?.[1]
}

test('the loopback flow gives a refresh token with both scopes, and the action works with it', async () => {
  const run = await getRefreshToken()

  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  const consent = emu.calls('consent')
  const asked = new URL(consent[consent.length - 1]?.url ?? '').searchParams
  expect(asked.get('client_id')).toBe('test-client-id')
  expect(asked.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  expect(asked.get('access_type')).toBe('offline')
  expect(asked.get('code_challenge_method')).toBe('S256')
  expect(asked.get('scope')?.split(' ')).toEqual([SCOPE_APPEND, SCOPE_READ])
  expect(run.page).toEqual({
    status: 200,
    text: 'Access granted. The refresh token is in your terminal; you can close this tab.\n'
  })
  expect(run.stdout).toContain(`Scopes granted: ${SCOPE_APPEND} ${SCOPE_READ}`)
  expect(run.stdout).not.toContain('Not granted')
  const refreshToken = printedToken(run.stdout)
  expect(refreshToken).toMatch(/^1\/\/0g/)

  // The token does what the action needs: create, then read back.
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(8, 8, 50) })
  const r = await runAction(
    {
      files: 'a.png',
      verify: 'true',
      'client-id': 'test-client-id',
      'client-secret': 'test-client-secret',
      'refresh-token': refreshToken,
      'token-endpoint': emu.tokenEndpoint,
      'api-endpoint': emu.baseUrl
    },
    { ws }
  )
  expect(r.failed).toBe(false)
  expect(r.report?.items[0]).toMatchObject({ outcome: 'created', verified: true })
})

test('--append-only asks for photoslibrary.appendonly alone: create works, verify warns', async () => {
  const run = await getRefreshToken(['--append-only'])

  expect(run.code).toBe(0)
  expect(run.stdout).toContain(`Scopes granted: ${SCOPE_APPEND}\n`)
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'a.png': makePng(8, 8, 51) })
  const r = await runAction(
    {
      files: 'a.png',
      verify: 'true',
      'client-id': 'test-client-id',
      'client-secret': 'test-client-secret',
      'refresh-token': printedToken(run.stdout),
      'token-endpoint': emu.tokenEndpoint,
      'api-endpoint': emu.baseUrl
    },
    { ws }
  )
  expect(r.report?.items[0]?.outcome).toBe('created')
  expect(r.stdout).toMatch(/::warning::verify: .*photoslibrary\.readonly\.appcreateddata/)
})

test('refused consent: the page and the script say so, and no token is printed', async () => {
  emu.refuseConsent()
  const run = await getRefreshToken()

  expect(run.code).toBe(1)
  expect(run.page?.status).toBe(400)
  expect(run.page?.text).toContain('Access was not granted (access_denied)')
  expect(run.stderr).toContain('Access was not granted (access_denied). Run again and allow access')
  expect(printedToken(run.stdout)).toBeUndefined()
})

test('without the client id and secret, the script says where to find them', async () => {
  const run = await getRefreshToken([], {})
  expect(run.code).toBe(1)
  expect(run.stderr).toContain('Set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET')
  expect(run.stdout).toBe('')
})
