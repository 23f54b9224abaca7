/** Inputs → a typed, validated Config. Every wrong input throws one InputError that says the fix. */
import * as core from '@actions/core'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { errorMessage, InputError } from './errors.js'
import { parseIdArray } from './media-item-ids.js'
import { realOrSelf, resolveInputPath, workspaceDir } from './paths.js'
import type { AlbumPositionName, Config, Credentials, Mode, ReleaseConfig } from './types.js'

/** Input names: one place (action.yml is the contract). */
export const Inputs = {
  Mode: 'mode',
  Files: 'files',
  TokensFile: 'tokens-file',
  AlbumId: 'album-id',
  AlbumTitle: 'album-title',
  Position: 'position',
  RelativeItemId: 'relative-item-id',
  Description: 'description',
  MediaItemIds: 'media-item-ids',
  MediaItemIdsFile: 'media-item-ids-file',
  AccessToken: 'access-token',
  ClientId: 'client-id',
  ClientSecret: 'client-secret',
  RefreshToken: 'refresh-token',
  Concurrency: 'concurrency',
  SkipExisting: 'skip-existing',
  Verify: 'verify',
  FailOnError: 'fail-on-error',
  DryRun: 'dry-run',
  ResultsFile: 'results-file',
  Summary: 'summary',
  ApiEndpoint: 'api-endpoint',
  TokenEndpoint: 'token-endpoint',
  ReleaseAssets: 'release-assets',
  ReleaseAssetPattern: 'release-asset-pattern',
  ReleaseTag: 'release-tag',
  GithubToken: 'github-token'
} as const

export type InputName = (typeof Inputs)[keyof typeof Inputs]

const SECRET_INPUTS: InputName[] = [
  Inputs.AccessToken,
  Inputs.ClientSecret,
  Inputs.RefreshToken,
  Inputs.GithubToken
]

/** Inputs that only one mode uses. The switches count only when true: their default is false. */
const CREATE_ONLY: InputName[] = [
  Inputs.Files,
  Inputs.TokensFile,
  Inputs.AlbumId,
  Inputs.AlbumTitle,
  Inputs.Position,
  Inputs.RelativeItemId,
  Inputs.Description,
  Inputs.SkipExisting,
  Inputs.Verify
]
const GET_ONLY: InputName[] = [Inputs.MediaItemIds, Inputs.MediaItemIdsFile]

const POSITIONS: Record<string, AlbumPositionName> = {
  'last-in-album': 'LAST_IN_ALBUM',
  'first-in-album': 'FIRST_IN_ALBUM',
  'after-media-item': 'AFTER_MEDIA_ITEM',
  'after-enrichment-item': 'AFTER_ENRICHMENT_ITEM'
}

const DEFAULT_CONCURRENCY = 6
export const MAX_CONCURRENCY = 32
/**
 * Google Photos limits: album titles up to 500 characters, descriptions under 1000.
 * Google counts characters (code points), so 600 emoji are 600, not 1200 UTF-16 units.
 */
const MAX_ALBUM_TITLE_LENGTH = 500
export const DESCRIPTION_LENGTH_LIMIT = 1000
export const DEFAULT_API_ENDPOINT = 'https://photoslibrary.googleapis.com'
export const DEFAULT_TOKEN_ENDPOINT = 'https://oauth2.googleapis.com/token'
const DEFAULT_RESULTS_FILE_NAME = 'photos-results.json'

/** Characters as Google counts them: Unicode code points, not UTF-16 units. */
export function countCharacters(text: string): number {
  return [...text].length
}

/** Media item, album and enrichment ids: this also keeps them safe inside URLs. */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/
const ID_CHARACTERS = 'letters, digits, `-` and `_` only'

/** An input's value, trimmed as core.getInput does; '' when not set. */
function get(name: InputName): string {
  return core.getInput(name)
}

