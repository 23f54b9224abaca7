/** Upload tokens made elsewhere, and media item ids, read from users' files. */
import fs from 'node:fs'
import { InputError } from './errors.js'
import { MAX_FILE_NAME } from './files.js'
import { countCharacters, DESCRIPTION_LENGTH_LIMIT, ID_PATTERN, Inputs } from './inputs.js'
import type { TokenEntry } from './types.js'

/** A bound on what the action reads into memory from a user's list. */
export const MAX_TOKENS_FILE_BYTES = 16 * 1024 * 1024

const READ_CHUNK_BYTES = 1024 * 1024

/**
 * The file's text, refused when over the bound. The size is checked before reading, and the
 * read itself stops at the bound, so a file that grows meanwhile (or a pipe) is refused too.
 */
async function readBounded(input: string, file: string, displayName: string): Promise<string> {
  const tooLarge = (size?: number) =>
    new InputError(
      input,
      `${displayName} is larger than 16 MiB${size ? ` (${size} bytes)` : ''}, the most the action reads. Split the list over several steps.`
    )
  let handle: fs.promises.FileHandle
  try {
    handle = await fs.promises.open(file, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err)
    throw new InputError(input, `${displayName} cannot be opened (${code}). Check the path.`)
  }
  try {
    const { size } = await handle.stat()
    if (size > MAX_TOKENS_FILE_BYTES) throw tooLarge(size)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(READ_CHUNK_BYTES), 0)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > MAX_TOKENS_FILE_BYTES) throw tooLarge()
      chunks.push(buffer.subarray(0, bytesRead))
    }
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
  } finally {
    await handle.close()
  }
}

export async function readTokensFile(path: string, displayName: string): Promise<TokenEntry[]> {
  return parseTokens(await readBounded(Inputs.TokensFile, path, displayName), displayName)
}

function tokensError(message: string): InputError {
  return new InputError(Inputs.TokensFile, message)
}

function parseJson(text: string, where: string, hint: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw tokensError(`${where} is not valid JSON (${(err as Error).message}). ${hint}`)
  }
}

/** What a JSON value is, for messages. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/**
 * Detects the format: a JSON array (of strings, or of `{uploadToken, fileName?, description?}`),
 * JSON Lines of such objects, or text lines `token[<TAB>fileName[<TAB>description]]`.
 */
export function parseTokens(text: string, displayName: string): TokenEntry[] {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trimStart().startsWith('[')) {
    const parsed = parseJson(
      body,
      displayName,
      'A tokens file that starts with `[` is read as one JSON array.'
    )
    if (!Array.isArray(parsed)) throw tokensError(`${displayName} must be a JSON array.`)
    return parsed.map((value, i) => jsonEntry(value, `${displayName}[${i}]`))
  }

  const lines = body.split(/\r?\n/)
  const isJsonLines = lines.some((line) => line.trimStart().startsWith('{'))
  const entries: TokenEntry[] = []
  lines.forEach((line, i) => {
    const where = `${displayName}:${i + 1}`
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#')) return
    if (isJsonLines) {
      const hint =
        'In JSON Lines each line holds one whole object; for a multi-line document use a JSON array.'
      entries.push(jsonEntry(parseJson(trimmed, where, hint), where))
      return
    }
    const [token = '', fileName = '', ...rest] = line.split('\t')
    entries.push(
      checkedEntry(
        { uploadToken: token.trim(), fileName: fileName.trim(), description: rest.join('\t') },
        where,
        true
      )
    )
  })
  return entries
}

