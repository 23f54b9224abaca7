/** Upload tokens made elsewhere, and media item ids, read from users' files. */
import fs from 'node:fs'
import { InputError } from './errors.js'
import { MAX_FILE_NAME } from './files.js'
import { countCharacters, DESCRIPTION_LENGTH_LIMIT, ID_PATTERN, Inputs } from './inputs.js'
import { kindOf, parseIdArray, parseIdsOfReport } from './media-item-ids.js'
import type { TokenEntry } from './types.js'

/** A bound on what the action reads into memory from a user's list. */
export const MAX_TOKENS_FILE_BYTES = 16 * 1024 * 1024

const READ_CHUNK_BYTES = 1024 * 1024

/**
 * The file's text, refused when over the bound. The size is checked before reading, and the
 * read itself stops at the bound, so a file that grows meanwhile (or a pipe) is refused too.
 * Read synchronously: the list is needed before anything else can start, and the trips of
 * an asynchronous open, stat, reads and close through the thread pool took 2–14 ms (median
 * 7) for a list of 1,000 tokens in a fresh process, the same calls synchronously 0.4 ms.
 */
function readBounded(input: string, file: string, displayName: string): string {
  const tooLarge = (size?: number) =>
    new InputError(
      input,
      `${displayName} is larger than 16 MiB${size ? ` (${size} bytes)` : ''}, the most the action reads. Split the list over several steps.`
    )
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err)
    throw new InputError(input, `${displayName} cannot be opened (${code}). Check the path.`)
  }
  try {
    const { size } = fs.fstatSync(fd)
    if (size > MAX_TOKENS_FILE_BYTES) throw tooLarge(size)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES)
      const bytesRead = fs.readSync(fd, buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > MAX_TOKENS_FILE_BYTES) throw tooLarge()
      chunks.push(buffer.subarray(0, bytesRead))
    }
    return decodeListFile(Buffer.concat(chunks), input, displayName)
  } finally {
    fs.closeSync(fd)
  }
}

const WRITE_UTF8 =
  'Write it as UTF-8 (in PowerShell: `Out-File -Encoding utf8` or `Set-Content -Encoding utf8`).'

/**
 * The encodings a list is read in: UTF-8 with or without a byte order mark, and UTF-16
 * with one (Windows PowerShell 5.1's `>` writes UTF-16LE with a BOM). The decoder is fatal:
 * a byte sequence that is not valid in the encoding refuses the file instead of turning
 * into replacement characters that would go out as tokens.
 */
const BOMS: { bytes: number[]; encoding: string; name: string; read: boolean }[] = [
  // UTF-32 first: its little-endian mark starts like UTF-16LE's.
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be', name: 'UTF-32BE', read: false },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le', name: 'UTF-32LE', read: false },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', name: 'UTF-8 with a BOM', read: true },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', name: 'UTF-16LE', read: true },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', name: 'UTF-16BE', read: true }
]

/** Characters that no upload token, file name or id holds; TAB, LF and CR separate fields. */
// eslint-disable-next-line no-control-regex -- finding control characters is its purpose
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/

