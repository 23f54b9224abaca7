/** Access tokens, their scopes and lifetimes, and the OAuth token endpoint (refresh grant). */
import { insufficientScopes, unauthenticated } from './errors.js'
import { randomId } from './library.js'
import { ALL_SCOPES, SCOPE_APPEND, SCOPE_EDIT, SCOPE_READ } from './types.js'
import type { EmulatorConfig, Operation } from './types.js'

const WRITE_OPS: ReadonlySet<Operation> = new Set([
  'upload',
  'upload.start',
  'upload.chunk',
  'upload.query',
  'batchCreate',
  'albums.create'
])

interface AccessToken {
  scopes: string[]
  /** Date.now() ms; Infinity for tokens given in the config or added by tests. */
  expiresAt: number
}

interface OAuthClient {
  clientId: string
  clientSecret: string
  refreshToken: string
  scopes: string[]
}

export class Auth {
  readonly issued: string[] = []
  private readonly tokens = new Map<string, AccessToken>()
  private readonly clients: OAuthClient[]
  private readonly revoked = new Set<string>()
  private readonly lifetimeSec: number

  constructor(config: EmulatorConfig) {
    for (const t of config.accessTokens ?? ['test-access-token']) this.addAccessToken(t)
    this.clients = (
      config.oauthClients ?? [
        {
          clientId: 'test-client-id',
          clientSecret: 'test-client-secret',
          refreshToken: 'test-refresh-token'
        }
      ]
    ).map((c) => ({ ...c, scopes: c.scopes ?? ALL_SCOPES }))
    this.lifetimeSec = config.accessTokenLifetimeSec ?? 3600
  }

  addAccessToken(token: string, scopes: string[] = ALL_SCOPES): void {
    this.tokens.set(token, { scopes: [...scopes], expiresAt: Infinity })
  }

  expireAccessToken(token: string): void {
    const t = this.tokens.get(token)
    if (t) t.expiresAt = -Infinity
  }

  revokeRefreshToken(refreshToken: string): void {
    this.revoked.add(refreshToken)
  }

  /** Throws the API's 401 or 403 unless the bearer token may do `op`. */
  authorize(authorization: string | undefined, op: Operation): void {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1]
    const token = bearer === undefined ? undefined : this.tokens.get(bearer)
    if (!token || Date.now() >= token.expiresAt) throw unauthenticated()
    const has = (scope: string) => token.scopes.includes(scope)
    const allowed = WRITE_OPS.has(op)
      ? has(SCOPE_APPEND) || has(SCOPE_EDIT)
      : has(SCOPE_READ) || has(SCOPE_EDIT)
    if (!allowed) throw insufficientScopes()
  }

  /**
   * `GET /tokeninfo?access_token=…` (or the same as a POST form): what Google tells about an
   * access token, its scopes among them, without spending any API quota.
   */
  tokenInfo(accessToken: string): { status: number; body: string } {
    const token = this.tokens.get(accessToken)
    if (!token || Date.now() >= token.expiresAt) {
      return oauthError(400, 'invalid_token', 'Invalid Value')
    }
    const expiresIn =
      token.expiresAt === Infinity ? 3600 : Math.round((token.expiresAt - Date.now()) / 1000)
    return {
      status: 200,
      body: JSON.stringify({
        azp: 'test-client-id',
        aud: 'test-client-id',
        scope: token.scopes.join(' '),
        exp: String(Math.round(Date.now() / 1000) + expiresIn),
        expires_in: String(expiresIn),
        access_type: 'offline'
      })
    }
  }

  /** `POST /token`: the refresh grant, client credentials in the body or as HTTP Basic. */
  token(
    authorization: string | undefined,
    contentType: string,
    body: Buffer
  ): { status: number; body: string } {
    const form = parseForm(contentType, body)
    let clientId = form.get('client_id') ?? ''
    let clientSecret = form.get('client_secret') ?? ''
    const basic = /^Basic\s+(\S+)/i.exec(authorization ?? '')?.[1]
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      clientId = safeDecode(colon < 0 ? decoded : decoded.slice(0, colon))
      clientSecret = safeDecode(colon < 0 ? '' : decoded.slice(colon + 1))
    }
    const client = this.clients.find(
      (c) => c.clientId === clientId && c.clientSecret === clientSecret
    )
    if (!client) {
      return oauthError(401, 'invalid_client', 'The OAuth client was not found.')
    }
    if (form.get('grant_type') !== 'refresh_token') {
      return oauthError(
        400,
        'unsupported_grant_type',
        `Invalid grant_type: ${form.get('grant_type') ?? ''}`
      )
    }
    const refreshToken = form.get('refresh_token') ?? ''
    if (refreshToken !== client.refreshToken || this.revoked.has(refreshToken)) {
      return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.')
    }
    const accessToken = randomId('ya29.')
    this.tokens.set(accessToken, {
      scopes: client.scopes,
      expiresAt: Date.now() + this.lifetimeSec * 1000
    })
    this.issued.push(accessToken)
    return {
      status: 200,
      body: JSON.stringify({
        access_token: accessToken,
        expires_in: this.lifetimeSec,
        scope: client.scopes.join(' '),
        token_type: 'Bearer'
      })
    }
  }
}

function parseForm(contentType: string, body: Buffer): URLSearchParams {
  const raw = body.toString('utf8')
  if (!contentType.includes('json')) return new URLSearchParams(raw)
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(parsed)) params.set(k, String(v))
    return params
  } catch {
    return new URLSearchParams()
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return value
  }
}

function oauthError(
  status: number,
  error: string,
  description: string
): { status: number; body: string } {
  return { status, body: JSON.stringify({ error, error_description: description }) }
}
