/**
 * A self-hosted runner behind a proxy: `HTTP_PROXY` / `HTTPS_PROXY` carry the Library API
 * calls and the tokeninfo check, with the proxy's credentials; `NO_PROXY` and this
 * machine's own names go straight. The bundled action, as GitHub runs it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { PhotosEmulator } from './emulator/index.js'
import { makeWorkspace, runAction, runDist, writeFiles } from './helpers/action.js'
import { makePng } from './helpers/images.js'
import { TestProxy } from './helpers/proxy.js'
import { createDispatcher, proxiesFrom } from '../src/photos/dispatcher.js'
import { requestOnce } from '../src/photos/http.js'

let emu: PhotosEmulator
let proxy: TestProxy
let port: number
beforeAll(async () => {
  emu = await PhotosEmulator.start()
  port = Number(new URL(emu.baseUrl).port)
  // 127.0.0.2 is a loopback address the emulator does not listen on: only the proxy,
  // which carries it to 127.0.0.1, reaches the emulator under that name.
  proxy = await TestProxy.start((target) => target.replace(/^127\.0\.0\.2:/, '127.0.0.1:'))
})
afterAll(async () => {
  await proxy.close()
  await emu.close()
})

/** Proxy variables of the machine that runs the tests do not leak into these runs. */
const NO_PROXY_ENV = {
  HTTP_PROXY: '',
  http_proxy: '',
  HTTPS_PROXY: '',
  https_proxy: '',
  NO_PROXY: '',
  no_proxy: ''
}

function twoFiles() {
  const ws = makeWorkspace()
  writeFiles(ws.workspace, { 'shots/a.png': makePng(4, 4, 801), 'shots/b.png': makePng(4, 4, 802) })
  return ws
}

test('HTTP_PROXY carries every call to a host only the proxy can reach, with its credentials, which no log shows', async () => {
  const before = emu.requests.length
  const seenBefore = proxy.seen.length
  const proxyUrl = new URL(proxy.url)
  proxyUrl.username = 'runner'
  proxyUrl.password = 'proxy-pass-word'
  const r = await runDist(
    {
      'access-token': 'test-access-token',
      'api-endpoint': `http://127.0.0.2:${port}`,
      'token-endpoint': `http://127.0.0.2:${port}/token`,
      files: 'shots/*.png'
    },
    { ws: twoFiles(), extraEnv: { ...NO_PROXY_ENV, HTTP_PROXY: proxyUrl.toString() } }
  )
  expect(r.stderr).toBe('')
  expect(r.exitCode).toBe(0)
  expect(r.outputs['created-count']).toBe('2')
  expect(emu.requests.slice(before).map((q) => q.op)).toEqual([
    'tokeninfo',
    'upload',
    'upload',
    'batchCreate'
  ])
  const carried = proxy.seen.slice(seenBefore)
  expect(carried.length).toBeGreaterThan(0)
  for (const q of carried) {
    expect(q.target).toBe(`127.0.0.2:${port}`)
    expect(q.auth).toBe('runner:proxy-pass-word')
  }
  expect(r.stdout).toContain(`Requests go through ${proxy.url}, except to localhost`)
  // Masked as soon as it is read; the mask command itself is the only line that holds it.
  const lines = r.stdout.split('\n')
  expect(lines.filter((l) => l.includes('proxy-pass-word'))).toEqual([
    '::add-mask::proxy-pass-word'
  ])
  expect(r.summary).not.toContain('proxy-pass-word')
  expect(JSON.stringify(r.report)).not.toContain('proxy-pass-word')
})

test('the refresh-token grant goes through the proxy too, with the same connections as the calls', async () => {
  const before = emu.requests.length
  const seenBefore = proxy.seen.length
  const r = await runDist(
    {
      'client-id': 'test-client-id',
      'client-secret': 'test-client-secret',
      'refresh-token': 'test-refresh-token',
      'api-endpoint': `http://127.0.0.2:${port}`,
      'token-endpoint': `http://127.0.0.2:${port}/token`,
      files: 'shots/*.png'
    },
    { ws: twoFiles(), extraEnv: { ...NO_PROXY_ENV, HTTP_PROXY: proxy.url } }
  )
  expect(r.stderr).toBe('')
  expect(r.exitCode).toBe(0)
  expect(emu.requests.slice(before).map((q) => q.op)).toEqual([
    'token',
    'upload',
    'upload',
    'batchCreate'
  ])
  // Every request, the grant's among them, reached 127.0.0.2 only through the proxy.
  const carried = proxy.seen.slice(seenBefore)
  expect(carried.length).toBeGreaterThan(0)
  for (const q of carried) expect(q.target).toBe(`127.0.0.2:${port}`)
})

