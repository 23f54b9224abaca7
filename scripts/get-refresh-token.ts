/**
 * Gets the refresh token the action needs, once. It prints Google's consent page for your
 * OAuth client (type "Desktop app"), receives the answer on a loopback address
 * (http://127.0.0.1:PORT), exchanges the code (with PKCE) and prints the refresh token.
 *
 *   GOOGLE_CLIENT_ID=… GOOGLE_CLIENT_SECRET=… npm run refresh-token
 *   npm run refresh-token -- --append-only   # only photoslibrary.appendonly
 *
 * --port N picks the loopback port (default: any free one); --auth-url and --token-url
 * replace Google's endpoints (for the emulator in test/emulator/).
 */
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library'
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { SCOPE_APPEND, SCOPE_READ } from '../src/photos/errors.js'

const GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth'
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token'

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

const { values: args } = parseArgs({
  options: {
    'append-only': { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    'auth-url': { type: 'string', default: GOOGLE_AUTH_URL },
    'token-url': { type: 'string', default: GOOGLE_TOKEN_URL }
  }
})

const clientId = process.env.GOOGLE_CLIENT_ID?.trim()
const clientSecret = process.env.GOOGLE_CLIENT_SECRET?.trim()
if (!clientId || !clientSecret) {
  fail(
    "Set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET to your OAuth client's id and secret " +
      '(Google Cloud console → APIs & Services → Credentials → your "Desktop app" client), then run again.'
  )
}
const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port needs a port number (0 to 65535), got ${args.port}`)
}
const scopes = args['append-only'] ? [SCOPE_APPEND] : [SCOPE_APPEND, SCOPE_READ]

/** The loopback server, and the first answer of the consent page that reaches it. */
const server = http.createServer()
const answer = new Promise<URLSearchParams>((resolve) => {
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // Browsers ask for /favicon.ico and the like: only the redirect itself counts.
    if (url.pathname !== '/' || !(url.searchParams.has('code') || url.searchParams.has('error'))) {
      res.writeHead(404).end()
      return
    }
    const granted = url.searchParams.has('code')
    res.writeHead(granted ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(
      granted
        ? 'Access granted. The refresh token is in your terminal; you can close this tab.\n'
        : `Access was not granted (${url.searchParams.get('error')}). See your terminal.\n`
    )
    resolve(url.searchParams)
  })
})
await new Promise<void>((resolve, reject) => {
  server.once('error', reject)
  server.listen(port, '127.0.0.1', resolve)
})
const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const client = new OAuth2Client({
  clientId,
  clientSecret,
  redirectUri,
  endpoints: { oauth2AuthBaseUrl: args['auth-url'], oauth2TokenUrl: args['token-url'] }
})
const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync()
const state = crypto.randomBytes(16).toString('hex')
const consentUrl = client.generateAuthUrl({
  access_type: 'offline',
  // Asked every time, so that Google gives a refresh token even to a client seen before.
  prompt: 'consent',
  scope: scopes,
  state,
  code_challenge: codeChallenge ?? '',
  code_challenge_method: CodeChallengeMethod.S256
})
process.stdout.write(
  'Open this URL in a browser on this machine, sign in with the Google account whose library\n' +
    'the action will fill, and allow access (keep every box ticked):\n\n' +
    `${consentUrl}\n\nWaiting for the answer on ${redirectUri} …\n`
)

const params = await answer
server.close()
server.closeAllConnections()
if (params.get('state') !== state)
  fail('The answer does not belong to this request (state differs): run again.')
const error = params.get('error')
if (error) {
  fail(
    `Access was not granted (${error}). Run again and allow access; if the page said the app is ` +
      'unverified, choose "Advanced" and continue (your own app needs no verification for personal use).'
  )
}
let tokens
try {
  ;({ tokens } = await client.getToken({ code: params.get('code') ?? '', codeVerifier }))
} catch (err) {
  fail(
    `The code could not be exchanged for tokens: ${err instanceof Error ? err.message : String(err)}`
  )
}
if (!tokens.refresh_token) {
  fail(
    "Google answered without a refresh token. Remove the app's access at " +
      'https://myaccount.google.com/permissions and run again.'
  )
}
const granted = (tokens.scope ?? '').split(/\s+/)
const missing = scopes.filter((s) => !granted.includes(s))
process.stdout.write(
  `\nRefresh token (store it as the repository secret GOOGLE_PHOTOS_REFRESH_TOKEN):\n\n${tokens.refresh_token}\n\n` +
    `Scopes granted: ${granted.join(' ')}\n`
)
if (missing.length > 0) {
  process.stdout.write(
    `Not granted: ${missing.join(' ')}. A box was unticked on the consent page; run again and ` +
      'allow every scope, or the steps that need it will fail with 403 insufficient scopes.\n'
  )
}