export function readConfig(): Config {
  maskSecrets()

  const mode = readMode()
  const skipExisting = readBoolean(Inputs.SkipExisting, false)
  const verify = readBoolean(Inputs.Verify, false)
  refuseOtherModeInputs(mode, { [Inputs.SkipExisting]: skipExisting, [Inputs.Verify]: verify })
  const filePatterns = parseFilePatterns(get(Inputs.Files))
  const release = readRelease(mode)
  if (mode === 'create' && filePatterns.length === 0 && !get(Inputs.TokensFile) && !release) {
    throw new InputError(
      Inputs.Files,
      "nothing to create: set `files` (glob patterns of images and videos), `tokens-file` (upload tokens made elsewhere) or `release-assets: true` (a release's assets)."
    )
  }
  if (mode === 'get' && !get(Inputs.MediaItemIds) && !get(Inputs.MediaItemIdsFile)) {
    throw new InputError(
      Inputs.MediaItemIds,
      '`mode: get` needs media item ids: set `media-item-ids` (separated by newlines, commas or spaces) or `media-item-ids-file`.'
    )
  }

  const { albumId, albumTitle } = readAlbum()
  const hasAlbum = Boolean(albumId || albumTitle)
  const { position, relativeItemId } = readPosition(hasAlbum)
  const description = readDescription()
  if (skipExisting && !hasAlbum) {
    throw new InputError(
      Inputs.SkipExisting,
      'compares file names with those already in an album: set `album-id` or `album-title`, or remove `skip-existing`.'
    )
  }
  const mediaItemIds = readMediaItemIds()

  const credentials = readCredentials()
  const concurrency = readConcurrency()
  const failOnError = readBoolean(Inputs.FailOnError, true)
  const dryRun = readBoolean(Inputs.DryRun, false)
  const summary = readBoolean(Inputs.Summary, true)
  const apiEndpoint = readEndpoint(Inputs.ApiEndpoint, DEFAULT_API_ENDPOINT)
  const tokenEndpoint = readEndpoint(Inputs.TokenEndpoint, DEFAULT_TOKEN_ENDPOINT)

  const tokensFile = readExistingFile(Inputs.TokensFile)
  const mediaItemIdsFile = readExistingFile(Inputs.MediaItemIdsFile)
  const resultsFile = readResultsFile([tokensFile, mediaItemIdsFile])

  return {
    mode,
    filePatterns,
    ...(tokensFile ? { tokensFile } : {}),
    ...(albumId ? { albumId } : {}),
    ...(albumTitle ? { albumTitle } : {}),
    position,
    ...(relativeItemId ? { relativeItemId } : {}),
    ...(description ? { description } : {}),
    mediaItemIds,
    ...(mediaItemIdsFile ? { mediaItemIdsFile } : {}),
    credentials,
    concurrency,
    skipExisting,
    verify,
    failOnError,
    dryRun,
    resultsFile,
    summary,
    apiEndpoint,
    tokenEndpoint,
    ...(release ? { release } : {})
  }
}

/** Masked before anything can throw, so that no error or log line can show them. */
function maskSecrets(): void {
  for (const name of SECRET_INPUTS) {
    const value = get(name)
    if (!value) continue
    core.setSecret(value)
    // The runner masks line by line: a value that spans lines is masked per line as well.
    const lines = value.split(/\r?\n/).map((l) => l.trim())
    if (lines.length > 1) for (const line of lines) if (line) core.setSecret(line)
  }
}

function readMode(): Mode {
  const text = get(Inputs.Mode)
  const mode = (text || 'create').toLowerCase()
  if (mode !== 'create' && mode !== 'get') {
    throw new InputError(
      Inputs.Mode,
      `"${text}" is not a mode. Use \`create\` (make media items) or \`get\` (read media items with batchGet).`
    )
  }
  return mode
}

function refuseOtherModeInputs(mode: Mode, switches: Partial<Record<InputName, boolean>>): void {
  const foreign = mode === 'get' ? CREATE_ONLY : GET_ONLY
  for (const name of foreign) {
    const given = switches[name] ?? get(name) !== ''
    if (!given) continue
    throw new InputError(
      name,
      mode === 'get'
        ? 'is for `mode: create`; `mode: get` only reads media items. Remove it, or set `mode: create`.'
        : 'is for `mode: get` (reading media items); this step creates them (`mode: create`). Remove it, or set `mode: get`.'
    )
  }
}

