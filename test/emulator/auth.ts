/**
 * Access tokens, their scopes and lifetimes, and OAuth as a Desktop app client meets it: the
 * consent page (which grants at once, or refuses when told to) redirecting to a loopback
 * address with a code, and the token endpoint (authorization code with PKCE, refresh token).
 */
import crypto from 'node:crypto'
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

/** An authorization code from the consent page, good for one exchange. */
interface Grant {
  clientId: string
  redirectUri: string
  scopes: string[]
  offline: boolean
  codeChallenge?: string
  codeChallengeMethod?: string
  used: boolean
}

/** The answer of the consent page: a redirect back to the app, or an error page. */
export type ConsentAnswer = { status: 302; location: string } | { status: 400; body: string }

export class Auth {
  readonly issued: string[] = []
  private readonly tokens = new Map<string, AccessToken>()
  private readonly clients: OAuthClient[]
  private readonly revoked = new Set<string>()
  private readonly lifetimeSec: number
  private readonly grants = new Map<string, Grant>()
  /** Whether the user on the consent page allows access. */
  consentGiven = true

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

  /**
   * `GET /o/oauth2/v2/auth`, as after the user signed in and chose: a redirect to the
   * loopback `redirect_uri` with a code (or `error=access_denied`). An unknown client or a
   * redirect that is not loopback gets Google's error page instead, with no redirect.
   */
  consent(params: URLSearchParams): ConsentAnswer {
    const clientId = params.get('client_id') ?? ''
    if (!this.clients.some((c) => c.clientId === clientId)) {
      return { status: 400, body: 'Error 401: invalid_client. The OAuth client was not found.' }
    }
    const redirectUri = params.get('redirect_uri') ?? ''
    let redirect: URL
    try {
      redirect = new URL(redirectUri)
    } catch {
      return { status: 400, body: 'Error 400: redirect_uri_mismatch. redirect_uri is missing.' }
    }
    if (
      redirect.protocol !== 'http:' ||
      !['127.0.0.1', 'localhost', '[::1]'].includes(redirect.hostname)
    ) {
      return {
        status: 400,
        body: `Error 400: redirect_uri_mismatch. A Desktop app client redirects to a loopback address, not ${redirectUri}.`
      }
    }
    const back = (answer: Record<string, string>): ConsentAnswer => {
      const state = params.get('state')
      for (const [k, v] of Object.entries({ ...answer, ...(state ? { state } : {}) })) {
        redirect.searchParams.set(k, v)
      }
      return { status: 302, location: redirect.toString() }
    }
    if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' })
    const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean)
    if (scopes.length === 0 || scopes.some((s) => !ALL_SCOPES.includes(s))) {
      return back({ error: 'invalid_scope' })
    }
    if (!this.consentGiven) return back({ error: 'access_denied' })
    const code = randomId('4/0A')
    const challenge = params.get('code_challenge')
    this.grants.set(code, {
      clientId,
      redirectUri,
      scopes,
      offline: params.get('access_type') === 'offline',
      ...(challenge
        ? {
            codeChallenge: challenge,
            codeChallengeMethod: params.get('code_challenge_method') ?? 'plain'
          }
        : {}),
      used: false
    })
    return back({ code, scope: scopes.join(' ') })
  }

  /** `POST /token`: the refresh and code grants, client credentials in the body or as HTTP Basic. */
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
    const clients = this.clients.filter(
      (c) => c.clientId === clientId && c.clientSecret === clientSecret
    )
    if (clients.length === 0) {
      return oauthError(401, 'invalid_client', 'The OAuth client was not found.')
    }
    const grantType = form.get('grant_type')
    if (grantType === 'authorization_code') return this.exchangeCode(clientId, clientSecret, form)
    if (grantType !== 'refresh_token') {
      return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`)
    }
    const refreshToken = form.get('refresh_token') ?? ''
    const client = clients.find((c) => c.refreshToken === refreshToken)
    if (!client || this.revoked.has(refreshToken)) {
      return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.')
    }
    return { status: 200, body: JSON.stringify(this.mint(client.scopes)) }
  }

  /** The code grant: one use, the same redirect_uri, and the PKCE verifier when one was asked for. */
  private exchangeCode(
    clientId: string,
    clientSecret: string,
    form: URLSearchParams
  ): { status: number; body: string } {
    const grant = this.grants.get(form.get('code') ?? '')
    if (!grant || grant.used || grant.clientId !== clientId) {
      return oauthError(400, 'invalid_grant', 'Malformed auth code.')
    }
    if (form.get('redirect_uri') !== grant.redirectUri) {
      return oauthError(400, 'redirect_uri_mismatch', 'Bad Request')
    }
    if (grant.codeChallenge !== undefined) {
      const verifier = form.get('code_verifier') ?? ''
      const expected =
        grant.codeChallengeMethod === 'S256'
          ? crypto.createHash('sha256').update(verifier).digest('base64url')
          : verifier
      if (!verifier || expected !== grant.codeChallenge) {
        return oauthError(400, 'invalid_grant', 'Invalid code verifier.')
      }
    }
    grant.used = true
    const answer: Record<string, unknown> = this.mint(grant.scopes)
    if (grant.offline) {
      const refreshToken = randomId('1//0g')
      this.clients.push({ clientId, clientSecret, refreshToken, scopes: grant.scopes })
      answer.refresh_token = refreshToken
    }
    return { status: 200, body: JSON.stringify(answer) }
  }

  private mint(scopes: string[]) {
    const accessToken = randomId('ya29.')
    this.tokens.set(accessToken, { scopes, expiresAt: Date.now() + this.lifetimeSec * 1000 })
    this.issued.push(accessToken)
    return {
      access_token: accessToken,
      expires_in: this.lifetimeSec,
      scope: scopes.join(' '),
      token_type: 'Bearer'
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
