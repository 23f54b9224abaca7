/**
 * Release assets as input items: the release is read through the GitHub REST API
 * (`@actions/github`), its assets matched by name, and each asset is downloaded as a
 * stream into RUNNER_TEMP just before its upload, then removed at the end of the run.
 */
import { getOctokit } from '@actions/github'
import { minimatch } from 'minimatch'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { request } from 'undici'
import { errorMessage, InputError } from './errors.js'
import { checkFile, isAcceptedType, loadFileTypes, type LocalFile } from './files.js'
import { createDispatcher } from './photos/dispatcher.js'
import { isLoopbackHost } from './inputs.js'
import { StoppedError } from './photos/errors.js'
import { backoffDelay, parseRetryAfter, rateLimitDelay, type RetryPolicy } from './photos/retry.js'
import type { ReleaseConfig } from './types.js'

const USER_AGENT = 'google-photos-action'
/** GitHub's largest page of assets. */
const PAGE_SIZE = 100
/** GitHub sends one redirect (to its storage host); a few more are tolerated. */
const MAX_REDIRECTS = 5

export interface ReleaseListing {
  /** The release's tag, as GitHub has it now. */
  tag: string
  /** The matching assets, in name order, as files to download; `index` counts from 0. */
  files: LocalFile[]
  /** Assets of the release, matching or not. */
  total: number
  /** Why no asset was taken, when none was. */
  nothingMatched?: string
}

export interface DownloadStats {
  downloaded: number
  failed: number
  bytes: number
}

/** A failed attempt; `transient` ones are tried again after a wait. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly retryAfterMs?: number
  ) {
    super(message)
    this.name = 'AttemptError'
  }
}

/** The last failure, after every attempt was spent. */
class RetriesSpent extends Error {
  constructor(
    readonly last: unknown,
    readonly attempts: number
  ) {
    super(`${errorMessage(last)} (after ${attempts} attempts)`)
    this.name = 'RetriesSpent'
  }
}

/** What matters of Octokit's RequestError. */
interface GitHubRequestError {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | undefined>; data?: unknown }
}

/** GitHub's own message, without the documentation link Octokit appends. */
function githubMessage(err: GitHubRequestError): string {
  const data = err.response?.data as { message?: unknown } | undefined
  return typeof data?.message === 'string' ? data.message : (err.message ?? '')
}

/**
 * Whether `release-asset-pattern`'s lines take an asset: it matches a line (or, with no
 * line but `!` ones, is of an accepted type: `accepted`) and no `!` line.
 */
function selects(
  patterns: readonly string[],
  name: string,
  accepted: () => { kind?: string }
): boolean {
  const matches = (pattern: string) => minimatch(name, pattern, { dot: true, nocomment: true })
  const chosen = patterns.filter((p) => !p.startsWith('!'))
  const taken = chosen.length > 0 ? chosen.some(matches) : accepted().kind !== undefined
  return taken && !patterns.some((p) => p.startsWith('!') && matches(p.slice(1).trim()))
}

/** A `,` outside braces separates no patterns: the likely meaning, for a pattern that took nothing. */
function commaHint(patterns: readonly string[]): string {
  const outsideBraces = (p: string) => p.replace(/\{[^}]*\}/g, '').includes(',')
  return patterns.some(outsideBraces)
    ? ' A `,` does not separate patterns: give one a line, or use braces, such as `*.{png,mp4}`.'
    : ''
}

/** `release-tag: \${{ github.ref }}` on a push to a branch names the branch, not a tag. */
function branchHint(tag: string): string {
  if (!tag.startsWith('refs/')) return ''
  const kind = tag.startsWith('refs/heads/') ? 'a branch' : 'a Git ref'
  return `"${tag}" is ${kind}, not a tag (\`github.ref\` names the branch on a push to one): set \`release-tag\` to the release's tag, such as \`v1.2.0\`. `
}

/** A failed attempt as users should read it: GitHub's status and message, or ours. */
function describeFailure(err: unknown): string {
  if (err instanceof RetriesSpent) {
    return `${trimStop(describeFailure(err.last))} (after ${err.attempts} attempts)`
  }
  const failure = err as GitHubRequestError | undefined
  if (err instanceof AttemptError || !failure?.response) return errorMessage(err)
  return `HTTP ${failure.status}: ${githubMessage(failure)}`
}

