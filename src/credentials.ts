/**
 * The credentials, checked before any work is shown or started: an access token is
 * obtained (a refresh token that Google refuses fails here), and where its scopes can be
 * known without a Library API call, those the run needs are checked. The refresh grant's
 * answer names the scopes; for a plain `access-token`, Google's tokeninfo endpoint does.
 */
import * as core from '@actions/core'
import type { Dispatcher } from 'undici'
import { ACCESS_TOKEN_FIX, type TokenSource } from './auth.js'
import { errorMessage } from './errors.js'
import { AuthError, SCOPE_APPEND, SCOPE_READ } from './photos/errors.js'
import { requestOnce } from './photos/http.js'
import type { Config } from './types.js'

const SCOPE_BASE = 'https://www.googleapis.com/auth/'
/** Scopes that allow each kind of call (the discovery document's lists, legacy scopes included). */
const WRITE_SCOPES = [
  SCOPE_APPEND,
  `${SCOPE_BASE}photoslibrary`,
  `${SCOPE_BASE}photoslibrary.sharing`
]
const READ_SCOPES = [
  SCOPE_READ,
  `${SCOPE_BASE}photoslibrary`,
  `${SCOPE_BASE}photoslibrary.readonly`
]

interface ScopeNeed {
  scope: string
  accepted: string[]
  /** What of the run needs it. */
  use: string
}

/** The scopes a run needs, each with the inputs that need it. A dry run checks for the real run. */
export function scopesNeeded(config: Config): ScopeNeed[] {
  const needs: ScopeNeed[] = []
  if (config.mode === 'create') {
    needs.push({ scope: SCOPE_APPEND, accepted: WRITE_SCOPES, use: 'uploading and creating items' })
  }
  const reads = [
    config.mode === 'get' ? '`mode: get`' : '',
    config.albumId ? '`album-id` (to check the album)' : '',
    config.albumTitle ? '`album-title` (to find the album)' : '',
    config.skipExisting ? "`skip-existing` (to list the album's items)" : ''
  ].filter(Boolean)
  if (reads.length > 0) {
    needs.push({ scope: SCOPE_READ, accepted: READ_SCOPES, use: inWords(reads) })
  }
  return needs
}

/** URL of Google's tokeninfo endpoint next to `token-endpoint` (`…/token` → `…/tokeninfo`). */
export function tokenInfoUrl(tokenEndpoint: string): string | undefined {
  const url = new URL(tokenEndpoint)
  if (!url.pathname.endsWith('/token')) return undefined
  url.pathname = `${url.pathname}info`
  url.search = ''
  return url.toString()
}

export interface CredentialCheck {
  tokens: TokenSource
  config: Config
  dispatcher: Dispatcher
  timeoutMs: number
  /** The run's stop: a cancellation abandons the check's requests, and is what they throw. */
  signal: AbortSignal
}

/** What the check's requests found, before anything of it is told. */
interface Found {
  scopes?: string[]
  /** Why tokeninfo gave no answer, for the log. */
  unreachable?: string
}

/**
 * Tells what the check found: throws AuthError (a fatal stop) with the fix, or returns
 * whether the token can read, when that is known.
 */
export type CredentialVerdict = () => Promise<{ canRead?: boolean }>

/**
 * Gets an access token and checks its scopes against the run's needs. The requests go
 * now; the verdict is told when the returned function is called, where the check belongs
 * in the run. A run sends them as soon as it knows it has an item, so that the answer is
 * on its way while the rest of the files are found and checked; a wrong input still
 * makes no call.
 */
export function startCredentialCheck(check: CredentialCheck): CredentialVerdict {
  const found = lookUp(check)
  // Told when asked for; a run that ends before (a wrong input found later) never asks.
  found.catch(() => undefined)
  return async () => tell(await found, check.config)
}

async function lookUp(check: CredentialCheck): Promise<Found> {
  const { tokens, config } = check
  const token = await tokens.getToken()
  if (config.credentials.kind !== 'access-token') {
    const scopes = tokens.grantedScopes?.()
    return scopes ? { scopes } : {}
  }
  return scopesFromTokenInfo(token, check)
}