/** Newline-separated glob patterns, in order; blank and `#` lines dropped. */
export function parseFilePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
}

/** Ids separated by newlines, commas or whitespace; order and duplicates kept. */
export function parseMediaItemIds(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean)
}

function readAlbum(): { albumId?: string; albumTitle?: string } {
  const albumId = get(Inputs.AlbumId)
  // Untrimmed, to tell a title of only spaces from no title.
  const rawTitle = core.getInput(Inputs.AlbumTitle, { trimWhitespace: false })
  const albumTitle = rawTitle.trim()
  if (albumId && rawTitle) {
    throw new InputError(
      Inputs.AlbumId,
      'is set together with `album-title`; give one: `album-id` for an album this OAuth client created, or `album-title` to find or create one by title.'
    )
  }
  if (albumId && !ID_PATTERN.test(albumId)) {
    throw new InputError(
      Inputs.AlbumId,
      `"${albumId}" has characters an album id cannot have (${ID_CHARACTERS}). Copy the id from the album's API answer or an earlier run's \`album-id\` output.`
    )
  }
  if (rawTitle && !albumTitle) {
    throw new InputError(
      Inputs.AlbumTitle,
      'is only spaces. Give the album a title, or remove `album-title`.'
    )
  }
  const titleLength = countCharacters(albumTitle)
  if (titleLength > MAX_ALBUM_TITLE_LENGTH) {
    throw new InputError(
      Inputs.AlbumTitle,
      `is ${titleLength} characters long; Google Photos allows at most ${MAX_ALBUM_TITLE_LENGTH}. Shorten it.`
    )
  }
  return { ...(albumId ? { albumId } : {}), ...(albumTitle ? { albumTitle } : {}) }
}

/** A position name of ours or of the API (`FIRST_IN_ALBUM`), in any case. */
export function parsePosition(text: string): AlbumPositionName | undefined {
  return POSITIONS[text.trim().toLowerCase().replace(/_/g, '-')]
}

function readPosition(hasAlbum: boolean): {
  position: AlbumPositionName
  relativeItemId?: string
} {
  const text = get(Inputs.Position)
  const relativeItemId = get(Inputs.RelativeItemId)
  const position = text ? parsePosition(text) : 'LAST_IN_ALBUM'
  if (!position) {
    throw new InputError(
      Inputs.Position,
      `"${text}" is not a position. Use \`last-in-album\`, \`first-in-album\`, \`after-media-item\` or \`after-enrichment-item\` (or the API's names such as \`FIRST_IN_ALBUM\`).`
    )
  }
  if (position !== 'LAST_IN_ALBUM' && !hasAlbum) {
    throw new InputError(
      Inputs.Position,
      `\`${text}\` needs an album: set \`album-id\` or \`album-title\`, or remove \`position\`.`
    )
  }
  const isAfter = position === 'AFTER_MEDIA_ITEM' || position === 'AFTER_ENRICHMENT_ITEM'
  if (isAfter && !relativeItemId) {
    const what = position === 'AFTER_MEDIA_ITEM' ? 'media item' : 'enrichment item'
    throw new InputError(
      Inputs.Position,
      `\`${text}\` needs \`relative-item-id\`: set it to the id of the ${what} to insert after.`
    )
  }
  if (!isAfter && relativeItemId) {
    throw new InputError(
      Inputs.RelativeItemId,
      `is only used with \`position: after-media-item\` or \`after-enrichment-item\`, not with \`${text || 'last-in-album'}\`. Remove it, or set one of those positions.`
    )
  }
  if (relativeItemId && !ID_PATTERN.test(relativeItemId)) {
    throw new InputError(
      Inputs.RelativeItemId,
      `"${relativeItemId}" has characters an id cannot have (${ID_CHARACTERS}).`
    )
  }
  return { position, ...(relativeItemId ? { relativeItemId } : {}) }
}

function readDescription(): string | undefined {
  const description = get(Inputs.Description)
  const length = countCharacters(description)
  if (length >= DESCRIPTION_LENGTH_LIMIT) {
    throw new InputError(
      Inputs.Description,
      `is ${length} characters long; Google Photos takes descriptions under ${DESCRIPTION_LENGTH_LIMIT} characters. Shorten it.`
    )
  }
  return description || undefined
}

