/**
 * Access tokens: given as an input, or refreshed with google-auth-library, whose requests
 * go through the action's own HTTP client.
 */
import * as core from '@actions/core'
import type { OAuth2Client } from 'google-auth-library'
import type { Dispatcher } from 'undici'
import { AuthError } from './photos/errors.js'
import { requestOnce } from './photos/http.js'
import type { Credentials } from './types.js'
import { errorMessage } from './errors.js'

export interface TokenSource {
  /** A current access token (refreshed first when it is about to expire). */
  getToken(): Promise<string>
  /**
   * The current token when it is known to be good for a while yet, without a wait; else
   * undefined (then getToken). Every request asks, so it must cost nothing.
   */
  currentToken?(): string | undefined
  /** A new access token, after the API refused the current one with 401. */
  refresh(): Promise<string>
  readonly refreshable: boolean
  /** Scopes of the current token, when the token endpoint named them; else undefined. */
  grantedScopes?(): string[] | undefined
}

/** The refresh grant's requests go through the action's own HTTP client: `through()`. */
export interface TokenTransport {
  through: () => Dispatcher
  timeoutMs: number
  /** The run's stop: a cancellation abandons a grant in flight, and is what it throws. */
  stopSignal?: () => AbortSignal
}

export function createTokenSource(
  credentials: Credentials,
  tokenEndpoint: string,
  transport: TokenTransport
): TokenSource {
  if (credentials.kind === 'access-token') return new StaticTokenSource(credentials.accessToken)
  return new RefreshingTokenSource(credentials, tokenEndpoint, transport)
}

/** Why a given access token is refused, and what to do. */
export const ACCESS_TOKEN_FIX =
  'it has expired (access tokens live about an hour), was revoked, or was not issued for this ' +
  'API. Pass a fresh token, or give `client-id`, `client-secret` and `refresh-token` so that ' +
  'the action refreshes tokens itself.'

class StaticTokenSource implements TokenSource {
  readonly refreshable = false
  constructor(private readonly token: string) {}
  async getToken(): Promise<string> {
    return this.token
  }
  currentToken(): string {
    return this.token
  }
  async refresh(): Promise<string> {
    throw new AuthError(`The Library API refused \`access-token\` (401): ${ACCESS_TOKEN_FIX}`)
  }
}

/** Tokens are refreshed this long before they expire. */
const EAGER_REFRESH_MS = 5 * 60_000

class RefreshingTokenSource implements TokenSource {
  readonly refreshable = true
  private client: Promise<OAuth2Client> | undefined
  /** The client once loaded, for what is known of its current token. */
  private loaded: OAuth2Client | undefined
  private pending: Promise<string> | undefined
  private readonly masked = new Set<string>()

  constructor(
    private readonly credentials: Extract<Credentials, { kind: 'refresh-token' }>,
    private readonly tokenEndpoint: string,
    private readonly transport: TokenTransport
  ) {}

  /** google-auth-library is loaded only by runs that refresh: it is a third of the bundle. */
  private oauthClient(): Promise<OAuth2Client> {
    this.client ??= import('google-auth-library').then(({ OAuth2Client }) => {
      const client = new OAuth2Client({
        clientId: this.credentials.clientId,
        clientSecret: this.credentials.clientSecret,
        endpoints: { oauth2TokenUrl: this.tokenEndpoint },
        // Refresh a little before expiry so that a long upload does not start with a dying token.
        eagerRefreshThresholdMillis: EAGER_REFRESH_MS,
        transporterOptions: { fetchImplementation: fetchThrough(this.transport) }
      })
      client.setCredentials({ refresh_token: this.credentials.refreshToken })
      this.loaded = client
      return client
    })
    return this.client
  }