/** A list file's text, or an error on `input` that names the encoding found and the fix. */
export function decodeListFile(bytes: Uint8Array, input: string, displayName: string): string {
  const refuse = (found: string) =>
    new InputError(input, `${displayName} is ${found}. ${WRITE_UTF8}`)
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte))
  if (bom && !bom.read) throw refuse(`${bom.name} (by its byte order mark), which is not read`)
  const utf16 = bom ? undefined : utf16WithoutBom(bytes)
  if (utf16) {
    throw refuse(
      `${utf16} without a byte order mark, which cannot be told from binary data; UTF-16 is read only with one`
    )
  }
  const name = bom?.name ?? 'UTF-8'
  let text: string
  try {
    text = new TextDecoder(bom?.encoding ?? 'utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw refuse(
      bom
        ? `not valid ${bom.name}, though it starts with that byte order mark (an odd number of bytes, or an unpaired surrogate)`
        : 'not valid UTF-8: likely a legacy code page such as Windows-1252'
    )
  }
  const at = CONTROL_CHARACTER.exec(text)
  if (at) {
    const line = text.slice(0, at.index).split('\n').length
    const code = (at[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
    throw new InputError(
      input,
      `${displayName}:${line} holds the control character U+${code}, which no upload token, file name or id holds (the file was read as ${name}). Check the step that writes it; if it writes another encoding: ${WRITE_UTF8}`
    )
  }
  return text
}

/** UTF-16 text of mostly ASCII, without a BOM, has a NUL in every other byte. */
function utf16WithoutBom(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
  const n = Math.min(bytes.length, 4096)
  let even = 0
  let odd = 0
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue
    if (i % 2 === 0) even++
    else odd++
  }
  const pairs = n / 2
  if (odd > 0 && odd >= pairs / 2 && even === 0) return 'UTF-16LE'
  if (even > 0 && even >= pairs / 2 && odd === 0) return 'UTF-16BE'
  return undefined
}

export async function readTokensFile(path: string, displayName: string): Promise<TokenEntry[]> {
  return parseTokens(readBounded(Inputs.TokensFile, path, displayName), displayName)
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

/**
 * The fields of a token entry, by their names without case, `-`, `_` or spaces: a key such
 * as `filename` or `upload_token` is refused, since ignoring it would drop what it says (a
 * file name that `skip-existing` compares). Other keys are ignored.
 */
const MISSPELT_KEYS = new Map(
  ['uploadToken', 'fileName', 'description'].map((key) => [key.toLowerCase(), key])
)

function jsonEntry(value: unknown, where: string): TokenEntry {
  if (typeof value === 'string') return checkedEntry({ uploadToken: value }, where, false)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw tokensError(
      `${where}: expected an upload token (a string) or an object with \`uploadToken\`, not ${kindOf(value)}.`
    )
  }
  for (const key of Object.keys(value)) {
    const meant = MISSPELT_KEYS.get(key.replace(/[-_\s]/g, '').toLowerCase())
    if (meant && meant !== key) {
      throw tokensError(`${where}: \`${key}\` is not a field of a token entry; write \`${meant}\`.`)
    }
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
  if (CONTROL_CHARACTER.test(uploadToken)) {
    throw tokensError(
      `${where}: the upload token contains a control character, which no upload token has. Check the step that writes the file.`
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

export async function readMediaItemIdsFile(
  path: string,
  displayName: string
): Promise<(string | null)[]> {
  return parseMediaItemIdsFile(readBounded(Inputs.MediaItemIdsFile, path, displayName), displayName)
}

/**
 * A JSON array of ids (`null` for an item that failed upstream, as in the action's
 * `media-item-ids` output), one id a line (blank and `#` lines ignored), or a create step's JSON report.
 */
export function parseMediaItemIdsFile(text: string, displayName: string): (string | null)[] {
  const body = text.replace(/^\uFEFF/, '')
  const idsError = (message: string) => new InputError(Inputs.MediaItemIdsFile, message)
  const found: { id: string | null; where: string }[] = []
  if (body.trimStart().startsWith('[')) {
    found.push(...parseIdArray(body, displayName, idsError))
  } else if (body.trimStart().startsWith('{')) {
    found.push(...parseIdsOfReport(body, displayName, idsError))
  } else {
    body.split(/\r?\n/).forEach((line, i) => {
      const id = line.trim()
      if (id && !id.startsWith('#')) found.push({ id, where: `${displayName}:${i + 1}` })
    })
  }
  for (const { id, where } of found) {
    if (id !== null && !ID_PATTERN.test(id)) {
      throw idsError(
        `${where}: "${id.slice(0, 80)}" is not a media item id (letters, digits, \`-\` and \`_\` only). Write one id a line, or a JSON array of strings.`
      )
    }
  }
  return found.map(({ id }) => id)
}
