/**
 * The HTTP client for the Library API, the tokeninfo check and release downloads: through
 * the proxy that `HTTPS_PROXY` / `HTTP_PROXY` name (either case; `NO_PROXY` honoured), as
 * the runner and the toolkit's own HTTP client do on a self-hosted runner behind one;
 * straight to the host when none is set. Loopback hosts never go through the proxy, as
 * with the toolkit's client.
 */
import type { Dispatcher } from 'undici'
import Agent from 'undici/lib/dispatcher/agent.js'
import connect from 'undici/lib/api/api-connect.js'
import DispatcherClass from 'undici/lib/dispatcher/dispatcher.js'
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js'
import Pool from 'undici/lib/dispatcher/pool.js'

/*
 * undici's dispatchers, imported file by file: its index also loads fetch, WebSocket,
 * EventSource, the caches and the mocks (1 MB of the 1.8 MB the action loads at start,
 * about 15 ms of a cold start), none of which the action uses. Of the calls the index makes
 * methods of every dispatcher, the action's requests need none (they go through `dispatch`);
 * a proxy's CONNECT goes through `connect`, so that one is added. (`request` and the other
 * stream calls loaded a readable-stream class and four modules at start.)
 */
Object.assign(DispatcherClass.prototype, { connect })

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]']

export interface Proxies {
  http?: string
  https?: string
  noProxy: string
}

/**
 * The proxies the environment names (undefined when it names none), and the variables set
 * to something that is not a URL, which the log names: such a run goes to the hosts directly.
 */
export function proxiesFrom(env: NodeJS.ProcessEnv = process.env): {
  proxies?: Proxies
  notUrls: string[]
} {
  const notUrls: string[] = []
  const read = (names: string[]) => {
    const name = names.find((n) => env[n]?.trim())
    if (!name) return undefined
    const url = proxyUrl(env[name] ?? '')
    if (!url) notUrls.push(name)
    return url
  }
  const http = read(['http_proxy', 'HTTP_PROXY'])
  // As curl and the toolkit do: an https URL without HTTPS_PROXY goes through HTTP_PROXY.
  const https = read(['https_proxy', 'HTTPS_PROXY']) ?? http
  if (!http && !https) return { notUrls }
  const noProxy = [env.no_proxy || env.NO_PROXY || '', ...LOOPBACK_HOSTS].filter(Boolean).join(',')
  return { proxies: { ...(http ? { http } : {}), ...(https ? { https } : {}), noProxy }, notUrls }
}

/**
 * Options of every dispatcher. HTTP/1.1 only: undici 8 would otherwise offer HTTP/2 to a
 * TLS server, and Google's would take it, so real runs would go over a protocol that no
 * test and no benchmark here exercises (the emulator speaks HTTP/1.1), on one connection
 * instead of one an upload slot; with neither HTTP/2 nor a header limit to read from
 * `node:http` (Node's default is given), neither module is loaded (see undici's patch): a
 * tokens-only run's first request went out about 15 ms sooner (14 alternated rounds).
 */
const BASE_OPTIONS = { allowH2: false, maxHeaderSize: 16 * 1024 } satisfies Agent.Options

export function createDispatcher(
  given: Agent.Options,
  proxies: Proxies | undefined = proxiesFrom().proxies
): Dispatcher {
  const options = { ...BASE_OPTIONS, ...given }
  if (!proxies) return new Agent(options)
  return new EnvHttpProxyAgent({
    ...options,
    // The connection to the proxy itself, which carries the CONNECT of an https host, gets
    // the same header limit: undici's default factory gives it none, and the client then
    // loaded `node:http` to read Node's. (A plain http:// host is forwarded by a client of
    // undici's own making, which still does; only the tests use one.)
    clientFactory: (origin, opts) =>
      new Pool(origin, { ...opts, maxHeaderSize: options.maxHeaderSize }),
    ...(proxies.http ? { httpProxy: proxies.http } : {}),
    ...(proxies.https ? { httpsProxy: proxies.https } : {}),
    noProxy: proxies.noProxy
  })
}

/** What the log says of the proxies: their origins, never a user name or password. */
export function describeProxies(proxies: Proxies): string {
  const origin = (url: string | undefined) => (url ? new URL(url).origin : undefined)
  const [https, http] = [origin(proxies.https), origin(proxies.http)]
  const via =
    https === http
      ? `through ${https}`
      : [https ? `https through ${https}` : '', http ? `http through ${http}` : '']
          .filter(Boolean)
          .join(', ')
  return `Requests go ${via}, except to localhost, 127.0.0.1, ::1 and the hosts in NO_PROXY.`
}

/** The passwords in the proxies' URLs, decoded, each once: to be masked. */
export function proxyPasswords(proxies: Proxies): string[] {
  const passwords = [proxies.http, proxies.https].map((url) =>
    url ? decodeURIComponent(new URL(url).password) : ''
  )
  return [...new Set(passwords)].filter(Boolean)
}

/** Schemes of proxies that undici can go through. */
const PROXY_PROTOCOLS = new Set(['http:', 'https:', 'socks5:'])

/** A proxy variable's value as a URL; `proxy:3128` means `http://proxy:3128`, as for curl. */
function proxyUrl(value: string): string | undefined {
  const text = value.trim()
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`
  try {
    const parsed = new URL(url)
    return PROXY_PROTOCOLS.has(parsed.protocol) ? parsed.toString() : undefined
  } catch {
    return undefined
  }
}
