/** Inputs → a typed, validated Config. Every wrong input throws one InputError with the fix. */
import * as core from '@actions/core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError } from './errors.js'
import { isAllowed, workspaceDir } from './paths.js'
import type { AlbumPositionName, Config, Credentials, Mode } from './types.js'

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
  FailOnError: 'fail-on-error',
  DryRun: 'dry-run',
  ResultsFile: 'results-file',
  Summary: 'summary',
  ApiEndpoint: 'api-endpoint',
  TokenEndpoint: 'token-endpoint'
} as const

const POSITIONS: Record<string, AlbumPositionName> = {
  'last-in-album': 'LAST_IN_ALBUM',
  'first-in-album': 'FIRST_IN_ALBUM',
  'after-media-item': 'AFTER_MEDIA_ITEM',
  'after-enrichment-item': 'AFTER_ENRICHMENT_ITEM'
}

export const MAX_CONCURRENCY = 32
const ID_PATTERN = /^[A-Za-z0-9_-]+$/

function input(name: string): string {
  return core.getInput(name).trim()
}

export function readConfig(): Config {
  // Masked before anything can throw, so no error or log line can show them.
  for (const name of [Inputs.AccessToken, Inputs.ClientSecret, Inputs.RefreshToken]) {
    const value = core.getInput(name)
    if (value) core.setSecret(value.trim())
  }

  const modeText = (input(Inputs.Mode) || 'create').toLowerCase()
  if (modeText !== 'create' && modeText !== 'get') {
    throw new InputError(
      Inputs.Mode,
      `"${input(Inputs.Mode)}" is not a mode. Use \`create\` (make media items) or \`get\` (read them with batchGet).`
    )
  }
  const mode: Mode = modeText

  const filePatterns = core
    .getInput(Inputs.Files)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  const tokensFileText = input(Inputs.TokensFile)
  const albumId = input(Inputs.AlbumId) || undefined
  const albumTitleRaw = core.getInput(Inputs.AlbumTitle)
  const positionText = input(Inputs.Position)
  const relativeItemId = input(Inputs.RelativeItemId) || undefined
  const description = core.getInput(Inputs.Description) || undefined
  const idsText = core.getInput(Inputs.MediaItemIds)
  const idsFileText = input(Inputs.MediaItemIdsFile)
  const skipExisting = bool(Inputs.SkipExisting, false)

  if (mode === 'get') {
    const createOnly: [string, boolean][] = [
      [Inputs.Files, filePatterns.length > 0],
      [Inputs.TokensFile, Boolean(tokensFileText)],
      [Inputs.AlbumId, Boolean(albumId)],
      [Inputs.AlbumTitle, Boolean(albumTitleRaw)],
      [Inputs.Position, Boolean(positionText) && positionText.toLowerCase() !== 'last-in-album'],
      [Inputs.RelativeItemId, Boolean(relativeItemId)],
      [Inputs.Description, Boolean(description)],
      [Inputs.SkipExisting, skipExisting]
    ]
    for (const [name, given] of createOnly) {
      if (given) {
        throw new InputError(
          name,
          'is for `mode: create`; `mode: get` only reads media items. Remove it, or set `mode: create`.'
        )
      }
    }
    if (!idsText.trim() && !idsFileText) {
      throw new InputError(
        Inputs.MediaItemIds,
        '`mode: get` needs media item ids: set `media-item-ids` (separated by newlines, commas or spaces) or `media-item-ids-file`.'
      )
    }
  } else {
    for (const [name, given] of [
      [Inputs.MediaItemIds, Boolean(idsText.trim())],
      [Inputs.MediaItemIdsFile, Boolean(idsFileText)]
    ] as const) {
      if (given) {
        throw new InputError(
          name,
          'is for `mode: get`. Remove it, or set `mode: get` to read media items.'
        )
      }
    }
    if (filePatterns.length === 0 && !tokensFileText) {
      throw new InputError(
        Inputs.Files,
        'nothing to create: set `files` (glob patterns of images and videos) or `tokens-file` (upload tokens made elsewhere).'
      )
    }
  }

  if (albumId && albumTitleRaw) {
    throw new InputError(
      Inputs.AlbumId,
      'is set together with `album-title`; give one: `album-id` for an existing app-created album, or `album-title` to find or create one.'
    )
  }
  let albumTitle: string | undefined
  if (albumTitleRaw) {
    albumTitle = albumTitleRaw.trim()
    if (!albumTitle)
      throw new InputError(
        Inputs.AlbumTitle,
        'is empty (only spaces). Give the album a title, or remove the input.'
      )
    if (albumTitle.length > 500) {
      throw new InputError(
        Inputs.AlbumTitle,
        `is ${albumTitle.length} characters long; Google Photos allows at most 500.`
      )
    }
  }
  if (albumId && !ID_PATTERN.test(albumId)) {
    throw new InputError(
      Inputs.AlbumId,
      `"${albumId}" has characters an album id cannot have (letters, digits, - and _ only).`
    )
  }
  const hasAlbum = Boolean(albumId || albumTitle)

  const position = parsePosition(positionText)
  if (position !== 'LAST_IN_ALBUM' && !hasAlbum) {
    throw new InputError(
      Inputs.Position,
      `\`${positionText}\` needs an album: set \`album-id\` or \`album-title\`, or remove \`position\`.`
    )
  }
  const isAfter = position === 'AFTER_MEDIA_ITEM' || position === 'AFTER_ENRICHMENT_ITEM'
  if (isAfter && !relativeItemId) {
    throw new InputError(
      Inputs.Position,
      `\`${positionText}\` needs \`relative-item-id\`: set it to the id of the ${position === 'AFTER_MEDIA_ITEM' ? 'media item' : 'enrichment'} to insert after.`
    )
  }
  if (!isAfter && relativeItemId) {
    throw new InputError(
      Inputs.RelativeItemId,
      'is only used with `position: after-media-item` or `after-enrichment-item`. Remove it, or set one of those positions.'
    )
  }
  if (relativeItemId && !ID_PATTERN.test(relativeItemId)) {
    throw new InputError(
      Inputs.RelativeItemId,
      `"${relativeItemId}" has characters an id cannot have (letters, digits, - and _ only).`
    )
  }

  if (description !== undefined && description.length >= 1000) {
    throw new InputError(
      Inputs.Description,
      `is ${description.length} characters long; Google Photos takes descriptions under 1000 characters. Shorten it.`
    )
  }
  if (skipExisting && !hasAlbum) {
    throw new InputError(
      Inputs.SkipExisting,
      'compares file names with an album: set `album-id` or `album-title`, or remove `skip-existing`.'
    )
  }

  const credentials = readCredentials()
  const concurrency = readConcurrency()
  const failOnError = bool(Inputs.FailOnError, true)
  const dryRun = bool(Inputs.DryRun, false)
  const summary = bool(Inputs.Summary, true)
  const apiEndpoint = endpoint(Inputs.ApiEndpoint, 'https://photoslibrary.googleapis.com')
  const tokenEndpoint = endpoint(Inputs.TokenEndpoint, 'https://oauth2.googleapis.com/token')

  const tokensFile = tokensFileText ? existingFile(Inputs.TokensFile, tokensFileText) : undefined
  const mediaItemIdsFile = idsFileText
    ? existingFile(Inputs.MediaItemIdsFile, idsFileText)
    : undefined
  const mediaItemIds = parseMediaItemIds(idsText)
  for (const id of mediaItemIds) {
    if (!ID_PATTERN.test(id)) {
      throw new InputError(
        Inputs.MediaItemIds,
        `"${id.slice(0, 80)}" has characters a media item id cannot have (letters, digits, - and _ only). Separate ids with newlines, commas or spaces.`
      )
    }
  }
  const resultsText = input(Inputs.ResultsFile)
  const resultsFile = resultsText
    ? underAllowedRoot(Inputs.ResultsFile, resolvePath(resultsText))
    : path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'photos-results.json')

  return {
    mode,
    filePatterns: mode === 'create' ? filePatterns : [],
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
    failOnError,
    dryRun,
    resultsFile,
    summary,
    apiEndpoint,
    tokenEndpoint
  }
}

