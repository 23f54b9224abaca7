/**
 * An HTTP proxy on loopback, as a self-hosted runner's network has one: it tunnels CONNECT
 * requests and forwards absolute-form ones, to the address `route` gives for the host the
 * client asked for (so that a test can name a host only the proxy can reach), and records
 * each request with the credentials it carried.
 */
import http from 'node:http'
import net from 'node:net'

export interface ProxiedRequest {
  kind: 'connect' | 'forward'
  /** host:port the client asked for. */
  target: string
  /** The Proxy-Authorization header, decoded from Basic when it is. */
  auth?: string
}

export class TestProxy {
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    /** Every request the proxy was asked to carry, in order. */
    readonly seen: ProxiedRequest[]
  ) {}

  static async start(route: (target: string) => string): Promise<TestProxy> {
    const seen: ProxiedRequest[] = []
    const auth = (headers: http.IncomingHttpHeaders) => {
      const value = headers['proxy-authorization']
      const basic = value && /^Basic (.+)$/i.exec(value)?.[1]
      return basic ? Buffer.from(basic, 'base64').toString() : value
    }
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/')
      const a = auth(req.headers)
      seen.push({ kind: 'forward', target: url.host, ...(a ? { auth: a } : {}) })
      const [host, port] = split(route(url.host))
      const headers = { ...req.headers }
      delete headers['proxy-authorization']
      const upstream = http.request(
        { host, port, method: req.method, path: `${url.pathname}${url.search}`, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        }
      )
      upstream.on('error', () => res.destroy())
      req.pipe(upstream)
    })
    server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      const target = req.url ?? ''
      const a = auth(req.headers)
      seen.push({ kind: 'connect', target, ...(a ? { auth: a } : {}) })
      const [host, port] = split(route(target))
      const upstream = net.connect(port, host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(socket)
        socket.pipe(upstream)
      })
      upstream.on('error', () => socket.destroy())
      socket.on('error', () => upstream.destroy())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    return new TestProxy(server, `http://127.0.0.1:${port}`, seen)
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

function split(target: string): [string, number] {
  const at = target.lastIndexOf(':')
  return [target.slice(0, at), Number(target.slice(at + 1))]
}