test('127.0.0.1 and localhost go straight, not through the proxy', async () => {
  const seenBefore = proxy.seen.length
  for (const api of [emu.baseUrl, `http://localhost:${port}`]) {
    const r = await runDist(
      { 'access-token': 'test-access-token', 'api-endpoint': api, files: 'shots/*.png' },
      { ws: twoFiles(), extraEnv: { ...NO_PROXY_ENV, HTTP_PROXY: proxy.url } }
    )
    expect(r.exitCode).toBe(0)
    expect(r.outputs['created-count']).toBe('2')
  }
  expect(proxy.seen.slice(seenBefore)).toEqual([])
})

test('a host in NO_PROXY goes straight: here, where nothing listens, so its uploads fail', async () => {
  const seenBefore = proxy.seen.length
  const saved = { ...process.env }
  Object.assign(process.env, NO_PROXY_ENV, {
    HTTP_PROXY: proxy.url,
    NO_PROXY: 'example.test,127.0.0.2'
  })
  let r
  try {
    r = await runAction(
      {
        'access-token': 'test-access-token',
        'api-endpoint': `http://127.0.0.2:${port}`,
        'token-endpoint': `${emu.baseUrl}/token`,
        files: 'shots/*.png'
      },
      { ws: twoFiles() }
    )
  } finally {
    for (const key of Object.keys(NO_PROXY_ENV)) delete process.env[key]
    Object.assign(process.env, saved)
  }
  expect(r.failed).toBe(true)
  expect(r.report?.items.map((i) => i.outcome)).toEqual(['failed', 'failed'])
  expect(r.report?.items[0]?.status?.message).toMatch(/ECONNREFUSED/)
  expect(proxy.seen.slice(seenBefore)).toEqual([])
})

test('an https host is reached through the proxy with CONNECT', async () => {
  // The Library API is https: undici tunnels it with CONNECT, a call of the dispatchers
  // that the action loads file by file. The emulator speaks plain HTTP, so the TLS
  // handshake inside the tunnel fails; what is shown is the tunnel, asked for with the
  // proxy's credentials.
  const authed = proxy.url.replace('http://', 'http://runner:s3cret@')
  const dispatcher = createDispatcher({}, { https: authed, noProxy: 'localhost' })
  const seenBefore = proxy.seen.length
  try {
    const failure = await requestOnce(
      dispatcher,
      { url: `https://127.0.0.2:${port}/v1/albums`, method: 'GET' },
      10_000
    ).then(
      () => undefined,
      (err: unknown) => err
    )
    // TLS was tried inside the tunnel, and met the emulator's plain HTTP.
    expect((failure as { code?: string }).code).toBe('ERR_SSL_WRONG_VERSION_NUMBER')
    expect(proxy.seen.slice(seenBefore)).toEqual([
      { kind: 'connect', target: `127.0.0.2:${port}`, auth: 'runner:s3cret' }
    ])
  } finally {
    await dispatcher.destroy()
  }
})

describe('proxy variables', () => {
  test('lower case wins, HTTPS falls back to HTTP, a bare host:port is http, loopback is never proxied', () => {
    expect(
      proxiesFrom({
        HTTP_PROXY: 'http://upper:1',
        http_proxy: 'http://lower:2',
        NO_PROXY: 'a.test'
      })
    ).toEqual({
      proxies: {
        http: 'http://lower:2/',
        https: 'http://lower:2/',
        noProxy: 'a.test,localhost,127.0.0.1,[::1]'
      },
      notUrls: []
    })
    expect(proxiesFrom({ HTTPS_PROXY: 'proxy.corp:3128' }).proxies).toEqual({
      https: 'http://proxy.corp:3128/',
      noProxy: 'localhost,127.0.0.1,[::1]'
    })
    // An empty lower-case variable, as a workflow's `env:` may leave it, does not hide the other.
    expect(
      proxiesFrom({ https_proxy: '', HTTPS_PROXY: 'http://p:1', no_proxy: '', NO_PROXY: 'b.test' })
        .proxies
    ).toEqual({ https: 'http://p:1/', noProxy: 'b.test,localhost,127.0.0.1,[::1]' })
    expect(proxiesFrom({})).toEqual({ notUrls: [] })
  })

  test('a variable that is not a URL is named, and no request goes through it', () => {
    expect(proxiesFrom({ HTTPS_PROXY: 'http://exa mple:80' })).toEqual({ notUrls: ['HTTPS_PROXY'] })
    // A scheme undici cannot go through is named the same way, and the run goes direct.
    expect(proxiesFrom({ http_proxy: 'ftp://proxy.corp:21' })).toEqual({ notUrls: ['http_proxy'] })
  })
})
