/** The run's input items, in input order: upload tokens first, then local files, then release assets. */
import * as core from '@actions/core'
import { InputError } from './errors.js'
import { displayPath, workspaceDir } from './paths.js'
import { expandFiles, type LocalFile } from './files.js'
import type { ReleaseAssets } from './release.js'
import { readMediaItemIdsFile, readTokensFile } from './tokens-file.js'
import type { Config, ItemResult, TokenEntry } from './types.js'

export type SourceItem =
  | { kind: 'token'; index: number; entry: TokenEntry; description?: string }
  | { kind: 'file'; index: number; file: LocalFile; description?: string }

export async function collectCreateItems(
  config: Config,
  release?: ReleaseAssets
): Promise<{ items: SourceItem[]; results: ItemResult[] }> {
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
  }

  if (config.filePatterns.length > 0) {
    const { files, warnings } = await expandFiles(config.filePatterns, {
      workspace: workspaceDir()
    })
    for (const warning of warnings) core.warning(warning)
    for (const file of files) addFile(file)
  }

  const listing = release ? await release.list() : undefined
  for (const file of listing?.files ?? []) addFile(file)

  if (items.length === 0) {
    throw listing?.nothingMatched
      ? new InputError(
          config.release?.pattern ? 'release-asset-pattern' : 'release-assets',
          `${listing.nothingMatched}${config.filePatterns.length > 0 || config.tokensFile ? ' No file or upload token was found either.' : ''} Nothing to create.`
        )
      : noItemsError(config)
  }
  if (listing?.nothingMatched) core.warning(listing.nothingMatched)
  return { items, results }
}

function noItemsError(config: Config): InputError {
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
  return new InputError(
    'files',
    'no file matched any pattern: nothing to create. Check the patterns (they are relative to ' +
      'the workspace) and that the build step wrote the files.'
  )
}

export async function collectIds(config: Config): Promise<ItemResult[]> {
  const ids = [...config.mediaItemIds]
  if (config.mediaItemIdsFile) {
    const display = displayPath(config.mediaItemIdsFile)
    ids.push(...(await readMediaItemIdsFile(config.mediaItemIdsFile, display)))
  }
  if (ids.length === 0) {
    throw new InputError(
      config.mediaItemIdsFile ? 'media-item-ids-file' : 'media-item-ids',
      'no media item id given: nothing to get. Pass ids separated by newlines, commas or spaces.'
    )
  }
  return ids.map((id, index) => ({ index, source: id, outcome: 'planned' }))
}