/**
 * Ids separated by newlines, commas or spaces, or a JSON array: the `media-item-ids`
 * output of a create step, whose `null` entries (items that failed there) are kept.
 */
function readMediaItemIds(): (string | null)[] {
  const text = get(Inputs.MediaItemIds)
  const fail = (message: string) => new InputError(Inputs.MediaItemIds, message)
  const ids = text.startsWith('[')
    ? parseIdArray(text, 'the JSON array', fail).map(({ id }) => id)
    : parseMediaItemIds(text)
  ids.forEach((id, i) => {
    if (id !== null && !ID_PATTERN.test(id)) {
      throw fail(
        `id ${i + 1}, "${id.slice(0, 80)}", has characters a media item id cannot have (${ID_CHARACTERS}). Separate ids with newlines, commas or spaces, or pass a JSON array of strings.`
      )
    }
  })
  if (text && ids.length === 0 && !get(Inputs.MediaItemIdsFile)) {
    throw fail(
      `"${text.slice(0, 40)}" holds no media item id: nothing to get. Pass ids separated by newlines, commas or spaces, or a JSON array such as the \`media-item-ids\` output of a create step.`
    )
  }
  return ids
}

function readCredentials(): Credentials {
  const accessToken = get(Inputs.AccessToken)
  const trio = {
    [Inputs.ClientId]: get(Inputs.ClientId),
    [Inputs.ClientSecret]: get(Inputs.ClientSecret),
    [Inputs.RefreshToken]: get(Inputs.RefreshToken)
  }
  const names = Object.keys(trio) as (keyof typeof trio)[]
  const given = names.filter((name) => trio[name])
  const missing = names.filter((name) => !trio[name])
  const list = (items: string[]) => items.map((name) => `\`${name}\``).join(', ')
  if (accessToken && given.length > 0) {
    throw new InputError(
      Inputs.AccessToken,
      `is set together with ${list(given)}; give either \`access-token\`, or all of \`client-id\`, \`client-secret\` and \`refresh-token\`, not both.`
    )
  }
  if (accessToken) return { kind: 'access-token', accessToken }
  if (given.length === 0) {
    throw new InputError(
      Inputs.AccessToken,
      'no credentials: set `access-token`, or all of `client-id`, `client-secret` and `refresh-token` (from secrets) so that the action refreshes access tokens itself.'
    )
  }
  const [firstMissing] = missing
  if (firstMissing) {
    throw new InputError(
      firstMissing,
      `is not set: \`client-id\`, \`client-secret\` and \`refresh-token\` go together. Missing: ${list(missing)}; set ${missing.length > 1 ? 'them' : 'it'} from secrets, or use \`access-token\` instead.`
    )
  }
  return {
    kind: 'refresh-token',
    clientId: trio[Inputs.ClientId],
    clientSecret: trio[Inputs.ClientSecret],
    refreshToken: trio[Inputs.RefreshToken]
  }
}

function readConcurrency(): number {
  const text = get(Inputs.Concurrency)
  if (!text) return DEFAULT_CONCURRENCY
  const n = Number(text)
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_CONCURRENCY) {
    throw new InputError(
      Inputs.Concurrency,
      `"${text}" is not a whole number from 1 to ${MAX_CONCURRENCY}. Set one in that range, or remove it for the default (${DEFAULT_CONCURRENCY}).`
    )
  }
  return n
}

/** `true` in the YAML 1.2 core schema, as core.getBooleanInput reads it. */
export function isYamlTrue(text: string): boolean {
  return text === 'true' || text === 'True' || text === 'TRUE'
}