  getToken(): Promise<string> {
    // One refresh at a time: parallel uploads share it.
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined
    })
    return this.pending
  }

  async refresh(): Promise<string> {
    const client = await this.oauthClient()
    client.setCredentials({ refresh_token: this.credentials.refreshToken })
    return this.getToken()
  }

  /** The token the client holds, while the client itself would not refresh it yet. */
  currentToken(): string | undefined {
    if (this.pending) return undefined
    const { access_token: token, expiry_date: expiry } = this.loaded?.credentials ?? {}
    if (!token || !this.masked.has(token)) return undefined
    return expiry && expiry - Date.now() > EAGER_REFRESH_MS ? token : undefined
  }

  grantedScopes(): string[] | undefined {
    return this.loaded?.credentials.scope?.split(/\s+/).filter(Boolean)
  }

  private async fetchToken(): Promise<string> {
    let token: string | null | undefined
    try {
      token = (await (await this.oauthClient()).getAccessToken()).token
    } catch (err) {
      const stop = this.transport.stopSignal?.()
      if (stop?.aborted) throw stop.reason
      throw refreshFailure(err)
    }
    if (!token) throw new AuthError('The token endpoint answered without an access token.')
    if (!this.masked.has(token)) {
      core.setSecret(token)
      this.masked.add(token)
    }
    return token
  }
}

/**
 * A `fetch` for google-auth-library's HTTP client (gaxios) that sends through the action's
 * own client: the proxies it honours (gaxios reads `HTTPS_PROXY` itself, and its proxy agent
 * takes no `socks5://`), and no second HTTP stack to load (gaxios' own is `node-fetch` over
 * `node:http`). It carries the token requests only: a form or JSON body, an answer read whole.
 */
function fetchThrough(transport: TokenTransport): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    const headers: Record<string, string> = {}
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value))
    const method = (init?.method ?? 'GET').toUpperCase()
    if (method !== 'GET' && method !== 'POST') throw new Error(`${method} is not a token request`)
    const body = init?.body
    if (body != null && typeof body !== 'string' && !(body instanceof URLSearchParams)) {
      throw new Error('a token request carries a form or JSON, not this body')
    }
    const res = await requestOnce(
      transport.through(),
      { url, method, headers, ...(body == null ? {} : { body: String(body) }) },
      transport.timeoutMs,
      transport.stopSignal?.()
    )
    const headersOut = new Headers()
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headersOut.set(name, value)
    }
    // A 204 or 304 carries no body, and Response refuses one.
    const nullBody = res.status === 204 || res.status === 304
    return new Response(nullBody ? null : res.body, { status: res.status, headers: headersOut })
  }
}

function refreshFailure(err: unknown): AuthError {
  const e = err as { response?: { data?: { error?: string; error_description?: string } } }
  const code = e.response?.data?.error
  if (code === 'invalid_grant') {
    return new AuthError(
      'Google refused `refresh-token` (invalid_grant): it was revoked, or it expired. Refresh tokens ' +
        'of an OAuth app whose publishing status is "Testing" expire after 7 days; publish the app ' +
        '"In production" for long-lived tokens. Get a new refresh token for the same OAuth client ' +
        "(`npm run refresh-token` in the action's repository, or the OAuth 2.0 Playground with " +
        'your own client and the photoslibrary scopes) and update the secret.'
    )
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new AuthError(
      `Google refused the OAuth client (${code}): check \`client-id\` and \`client-secret\`, and that ` +
        '`refresh-token` was issued to this same client.'
    )
  }
  return new AuthError(`Could not refresh the access token: ${safeMessage(err)}`)
}

/** An error text without anything that could carry a secret (request bodies, headers). */
function safeMessage(err: unknown): string {
  const e = err as { response?: { status?: number; data?: { error?: string } } }
  if (e.response?.status) {
    return `HTTP ${e.response.status}${e.response.data?.error ? ` ${e.response.data.error}` : ''}`
  }
  const text = errorMessage(err)
  return text.split('\n')[0]?.slice(0, 200) ?? 'unknown error'
}
