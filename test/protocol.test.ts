/**
 * The protocol the action speaks. Google's servers take HTTP/2 from a client that offers
 * it over TLS, and undici 8 offers it unless told not to; the action's dispatchers speak
 * HTTP/1.1 only, the protocol that every test and the benchmark run against the emulator.
 * A TLS server here offers both, as Google's do (its certificate, for localhost and
 * 127.0.0.1, is made for this test and valid until 2126).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import fs from 'node:fs'
import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createDispatcher } from '../src/photos/dispatcher.js'
import { requestOnce } from '../src/photos/http.js'

const cert = fs.readFileSync(path.join(import.meta.dirname, 'helpers', 'localhost-cert.pem'))
const key = fs.readFileSync(path.join(import.meta.dirname, 'helpers', 'localhost-key.pem'))

let server: http2.Http2SecureServer
let origin: string
const seen: { httpVersion: string; alpn: string | false }[] = []
beforeAll(async () => {
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
  await new Promise((resolve) => server.close(resolve))
})

test('a TLS server that offers HTTP/2 is spoken to in HTTP/1.1', async () => {
  const dispatcher = createDispatcher({ connect: { ca: cert } }, undefined)
  try {
    const first = await requestOnce(
      dispatcher,
      { url: `${origin}/v1/albums`, method: 'GET' },
      10_000
    )
    const second = await requestOnce(
      dispatcher,
      { url: `${origin}/v1/albums`, method: 'GET' },
      10_000
    )
    expect([first.status, second.status]).toEqual([200, 200])
    expect(JSON.parse(first.body)).toEqual({ ok: true })
    expect(seen).toEqual([
      { httpVersion: '1.1', alpn: 'http/1.1' },
      { httpVersion: '1.1', alpn: 'http/1.1' }
    ])
  } finally {
    await dispatcher.destroy()
  }
})