/** GitHub's type for an asset, as Google Photos would take it: `IMAGE/PNG; x=y` → `image/png`. */
function githubType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return type && isAcceptedType(type) ? type : undefined
}

/** A message and what follows it, without a doubled stop: "… ID 12345." + "; retrying". */
function trimStop(text: string): string {
  return text.replace(/[.\s]+$/, '')
}

export class ReleaseAssets {
  readonly stats: DownloadStats = { downloaded: 0, failed: 0, bytes: 0 }
  private readonly octokit: ReturnType<typeof getOctokit>
  private readonly apiOrigin: string
  /** Where the copies go; made at the first download, removed by close(). */
  private readonly dir: string
  private readonly agent = createDispatcher({
    connect: { timeout: 30_000 },
    keepAliveTimeout: 10_000
  })
  /** Removes the copies when the process ends without close() (a second cancel signal). */
  private readonly removeOnExit = () => fs.rmSync(this.dir, { recursive: true, force: true })

  constructor(
    private readonly config: ReleaseConfig,
    private readonly policy: RetryPolicy,
    private readonly log: (line: string) => void,
    /** The run's stop (a fatal answer or a cancellation): the release is read no further. */
    private readonly stop: AbortSignal
  ) {
    this.octokit = getOctokit(config.githubToken, { baseUrl: config.apiUrl, userAgent: USER_AGENT })
    this.apiOrigin = new URL(config.apiUrl).origin
    const temp = process.env.RUNNER_TEMP || os.tmpdir()
    this.dir = path.join(temp, `photos-release-assets-${process.pid}-${Date.now().toString(36)}`)
    process.once('exit', this.removeOnExit)
  }

  private get repository(): string {
    return `${this.config.owner}/${this.config.repo}`
  }