/** The YAML 1.2 core schema's booleans, as core.getBooleanInput, but with our own error. */
function readBoolean(name: InputName, fallback: boolean): boolean {
  const text = get(name)
  if (!text) return fallback
  if (isYamlTrue(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(
    name,
    `"${text}" is not a boolean. Use \`true\` or \`false\` (words such as yes, on or 1 are not taken).`
  )
}

/** 127.0.0.0/8, ::1 and localhost: where plain http stays on the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (host === 'localhost') return true
  if (net.isIPv4(host)) return host.startsWith('127.')
  return net.isIPv6(host) && host === '::1'
}

function readEndpoint(name: InputName, fallback: string): string {
  const text = get(name) || fallback
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError(
      name,
      `"${text}" is not an absolute URL. Write it in full, such as ${fallback}, or remove the input for that default.`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      name,
      `"${text}" is not an http(s) URL. Write it in full, such as ${fallback}, or remove the input for that default.`
    )
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      name,
      `"${text}" must use https: tokens would travel in clear text. Plain http is allowed only on loopback (127.0.0.1, ::1, localhost), for emulators.`
    )
  }
  if (url.username || url.password) {
    throw new InputError(
      name,
      'holds a user name or password, which would show in logs. Remove them from the URL.'
    )
  }
  // Request paths are appended to the API base URL, which a query or fragment would break.
  if (name === Inputs.ApiEndpoint && /[?#]/.test(text)) {
    throw new InputError(
      name,
      `"${text}" is a base URL, to which paths such as /v1/uploads are appended: remove the query or fragment.`
    )
  }
  const base = text.replace(/\/+$/, '')
  // Google's docs write the base URL with its version; the client adds `/v1` itself.
  return name === Inputs.ApiEndpoint ? base.replace(/\/v1$/, '') : base
}

function readExistingFile(name: InputName): string | undefined {
  const text = get(name)
  if (!text) return undefined
  const file = resolveInputPath(text)
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputError(
      name,
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `${file} does not exist. Check the path (relative paths start at the workspace, ${workspaceDir()}) and the step that writes the file.`
        : `${file} cannot be read (${code ?? String(err)}). Check its permissions.`
    )
  }
  if (!stat.isFile()) {
    throw new InputError(
      name,
      `${file} is not a regular file${stat.isDirectory() ? ' (it is a directory)' : ''}. Give the path of the file itself.`
    )
  }
  return file
}

/**
 * The report's path. It is never a file the run reads: a given one that is refuses the
 * input; the default, which a `get` step chained to a create step meets when it reads that
 * step's report (`media-item-ids-file: ${{ steps.photos.outputs.results-file }}`), becomes
 * `photos-results-2.json` beside it, and so on.
 */
function readResultsFile(inputs: (string | undefined)[]): string {
  const text = get(Inputs.ResultsFile)
  const read = new Set(inputs.filter((f) => f !== undefined).map(realOrSelf))
  if (!text) {
    const dir = process.env.RUNNER_TEMP || os.tmpdir()
    let file = path.join(dir, DEFAULT_RESULTS_FILE_NAME)
    for (let n = 2; read.has(realOrSelf(file)); n++) {
      file = path.join(dir, DEFAULT_RESULTS_FILE_NAME.replace('.json', `-${n}.json`))
    }
    if (path.basename(file) !== DEFAULT_RESULTS_FILE_NAME) {
      core.info(
        `The report goes to ${file}: its default path is a file this run reads (a report of an earlier step).`
      )
    }
    checkWritable(file, true)
    return file
  }
  const file = resolveInputPath(text)
  if (read.has(realOrSelf(file))) {
    const input =
      realOrSelf(inputs[0] ?? '') === realOrSelf(file) ? Inputs.TokensFile : Inputs.MediaItemIdsFile
    throw new InputError(
      Inputs.ResultsFile,
      `${file} is also \`${input}\`: the report would replace it. Give the report another path, or remove \`results-file\` for the default.`
    )
  }
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(
      Inputs.ResultsFile,
      `${file} is a directory. Give a file path, such as ${path.join(file, DEFAULT_RESULTS_FILE_NAME)}.`
    )
  }
  checkWritable(file)
  return file
}

/**
 * The report is written next to its target and renamed over it, so its directory must
 * exist (it is created) and be writable; this is known before any API call.
 */
function checkWritable(file: string, byDefault = false): void {
  const dir = path.dirname(file)
  try {
    fs.mkdirSync(dir, { recursive: true })
    fs.accessSync(dir, fs.constants.W_OK)
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err)
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a part of its directory path is a file, not a directory'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'the runner user may not write there'
          : code
    throw new InputError(
      Inputs.ResultsFile,
      byDefault
        ? `the report's default path, ${file} (under RUNNER_TEMP), cannot be written (${why}). Set \`results-file\` to a path in a writable directory, such as one in the workspace.`
        : `${file} cannot be written (${why}). Give a path in a writable directory, such as one under RUNNER_TEMP or the workspace, or remove the input for the default.`
    )
  }
}