function parsePosition(text: string): AlbumPositionName {
  if (!text) return 'LAST_IN_ALBUM'
  const key = text.toLowerCase().replace(/_/g, '-')
  const position = POSITIONS[key]
  if (!position) {
    throw new InputError(
      Inputs.Position,
      `"${text}" is not a position. Use last-in-album, first-in-album, after-media-item or after-enrichment-item (or the API names such as FIRST_IN_ALBUM).`
    )
  }
  return position
}

function readCredentials(): Credentials {
  const accessToken = input(Inputs.AccessToken)
  const trio = {
    [Inputs.ClientId]: input(Inputs.ClientId),
    [Inputs.ClientSecret]: input(Inputs.ClientSecret),
    [Inputs.RefreshToken]: input(Inputs.RefreshToken)
  }
  const given = Object.entries(trio).filter(([, v]) => v)
  if (accessToken && given.length > 0) {
    throw new InputError(
      Inputs.AccessToken,
      `is set together with ${given.map(([k]) => `\`${k}\``).join(', ')}; give either \`access-token\`, or all of \`client-id\`, \`client-secret\` and \`refresh-token\`.`
    )
  }
  if (accessToken) return { kind: 'access-token', accessToken }
  if (given.length === 0) {
    throw new InputError(
      Inputs.AccessToken,
      'no credentials: set `access-token`, or `client-id`, `client-secret` and `refresh-token` (from secrets) so the action can refresh access tokens itself.'
    )
  }
  const missing = Object.entries(trio)
    .filter(([, v]) => !v)
    .map(([k]) => k)
  if (missing.length > 0) {
    throw new InputError(
      missing[0] ?? Inputs.RefreshToken,
      `is missing: \`client-id\`, \`client-secret\` and \`refresh-token\` go together (missing: ${missing.map((m) => `\`${m}\``).join(', ')}).`
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
  const text = input(Inputs.Concurrency) || '6'
  const n = Number(text)
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_CONCURRENCY) {
    throw new InputError(
      Inputs.Concurrency,
      `"${text}" is not a whole number from 1 to ${MAX_CONCURRENCY}. The default is 6.`
    )
  }
  return n
}

/** The YAML 1.2 core schema's booleans, as core.getBooleanInput, with our own error. */
function bool(name: string, fallback: boolean): boolean {
  const text = input(name)
  if (!text) return fallback
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(name, `"${text}" is not a boolean: use \`true\` or \`false\`.`)
}