function tell(found: Found, config: Config): { canRead?: boolean } {
  const given = config.credentials.kind === 'access-token'
  if (found.unreachable) core.info(`tokeninfo could not be reached (${found.unreachable}).`)
  const { scopes } = found
  const signedIn = given ? '`access-token` checked with tokeninfo' : 'Access token refreshed'
  if (scopes === undefined) {
    core.info(
      given
        ? '`access-token` not checked: tokeninfo gave no answer, so its first use will tell.'
        : `${signedIn}; the token endpoint did not name its scopes, so they are not checked.`
    )
    return {}
  }
  const needs = scopesNeeded(config)
  const missing = needs.filter((n) => !n.accepted.some((s) => scopes.includes(s)))
  if (missing.length > 0) throw missingScopesError(missing, scopes, config)
  core.info(`${signedIn}: ${scopesSaid(needs, scopes)}.`)
  return { canRead: READ_SCOPES.some((s) => scopes.includes(s)) }
}

/**
 * Scopes of a given access token from tokeninfo. A token Google calls invalid is a fatal
 * stop now, before any upload; an endpoint that gives no answer leaves the scopes unknown.
 */
async function scopesFromTokenInfo(token: string, check: CredentialCheck): Promise<Found> {
  const url = tokenInfoUrl(check.config.tokenEndpoint)
  if (!url) return {}
  let status: number
  let body: { scope?: unknown; error?: unknown }
  try {
    // The token goes in the body, not the URL, so that no proxy log holds it.
    const res = await requestOnce(
      check.dispatcher,
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ access_token: token }).toString()
      },
      check.timeoutMs,
      check.signal
    )
    status = res.status
    body = parseObject(res.body)
  } catch (err) {
    if (check.signal.aborted) throw check.signal.reason
    return { unreachable: errorMessage(err) }
  }
  if (status === 400 && body.error === 'invalid_token') {
    throw new AuthError(`Google says \`access-token\` is not valid: ${ACCESS_TOKEN_FIX}`)
  }
  if (status !== 200 || typeof body.scope !== 'string') return {}
  return { scopes: body.scope.split(/\s+/).filter(Boolean) }
}

/** A JSON object's fields; anything else (not JSON, an array) is an object without any. */
function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function missingScopesError(missing: ScopeNeed[], scopes: string[], config: Config): AuthError {
  const which = missing.map((n) => `${n.scope}, needed for ${n.use}`).join('; and ')
  const token =
    config.credentials.kind === 'access-token' ? '`access-token`' : 'The refreshed access token'
  return new AuthError(
    `${token} lacks the scope ${which}; it has ${shortNames(scopes) || 'none'}. ` +
      'Authorize the OAuth client with ' +
      `${missing.map((n) => n.scope).join(' and ')} as well, and use the new ` +
      (config.credentials.kind === 'access-token' ? 'access token.' : 'refresh token.')
  )
}

/**
 * "it has the scopes this run needs (photoslibrary.appendonly); it also has …": the needed
 * ones by name (a legacy scope that covers one is named beside it), then the others.
 */
function scopesSaid(needs: ScopeNeed[], scopes: string[]): string {
  const used = new Set<string>()
  const named = needs.map((n) => {
    const granted = scopes.includes(n.scope) ? n.scope : n.accepted.find((s) => scopes.includes(s))
    if (granted) used.add(granted)
    return granted === n.scope || !granted
      ? shortNames([n.scope])
      : `${shortNames([n.scope])} (as ${shortNames([granted])})`
  })
  const others = scopes.filter((s) => !used.has(s))
  const also = others.length > 0 ? `; it also has ${shortNames(others)}` : ''
  return `it has the scopes this run needs (${named.join(', ')})${also}`
}

/** `a`, `a and b`, `a, b and c`. */
function inWords(parts: string[]): string {
  return parts.length < 2
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}

function shortNames(scopes: string[]): string {
  return scopes.map((s) => s.replace(SCOPE_BASE, '')).join(', ')
}