  /**
   * The release and its matching assets; a missing release or a refused token is an
   * InputError. When the run stops meanwhile, throws what stopped it.
   */
  async list(): Promise<ReleaseListing> {
    const { owner, repo, id, patterns } = this.config
    const what = `release ${this.config.tag} of ${this.repository}`
    const release = await this.withRetries(
      `GitHub: reading ${what}`,
      () =>
        this.timed((signal) =>
          id === undefined
            ? this.octokit.rest.repos.getReleaseByTag({
                owner,
                repo,
                tag: this.config.tag,
                request: { signal }
              })
            : this.octokit.rest.repos.getRelease({
                owner,
                repo,
                release_id: id,
                request: { signal }
              })
        ),
      this.stop
    ).catch((err: unknown) => {
      throw this.listingError(err, what)
    })
    const tag = release.data.tag_name
    const assets = await this.withRetries(
      `GitHub: listing the assets of ${what}`,
      () =>
        this.timed((signal) =>
          this.octokit.paginate(this.octokit.rest.repos.listReleaseAssets, {
            owner,
            repo,
            release_id: release.data.id,
            per_page: PAGE_SIZE,
            request: { signal }
          })
        ),
      this.stop
    ).catch((err: unknown) => {
      throw this.listingError(err, `the assets of ${what}`)
    })

    await loadFileTypes(assets.map((asset) => asset.name))
    // Plain code-unit order, as for files: pad numbers (`shot-02` before `shot-10`).
    const byName = [...assets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    // The bytes are not here yet: a name that gives no type is typed by the type GitHub
    // holds for the asset (given by whoever uploaded it), when it is one Google accepts.
    const check = (asset: (typeof assets)[number]) =>
      checkFile(asset.name, asset.size, githubType(asset.content_type))
    const matches = byName.filter((asset) => selects(patterns, asset.name, () => check(asset)))
    const chosen = patterns.filter((p) => !p.startsWith('!'))
    const listed = patterns.map((p) => `"${p}"`).join(', ')
    const which =
      chosen.length > 0
        ? `match \`release-asset-pattern\` ${listed}`
        : `are images or videos${patterns.length > 0 ? ` not excluded by \`release-asset-pattern\` ${listed}` : ''}`
    this.log(`Release ${tag}: ${matches.length} of ${assets.length} asset(s) ${which}.`)

    const files = matches.map((asset, index): LocalFile => {
      const checked = check(asset)
      const rejection =
        checked.rejection ??
        (asset.state === 'uploaded'
          ? undefined
          : 'the asset is still being uploaded to the release')
      return {
        index,
        // Named by id: asset names are unique in a release, but need not be safe file names.
        path: path.join(this.dir, `asset-${asset.id}`),
        source: `release:${tag}/${asset.name}`,
        fileName: asset.name,
        size: asset.size,
        ...checked,
        ...(rejection ? { rejection } : {}),
        releaseAsset: { id: asset.id }
      }
    })
    if (files.length > 0) return { tag, files, total: assets.length }
    const names = byName.slice(0, 10).map((asset) => asset.name)
    const has =
      assets.length === 0
        ? 'it has no assets (assets uploaded by a later step or job are not there yet)'
        : `it has ${assets.length}: ${names.join(', ')}${assets.length > names.length ? ', …' : ''}`
    const nothingMatched =
      patterns.length > 0
        ? `no asset of release ${tag} matches ${listed}; ${has}.${commaHint(patterns)}`
        : `no asset of release ${tag} is an image or video that Google Photos accepts; ${has}.${assets.length > 0 ? ' Set `release-asset-pattern` to choose assets by name.' : ''}`
    return { tag, files, total: assets.length, nothingMatched }
  }

  /**
   * Downloads a release asset to its `path`; files that are not assets are left alone.
   * Transient failures are tried again; `signal` (the run's stop) abandons the download.
   */
  async download(file: LocalFile, signal: AbortSignal): Promise<void> {
    const asset = file.releaseAsset
    if (!asset) return
    await fs.promises.mkdir(this.dir, { recursive: true })
    try {
      await this.withRetries(
        `GitHub: downloading ${file.fileName}`,
        () => this.downloadOnce(file, asset.id, signal),
        signal
      )
      this.stats.downloaded++
      this.stats.bytes += file.size
    } catch (err) {
      await fs.promises.rm(file.path, { force: true })
      // The run stopped (a fatal answer or a cancellation): not this item's failure.
      if (signal.aborted) throw new StoppedError('upload', signal.reason, false)
      this.stats.failed++
      throw new Error(`Not downloaded from the release: ${errorMessage(err)}`, { cause: err })
    }
  }

  /** Removes the downloaded copies and closes the connections. */
  async close(): Promise<void> {
    await fs.promises.rm(this.dir, { recursive: true, force: true })
    // Only now: a second signal may end the process while the removal above goes on.
    process.removeListener('exit', this.removeOnExit)
    await this.agent.destroy()
  }

  private async downloadOnce(file: LocalFile, assetId: number, signal: AbortSignal) {
    const { owner, repo } = this.config
    let url = new URL(`${this.config.apiUrl}/repos/${owner}/${repo}/releases/assets/${assetId}`)
    for (let redirects = 0; ; redirects++) {
      // The token goes to the API only, never to the storage host GitHub redirects to.
      const toApi = url.origin === this.apiOrigin
      const res = await request(url, {
        method: 'GET',
        dispatcher: this.agent,
        headers: {
          accept: 'application/octet-stream',
          'user-agent': USER_AGENT,
          ...(toApi ? { authorization: `Bearer ${this.config.githubToken}` } : {})
        },
        signal,
        headersTimeout: this.policy.requestTimeoutMs,
        bodyTimeout: this.policy.requestTimeoutMs
      }).catch((err: unknown) => {
        throw new AttemptError(`no answer from ${url.host} (${connectionCode(err)})`, true)
      })
      const location = res.headers.location
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
        await res.body.dump()
        if (redirects >= MAX_REDIRECTS) {
          throw new AttemptError(`more than ${MAX_REDIRECTS} redirects`, false)
        }
        url = new URL(location, url)
        if (
          url.protocol !== 'https:' &&
          !(url.protocol === 'http:' && isLoopbackHost(url.hostname))
        ) {
          throw new AttemptError(
            `GitHub redirected to ${url.protocol}//${url.host}, not https`,
            false
          )
        }
        continue
      }
      if (res.statusCode !== 200) {
        const text = (await res.body.text()).slice(0, 300)
        throw downloadStatusError(res.statusCode, text, toApi, res.headers)
      }
      await this.saveBody(res.body, file)
      return
    }
  }

  /** Streams the body to disk, counting bytes: the copy must be exactly the asset's size. */
  private async saveBody(body: Readable, file: LocalFile): Promise<void> {
    let received = 0
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length
        if (received > file.size) {
          done(new AttemptError(`more bytes than the asset's size (${file.size})`, false))
        } else done(null, chunk)
      }
    })
    try {
      await pipeline(body, counter, fs.createWriteStream(file.path))
    } catch (err) {
      if (err instanceof AttemptError) throw err
      throw new AttemptError(
        `the download broke off after ${received} of ${file.size} bytes (${connectionCode(err)})`,
        true
      )
    }
    if (received !== file.size) {
      throw new AttemptError(
        `received ${received} of ${file.size} bytes: the download ended early`,
        true
      )
    }
  }

  /**
   * One attempt of a metadata call, with the retry policy's time for an answer (all pages
   * of a listing share it); the run's stop abandons it.
   */
  private async timed<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const timeout = AbortSignal.timeout(this.policy.requestTimeoutMs)
    try {
      return await call(AbortSignal.any([timeout, this.stop]))
    } catch (err) {
      if (this.stop.aborted || !timeout.aborted) throw err
      const ms = this.policy.requestTimeoutMs
      const within = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`
      throw new AttemptError(`no answer from GitHub within ${within}`, true)
    }
  }

  /** A rate limit is no wrong input: the run stops, with when to try again and how to avoid it. */
  private rateLimitError(limit: { resetAt?: number }, answer: string, what: string): Error {
    const reading = `GitHub: could not read ${what}`
    if (limit.resetAt !== undefined) {
      return new Error(
        `${reading}: the GitHub API rate limit of \`github-token\` is spent (${answer}); it resets ${describeReset(limit.resetAt)}. Re-run the job after that. The limit is counted per token: the job's \`GITHUB_TOKEN\` (the default of \`github-token\`) has one of its own for each repository, while a personal access token shares its limit with everything else that uses it.`
      )
    }
    return new Error(
      `${reading}: GitHub kept limiting how fast the token may call it, a secondary rate limit (${answer}). Other steps and jobs that call GitHub with the same token at the same time count too: re-run the job in a few minutes, or run fewer of them at once.`
    )
  }

  /** Runs `attempt` until it succeeds, fails for good, or the retry policy's attempts are spent. */
  private async withRetries<T>(
    what: string,
    attempt: () => Promise<T>,
    signal?: AbortSignal
  ): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt()
      } catch (err) {
        const wait = n < this.policy.maxAttempts ? retryWait(this.policy, err, n) : undefined
        if (wait === undefined || signal?.aborted) {
          throw n > 1 ? new RetriesSpent(err, n) : err
        }
        this.log(
          `${what}: ${trimStop(describeFailure(err))}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${n + 1})`
        )
        await this.policy.sleep(wait, signal)
      }
    }
  }

  /**
   * A release that cannot be read is a wrong input: the tag, or the token's permission.
   * After a stop, what stopped the run.
   */
  private listingError(err: unknown, what: string): unknown {
    if (this.stop.aborted) return this.stop.reason
    const failure = err instanceof RetriesSpent ? err.last : err
    const { status } = failure as GitHubRequestError
    const message = githubMessage(failure as GitHubRequestError)
    const limit = rateLimitOf(status, message, (failure as GitHubRequestError).response?.headers)
    if (limit) return this.rateLimitError(limit, describeFailure(err), what)
    if (status === 401) {
      return new InputError(
        'github-token',
        `GitHub refused the token (401: ${message}) when reading ${what}. Remove the input for its default (\`\${{ github.token }}\`), or pass a valid token.`
      )
    }
    if (status === 403) {
      return new InputError(
        'github-token',
        `GitHub refused to let the token read ${what} (403: ${message}). The token needs the \`contents: read\` permission: add \`permissions: contents: read\` to the job, or pass a token that may read ${this.repository}.`
      )
    }
    if (status === 404) {
      return this.config.id === undefined
        ? new InputError(
            'release-tag',
            `${this.repository} has no release with the tag "${this.config.tag}" (GitHub answered 404). ${branchHint(this.config.tag)}Check the tag; a draft release cannot be found by its tag until it is published, and a private repository answers 404 to a token without \`contents: read\`.`
          )
        : new InputError(
            'release-assets',
            `the event's release (id ${this.config.id}, tag ${this.config.tag}) was not found in ${this.repository} (GitHub answered 404). It was deleted, or it is a draft, which only a token with push access sees (\`permissions: contents: write\` for the job's \`GITHUB_TOKEN\`). Run the workflow on \`release: published\`, or set \`release-tag\` to a published release's tag.`
          )
    }
    return new Error(
      `GitHub: could not read ${what}: ${describeFailure(err)}. Nothing was uploaded; re-run the job once GitHub answers again.`,
      { cause: err }
    )
  }
}