function endpoint(name: string, fallback: string): string {
  const text = input(name) || fallback
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError(name, `"${text}" is not an absolute URL. Leave it unset for ${fallback}.`)
  }
  const loopback =
    ['localhost', '[::1]', '::1'].includes(url.hostname) || /^127\./.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(
      name,
      `"${text}" must use https (plain http is allowed only on loopback, for emulators). Tokens would travel in clear text.`
    )
  }
  return text.replace(/\/+$/, '')
}

function resolvePath(text: string): string {
  return path.resolve(workspaceDir(), text)
}

function underAllowedRoot(name: string, file: string): string {
  if (!isAllowed(file)) {
    throw new InputError(
      name,
      `${file} is outside the workspace (GITHUB_WORKSPACE) and RUNNER_TEMP. Use a path under one of them.`
    )
  }
  return file
}

function existingFile(name: string, text: string): string {
  const file = underAllowedRoot(name, resolvePath(text))
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    throw new InputError(
      name,
      `${file} does not exist. Check the path (relative paths start at the workspace) and the step that writes it.`
    )
  }
  if (!stat.isFile()) throw new InputError(name, `${file} is not a regular file.`)
  return file
}

/** Ids separated by newlines, commas or whitespace; order and duplicates kept. */
export function parseMediaItemIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}