/** The event's own release, read when the run starts (the toolkit's `context` is read at import). */
function eventRelease(): { id: number; tag: string } | undefined {
  if (process.env.GITHUB_EVENT_NAME !== 'release') return undefined
  const file = process.env.GITHUB_EVENT_PATH
  let payload: { release?: { id?: unknown; tag_name?: unknown } } = {}
  try {
    if (file) payload = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof payload
  } catch (err) {
    throw new InputError(
      Inputs.ReleaseTag,
      `the \`release\` event's payload (${file}) cannot be read (${errorMessage(err)}). Set \`release-tag\` to name the release.`
    )
  }
  const { id, tag_name: tag } = payload.release ?? {}
  if (typeof id !== 'number' || typeof tag !== 'string') {
    throw new InputError(
      Inputs.ReleaseTag,
      "the `release` event's payload holds no release. Set `release-tag` to name the release."
    )
  }
  return { id, tag }
}

function readRelease(mode: Mode): ReleaseConfig | undefined {
  const wanted = readBoolean(Inputs.ReleaseAssets, false)
  // `github.ref` of a tag push is `refs/tags/<tag>`: taken as the tag itself.
  const tag = get(Inputs.ReleaseTag).replace(/^refs\/tags\//, '')
  const patterns = parseFilePatterns(get(Inputs.ReleaseAssetPattern))
  if (!wanted) {
    for (const name of [Inputs.ReleaseTag, Inputs.ReleaseAssetPattern]) {
      if (get(name)) {
        throw new InputError(
          name,
          "is only read with `release-assets: true`. Set `release-assets: true` to take the release's assets, or remove it."
        )
      }
    }
    return undefined
  }
  if (mode === 'get') {
    throw new InputError(
      Inputs.ReleaseAssets,
      'is for `mode: create`; `mode: get` only reads media items. Remove it, or set `mode: create`.'
    )
  }
  const githubToken = get(Inputs.GithubToken)
  if (!githubToken) {
    throw new InputError(
      Inputs.GithubToken,
      "is empty, and `release-assets` reads the release with it. Remove the input for its default (`${{ github.token }}`), or pass a token that may read the repository's contents."
    )
  }
  const withSlash = patterns.find((pattern) => pattern.includes('/'))
  if (withSlash !== undefined) {
    throw new InputError(
      Inputs.ReleaseAssetPattern,
      `"${withSlash}" has a \`/\`, which no asset name has: the pattern matches asset names, such as \`*.png\` or \`shot-*.{jpg,mp4}\`.`
    )
  }
  const fromEvent = tag ? undefined : eventRelease()
  if (!tag && !fromEvent) {
    const event = process.env.GITHUB_EVENT_NAME || 'unknown'
    throw new InputError(
      Inputs.ReleaseTag,
      `is needed with \`release-assets: true\` on a \`${event}\` event (only a \`release\` event brings its own release). Set it to the release's tag, such as \`v1.2.0\`.`
    )
  }
  const [owner, repo, ...rest] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo || rest.length > 0) {
    throw new InputError(
      Inputs.ReleaseAssets,
      "reads a release of the workflow's repository, named by GITHUB_REPOSITORY (`owner/name`), which is not set. The runner sets it; set it yourself when running the action elsewhere."
    )
  }
  const apiUrl = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]/.test(apiUrl) || !URL.canParse(apiUrl)) {
    throw new InputError(
      Inputs.ReleaseAssets,
      `reads the release from GITHUB_API_URL, which is "${apiUrl}", not an http(s) URL. The runner sets it (https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server).`
    )
  }
  return {
    ...(fromEvent ? { tag: fromEvent.tag, id: fromEvent.id } : { tag }),
    patterns,
    githubToken,
    owner,
    repo,
    apiUrl
  }
}