type ResponseHeaders = Record<string, string | string[] | number | undefined>

/**
 * A rate limit's answer, as GitHub documents it: a 429, or a 403 that says so or has no
 * request left. `resetAt` (epoch ms) when the hour's requests are spent (a primary limit).
 */
function rateLimitOf(
  status: number | undefined,
  message: string,
  headers: ResponseHeaders | undefined
): { resetAt?: number } | undefined {
  const spent = String(headers?.['x-ratelimit-remaining']) === '0'
  if (status !== 429 && !(status === 403 && (spent || /rate limit/i.test(message)))) {
    return undefined
  }
  const reset = Number(headers?.['x-ratelimit-reset'])
  return spent && reset > 0 ? { resetAt: reset * 1000 } : {}
}

/** The wait GitHub asks for: Retry-After, else the limit's reset (and a second for clocks). */
function rateLimitWait(limit: { resetAt?: number }, headers: ResponseHeaders | undefined) {
  const retryAfter = headers?.['retry-after']
  const given = parseRetryAfter(retryAfter === undefined ? undefined : String(retryAfter))
  if (given !== undefined || limit.resetAt === undefined) return given
  return Math.max(0, limit.resetAt - Date.now()) + 1000
}

/** When a spent limit resets, as a reader on any clock takes it. */
function describeReset(resetAt: number): string {
  const minutes = Math.max(1, Math.ceil((resetAt - Date.now()) / 60_000))
  const at = new Date(resetAt).toISOString().slice(0, 16).replace('T', ' ')
  return `at ${at} UTC, in ${minutes} min`
}

