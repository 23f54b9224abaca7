/** Upload tokens made elsewhere, and media item ids, read from files. */
import fs from 'node:fs'
import { InputError } from './errors.js'
import type { TokenEntry } from './types.js'

/** A bound on what the action reads into memory from a user's file. */
export const MAX_TOKENS_FILE_BYTES = 16 * 1024 * 1024

function parseJson(input: string, text: string, where: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InputError(input, `${where} is not valid JSON (${(err as Error).message}).`)
  }
}

async function readBounded(input: string, file: string): Promise<string> {
  const stat = await fs.promises.stat(file)
  if (stat.size > MAX_TOKENS_FILE_BYTES) {
    throw new InputError(
      input,
      `${file} is ${stat.size} bytes; the limit is ${MAX_TOKENS_FILE_BYTES} (16 MiB). Split the list over several steps.`
    )
  }
  return fs.promises.readFile(file, 'utf8')
}

export async function readTokensFile(file: string, displayName: string): Promise<TokenEntry[]> {
  return parseTokens(await readBounded('tokens-file', file), displayName)
}

/** Detects the format: JSON array, JSON Lines, or text lines `token[\tfileName[\tdescription]]`. */
export function parseTokens(text: string, displayName: string): TokenEntry[] {
  const body = text.replace(/^\uFEFF/, '')
  const trimmed = body.trim()
  if (trimmed.startsWith('[')) {
    const parsed = parseJson('tokens-file', trimmed, displayName)
    if (!Array.isArray(parsed))
      throw new InputError('tokens-file', `${displayName} must be a JSON array.`)
    return parsed.map((value, i) => entry(value, `${displayName}[${i}]`))
  }
  const lines = body.split(/\r?\n/)
  const isJsonLines = lines.some((l) => l.trim().startsWith('{'))
  const entries: TokenEntry[] = []
  lines.forEach((line, i) => {
    const where = `${displayName}:${i + 1}`
    if (!line.trim() || line.trim().startsWith('#')) return
    if (isJsonLines) {
      entries.push(entry(parseJson('tokens-file', line, where), where))
      return
    }
    const [token = '', fileName, description] = line.split('\t')
    entries.push(
      entry(
        {
          uploadToken: token.trim(),
          ...(fileName?.trim() ? { fileName: fileName.trim() } : {}),
          ...(description ? { description } : {})
        },
        where
      )
    )
  })
  return entries
}

function entry(value: unknown, where: string): TokenEntry {
  const obj: Record<string, unknown> =
    typeof value === 'string' ? { uploadToken: value } : (value as Record<string, unknown>)
  if (!obj || typeof obj !== 'object') {
    throw new InputError(
      'tokens-file',
      `${where}: expected an upload token string or an object with \`uploadToken\`.`
    )
  }
  const { uploadToken, fileName, description } = obj
  if (typeof uploadToken !== 'string' || !uploadToken.trim()) {
    throw new InputError('tokens-file', `${where}: \`uploadToken\` must be a non-empty string.`)
  }
  if (fileName !== undefined && typeof fileName !== 'string') {
    throw new InputError('tokens-file', `${where}: \`fileName\` must be a string.`)
  }
  if (description !== undefined && typeof description !== 'string') {
    throw new InputError('tokens-file', `${where}: \`description\` must be a string.`)
  }
  if (fileName && fileName.length > 255) {
    throw new InputError(
      'tokens-file',
      `${where}: the file name is ${fileName.length} characters; at most 255.`
    )
  }
  if (description && description.length >= 1000) {
    throw new InputError(
      'tokens-file',
      `${where}: the description is ${description.length} characters; it must be under 1000.`
    )
  }
  return {
    uploadToken: uploadToken.trim(),
    ...(fileName ? { fileName } : {}),
    ...(description ? { description } : {}),
    source: where
  }
}

export async function readMediaItemIdsFile(file: string, displayName: string): Promise<string[]> {
  const text = (await readBounded('media-item-ids-file', file)).trim()
  let ids: string[]
  if (text.startsWith('[')) {
    const parsed = parseJson('media-item-ids-file', text, displayName)
    if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string')) {
      throw new InputError('media-item-ids-file', `${displayName} must be a JSON array of strings.`)
    }
    ids = parsed as string[]
  } else {
    ids = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
  }
  for (const id of ids) {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) {
      throw new InputError(
        'media-item-ids-file',
        `${displayName}: "${id.slice(0, 80)}" is not a media item id (letters, digits, - and _ only).`
      )
    }
  }
  return ids
}
