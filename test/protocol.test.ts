/**
 * The protocol the action speaks. Google's servers take HTTP/2 from a client that offers
 * it over TLS, and undici 8 offers it unless told not to; the action's dispatchers speak
 * HTTP/1.1 only, the protocol that every test and the benchmark run against the emulator,
 * straight to the host and through a proxy's tunnel alike. A TLS server here offers both,
 * as Google's do (its certificate, for localhost and 127.0.0.1, is made for this test and
 * valid until 2126).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import fs from 'node:fs'
import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { TestProxy } from './helpers/proxy.js'
import { createDispatcher } from '../src/photos/dispatcher.js'
import { requestOnce } from '../src/photos/http.js'

const cert = fs.readFileSync(path.join(import.meta.dirname, 'helpers', 'localhost-cert.pem'))
const key = fs.readFileSync(path.join(import.meta.dirname, 'helpers', 'localhost-key.pem'))

let server: http2.Http2SecureServer
let proxy: TestProxy
let origin: string
const seen: { httpVersion: string; alpn: string | false }[] = []
/** The machine's own proxy variables, put back after: the first test goes straight. */
const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy']
const savedEnv = PROXY_VARS.map((name) => [name, process.env[name]] as const)
beforeAll(async () => {
  for (const name of PROXY_VARS) delete process.env[name]
  proxy = await TestProxy.start((target) => target)
  server = http2.createSecureServer({ key, cert, allowHTTP1: true }, (req, res) => {
    const socket = req.httpVersion === '2.0' ? req.stream.session?.socket : req.socket
    seen.push({
      httpVersion: req.httpVersion,
      alpn: (socket as { alpnProtocol?: string | false })?.alpnProtocol ?? false
    })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"ok":true}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const [name, value] of savedEnv) if (value !== undefined) process.env[name] = value
  await proxy.close()
  await new Promise((resolve) => server.close(resolve))
})

/** Two requests through the dispatcher; what the server saw of them. */
async function twoRequests(dispatcher: ReturnType<typeof createDispatcher>) {
  seen.length = 0
  try {
    for (let i = 0; i < 2; i++) {
      const res = await requestOnce(
        dispatcher,
        { url: `${origin}/v1/albums`, method: 'GET' },
        10_000
      )
      expect(res.status).toBe(200)
      expect(JSON.parse(res.body)).toEqual({ ok: true })
    }
  } finally {
    await dispatcher.destroy()
  }
  return [...seen]
}

const HTTP1 = { httpVersion: '1.1', alpn: 'http/1.1' }

test('a TLS server that offers HTTP/2 is spoken to in HTTP/1.1', async () => {
  const dispatcher = createDispatcher({ connect: { ca: cert } })
  expect(await twoRequests(dispatcher)).toEqual([HTTP1, HTTP1])
})

test('and so it is through a proxy, inside the CONNECT tunnel', async () => {
  const seenBefore = proxy.seen.length
  // Inside a tunnel, the TLS options are undici's `requestTls`.
  const dispatcher = createDispatcher(
    { requestTls: { ca: cert } } as Parameters<typeof createDispatcher>[0],
    { https: proxy.url, noProxy: 'localhost' }
  )
  expect(await twoRequests(dispatcher)).toEqual([HTTP1, HTTP1])
  const tunnels = proxy.seen.slice(seenBefore)
  expect(tunnels.length).toBeGreaterThan(0)
  expect(tunnels.every((r) => r.kind === 'connect' && r.target === new URL(origin).host)).toBe(true)
})
