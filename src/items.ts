/** The run's input items, in input order: upload tokens first, then local files, then release assets. */
import * as core from '@actions/core'
import { InputError } from './errors.js'
import { displayPath, workspaceDir } from './paths.js'
import { expandFiles, type LocalFile } from './files.js'
import type { ReleaseAssets, ReleaseListing } from './release.js'
import { readMediaItemIdsFile, readTokensFile } from './tokens-file.js'
import type { Config, ItemResult, TokenEntry } from './types.js'

export type SourceItem =
  | { kind: 'token'; index: number; entry: TokenEntry; description?: string }
  | { kind: 'file'; index: number; file: LocalFile; description?: string }

/**
 * `onFirstItem` is called once, as soon as an item is known while the rest are still
 * being found: from then on, no input error can come of collecting them. Not with a release,
 * whose listing can still find one (a missing release, a refused token).
 *
 * A release that cannot be read for another reason (the run stopped or was cancelled
 * meanwhile, GitHub kept failing) is no input error: the items found before it are returned
 * with `releaseFailure`, so that the report still has every one of them.
 */
export async function collectCreateItems(
  config: Config,
  release?: ReleaseAssets,
  onFirstItem: () => void = () => undefined
): Promise<{ items: SourceItem[]; results: ItemResult[]; releaseFailure?: unknown }> {
  let told = release !== undefined
  const itemFound = () => {
    if (told) return
    told = true
    onFirstItem()
  }
  const items: SourceItem[] = []
  const results: ItemResult[] = []
  const addFile = (file: LocalFile) => {
    const index = items.length
    items.push({ kind: 'file', index, file, description: config.description })
    results.push({
      index,
      source: file.source,
      fileName: file.fileName,
      outcome: 'planned',
      size: file.size,
      ...(file.mimeType ? { mimeType: file.mimeType } : {}),
      ...(config.description ? { description: config.description } : {})
    })
  }

  if (config.tokensFile) {
    const display = displayPath(config.tokensFile)
    const entries = await readTokensFile(config.tokensFile, display)
    for (const entry of entries) {
      const index = items.length
      const description = entry.description ?? config.description
      items.push({ kind: 'token', index, entry, description })
      results.push({
        index,
        source: entry.source,
        ...(entry.fileName ? { fileName: entry.fileName } : {}),
        outcome: 'planned',
        ...(description ? { description } : {})
      })
    }
    if (items.length > 0) itemFound()
  }

  const hints: string[] = []
  const fileWarnings: string[] = []
  if (config.filePatterns.length > 0) {
    const expanded = await expandFiles(config.filePatterns, {
      workspace: workspaceDir(),
      onFirstFile: itemFound,
      leaveOut: config.resultsFile
    })
    const { files, warnings } = expanded
    if (expanded.leftOut) {
      core.info(
        `Left out ${displayPath(config.resultsFile)}, which \`files\` matches: it is the \`results-file\` this run writes.`
      )
    }
    hints.push(...expanded.hints)
    fileWarnings.push(...warnings)
    for (const file of files) addFile(file)
  }

  let listing: ReleaseListing | undefined
  try {
    listing = await release?.list()
  } catch (err) {
    if (err instanceof InputError) throw err
    return { items, results, releaseFailure: err }
  }
  for (const file of listing?.files ?? []) addFile(file)

  const releaseInput = config.release?.patterns.length ? 'release-asset-pattern' : 'release-assets'
  if (items.length === 0) {
    throw listing?.nothingMatched
      ? new InputError(
          releaseInput,
          `${listing.nothingMatched}${config.filePatterns.length > 0 || config.tokensFile ? ' No file or upload token was found either.' : ''} Nothing to create.`
        )
      : noItemsError(config, hints)
  }
  // Without any item, the step fails with one error that carries the hints instead.
  for (const warning of fileWarnings) core.warning(warning)
  if (listing?.nothingMatched) {
    core.warning(new InputError(releaseInput, listing.nothingMatched).message)
  }
  return { items, results }
}

function noItemsError(config: Config, hints: string[]): InputError {
  if (config.tokensFile && config.filePatterns.length > 0) {
    return new InputError(
      'files',
      'no file matched, and `tokens-file` holds no upload token: nothing to create. Check the patterns and the tokens file.'
    )
  }
  if (config.tokensFile) {
    return new InputError(
      'tokens-file',
      `${config.tokensFile} holds no upload token: nothing to create. Check the step that writes it.`
    )
  }
  if (hints.length > 0) {
    return new InputError('files', `no file matched, so nothing to create. ${hints.join(' ')}`)
  }
  return new InputError(
    'files',
    'no file matched any pattern: nothing to create. Check the patterns (they are relative to ' +
      'the workspace) and that the build step wrote the files.'
  )
}

/** Status of a `null` id: an item that failed or was skipped in the step that made the list. */
export const NO_ID_UPSTREAM = 'No media item id: the item failed or was skipped upstream.'

export async function collectIds(config: Config): Promise<ItemResult[]> {
  const entries = config.mediaItemIds.map((id, i) => ({ id, where: `media-item-ids[${i}]` }))
  if (config.mediaItemIdsFile) {
    const display = displayPath(config.mediaItemIdsFile)
    const ids = await readMediaItemIdsFile(config.mediaItemIdsFile, display)
    entries.push(...ids.map((id, i) => ({ id, where: `${display}[${i}]` })))
  }
  if (entries.length === 0) {
    throw new InputError(
      config.mediaItemIdsFile ? 'media-item-ids-file' : 'media-item-ids',
      config.mediaItemIdsFile
        ? `${displayPath(config.mediaItemIdsFile)} holds no media item id: nothing to get. Write one id a line, a JSON array of ids, or give a create step's report.`
        : 'no media item id given: nothing to get. Pass ids separated by newlines, commas or spaces.'
    )
  }
  return entries.map(({ id, where }, index): ItemResult =>
    id === null
      ? { index, source: where, outcome: 'skipped', status: { code: 0, message: NO_ID_UPSTREAM } }
      : { index, source: id, outcome: 'planned' }
  )
}