/** The wait before another attempt, or undefined when this failure is final. */
function retryWait(policy: RetryPolicy, err: unknown, attempt: number): number | undefined {
  if (err instanceof AttemptError) {
    if (!err.transient) return undefined
    if (err.retryAfterMs !== undefined) {
      const wait = rateLimitDelay(policy, err.retryAfterMs)
      return wait > policy.maxRetryAfterMs ? undefined : wait
    }
    return backoffDelay(policy, attempt)
  }
  // Octokit's RequestError: network failures come as status 500.
  const { status, message, response } = err as GitHubRequestError
  if (status === undefined) return undefined
  if (status >= 500 || status === 408) return backoffDelay(policy, attempt)
  const limit = rateLimitOf(status, message ?? '', response?.headers)
  if (limit) {
    // A spent limit that resets after the longest wait fails now, not after every attempt.
    const wait = rateLimitDelay(policy, rateLimitWait(limit, response?.headers))
    return wait > policy.maxRetryAfterMs ? undefined : wait
  }
  return undefined
}

function downloadStatusError(
  status: number,
  text: string,
  fromApi: boolean,
  headers: Record<string, string | string[] | undefined>
): AttemptError {
  // GitHub's JSON message; a storage host's XML or HTML page says no more than the status.
  let message = ''
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? ''
  } catch {
    // Not JSON.
  }
  const answer = `HTTP ${status}${message ? `: ${message}` : ''}`
  const limit = rateLimitOf(status, message, headers)
  if (limit) {
    const resets = limit.resetAt === undefined ? '' : `; it resets ${describeReset(limit.resetAt)}`
    return new AttemptError(
      `GitHub is rate-limiting (${answer}${resets})`,
      true,
      rateLimitWait(limit, headers)
    )
  }
  if (fromApi && status === 401) {
    return new AttemptError(
      `GitHub refused the token (${answer}): \`github-token\` is not a valid token (mistyped, expired or revoked). Remove the input for its default (\`\${{ github.token }}\`), or pass a valid token.`,
      false
    )
  }
  if (fromApi && status === 403) {
    return new AttemptError(
      `GitHub refused the token (${answer}): \`github-token\` needs the \`contents: read\` permission (\`permissions: contents: read\` in the job).`,
      false
    )
  }
  if (fromApi && status === 404) {
    return new AttemptError(`the asset no longer exists (${answer})`, false)
  }
  // The storage host's signed URL may have expired: a new attempt asks the API for a new one.
  const transient = status >= 500 || status === 408 || !fromApi
  return new AttemptError(
    `${fromApi ? 'GitHub' : 'the storage host'} answered ${answer}`,
    transient
  )
}

function connectionCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string }; name?: string }
  return e.code ?? e.cause?.code ?? e.name ?? 'ERROR'
}