function jsonEntry(value: unknown, where: string): TokenEntry {
  if (typeof value === 'string') return checkedEntry({ uploadToken: value }, where, false)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw tokensError(
      `${where}: expected an upload token (a string) or an object with \`uploadToken\`, not ${kindOf(value)}.`
    )
  }
  const { uploadToken, fileName, description } = value as Record<string, unknown>
  if (uploadToken === undefined || uploadToken === null) {
    throw tokensError(
      `${where}: \`uploadToken\` is missing. Each object needs one; \`fileName\` and \`description\` are optional.`
    )
  }
  if (typeof uploadToken !== 'string') {
    throw tokensError(`${where}: \`uploadToken\` is ${kindOf(uploadToken)}; it must be a string.`)
  }
  // null is taken as absent: JSON writers often emit it for a missing optional field.
  for (const [key, field] of [
    ['fileName', fileName],
    ['description', description]
  ] as const) {
    if (field !== undefined && field !== null && typeof field !== 'string') {
      throw tokensError(`${where}: \`${key}\` is ${kindOf(field)}; it must be a string.`)
    }
  }
  return checkedEntry(
    {
      uploadToken,
      ...(typeof fileName === 'string' ? { fileName } : {}),
      ...(typeof description === 'string' ? { description } : {})
    },
    where,
    false
  )
}

function checkedEntry(
  fields: { uploadToken: string; fileName?: string; description?: string },
  where: string,
  textLine: boolean
): TokenEntry {
  const uploadToken = fields.uploadToken.trim()
  const description = fields.description?.trim()
  const { fileName } = fields
  if (!uploadToken) {
    throw tokensError(
      `${where}: the upload token is empty. Remove the entry, or check the step that writes the file.`
    )
  }
  if (/\s/.test(uploadToken)) {
    throw tokensError(
      `${where}: the upload token contains a space, which no upload token has.${textLine ? ' Separate the token, the file name and the description with a TAB.' : ''}`
    )
  }
  const nameLength = countCharacters(fileName ?? '')
  if (nameLength > MAX_FILE_NAME) {
    throw tokensError(
      `${where}: the file name is ${nameLength} characters long; Google Photos allows at most ${MAX_FILE_NAME}. Shorten it.`
    )
  }
  const descriptionLength = countCharacters(description ?? '')
  if (descriptionLength >= DESCRIPTION_LENGTH_LIMIT) {
    throw tokensError(
      `${where}: the description is ${descriptionLength} characters long; it must be under ${DESCRIPTION_LENGTH_LIMIT}. Shorten it.`
    )
  }
  return {
    uploadToken,
    ...(fileName ? { fileName } : {}),
    ...(description ? { description } : {}),
    source: where
  }
}

export async function readMediaItemIdsFile(path: string, displayName: string): Promise<string[]> {
  return parseMediaItemIdsFile(
    await readBounded(Inputs.MediaItemIdsFile, path, displayName),
    displayName
  )
}

/** A JSON array of ids, or one id a line (blank and `#` lines ignored). */
export function parseMediaItemIdsFile(text: string, displayName: string): string[] {
  const body = text.replace(/^\uFEFF/, '')
  const idsError = (message: string) => new InputError(Inputs.MediaItemIdsFile, message)
  const found: { id: string; where: string }[] = []
  if (body.trimStart().startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch (err) {
      throw idsError(`${displayName} is not valid JSON (${(err as Error).message}).`)
    }
    if (!Array.isArray(parsed)) throw idsError(`${displayName} must be a JSON array of strings.`)
    parsed.forEach((value: unknown, i) => {
      const where = `${displayName}[${i}]`
      if (typeof value !== 'string') {
        throw idsError(`${where}: expected a media item id (a string), not ${kindOf(value)}.`)
      }
      found.push({ id: value.trim(), where })
    })
  } else {
    body.split(/\r?\n/).forEach((line, i) => {
      const id = line.trim()
      if (id && !id.startsWith('#')) found.push({ id, where: `${displayName}:${i + 1}` })
    })
  }
  for (const { id, where } of found) {
    if (!ID_PATTERN.test(id)) {
      throw idsError(
        `${where}: "${id.slice(0, 80)}" is not a media item id (letters, digits, \`-\` and \`_\` only). Write one id a line, or a JSON array of strings.`
      )
    }
  }
  return found.map(({ id }) => id)
}
