/** Local files: globs in order, and the checks that run before any quota is spent. */
import type { Mime } from 'mime'
import fs from 'node:fs'
import path from 'node:path'
import { setImmediate } from 'node:timers/promises'
import { countCharacters } from './inputs.js'
import { realOrSelf } from './paths.js'

export interface LocalFile {
  index: number
  /** Absolute path. */
  path: string
  /** Path relative to the workspace, for the report. */
  source: string
  /** Base name, given to batchCreate. */
  fileName: string
  size: number
  mimeType?: string
  kind?: 'photo' | 'video'
  /** Why it will not be uploaded. */
  rejection?: string
  /** A release asset: its bytes are downloaded to `path` just before the upload. */
  releaseAsset?: { id: number }
}

export const MAX_PHOTO_BYTES = 200 * 1024 * 1024
export const MAX_VIDEO_BYTES = 20 * 1024 * 1024 * 1024
export const MAX_FILE_NAME = 255
/** Matches between two turns of the event loop during a walk. */
const YIELD_EVERY = 100

/**
 * The extensions of the types Google Photos accepts, as the `mime` database maps them (a
 * test checks each against it), and the camera formats that the database lacks: RAW stills
 * and camcorder containers. A name with one of these extensions is typed without the
 * database; `mime` builds its database as it loads, and it is needed only to name the type
 * of a file that is refused (300 PNGs, from the end of the walk to the files checked: 16–30
 * ms with it, 8–14 ms without).
 */
export const ACCEPTED_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['avif', 'image/avif'],
  ['bmp', 'image/bmp'],
  ['dib', 'image/bmp'],
  ['gif', 'image/gif'],
  ['heic', 'image/heic'],
  ['heif', 'image/heif'],
  ['heics', 'image/heic-sequence'],
  ['heifs', 'image/heif-sequence'],
  ['ico', 'image/vnd.microsoft.icon'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['jpe', 'image/jpeg'],
  ['jfif', 'image/pjpeg'],
  ['png', 'image/png'],
  ['tif', 'image/tiff'],
  ['tiff', 'image/tiff'],
  ['webp', 'image/webp'],
  ['dng', 'image/x-adobe-dng'],
  ['3gp', 'video/3gpp'],
  ['3gpp', 'video/3gpp'],
  ['3g2', 'video/3gpp2'],
  ['asf', 'video/x-ms-asf'],
  ['asx', 'video/x-ms-asf'],
  ['avi', 'video/x-msvideo'],
  ['m2t', 'video/mp2t'],
  ['m2ts', 'video/mp2t'],
  ['mts', 'video/mp2t'],
  ['m4v', 'video/x-m4v'],
  ['mkv', 'video/x-matroska'],
  ['mk3d', 'video/x-matroska'],
  ['mks', 'video/x-matroska'],
  ['qt', 'video/quicktime'],
  ['mov', 'video/quicktime'],
  ['mp4', 'video/mp4'],
  ['mp4v', 'video/mp4'],
  ['mpg4', 'video/mp4'],
  ['mpeg', 'video/mpeg'],
  ['mpg', 'video/mpeg'],
  ['mpe', 'video/mpeg'],
  ['m1v', 'video/mpeg'],
  ['m2v', 'video/mpeg'],
  ['wmv', 'video/x-ms-wmv'],
  // Not in the database.
  ['cr2', 'image/x-canon-cr2'],
  ['cr3', 'image/x-canon-cr3'],
  ['crw', 'image/x-canon-crw'],
  ['nef', 'image/x-nikon-nef'],
  ['nrw', 'image/x-nikon-nrw'],
  ['arw', 'image/x-sony-arw'],
  ['sr2', 'image/x-sony-sr2'],
  ['srf', 'image/x-sony-srf'],
  ['raf', 'image/x-fuji-raf'],
  ['orf', 'image/x-olympus-orf'],
  ['rw2', 'image/x-panasonic-rw2'],
  ['pef', 'image/x-pentax-pef'],
  ['srw', 'image/x-samsung-srw'],
  ['kdc', 'image/x-kodak-kdc'],
  ['mrw', 'image/x-minolta-mrw'],
  ['x3f', 'image/x-sigma-x3f'],
  ['3fr', 'image/x-hasselblad-3fr'],
  ['rwl', 'image/x-leica-rwl'],
  ['divx', 'video/divx'],
  ['mmv', 'video/x-mmv'],
  ['mod', 'video/x-mod'],
  ['tod', 'video/x-tod']
])

/** The `mime` database, once a name needs it (see `loadFileTypes`). */
let database: Mime | undefined

/**
 * Loads the type database unless every one of `names` has an accepted type's extension
 * (with no names, always); `typeFromName` may then be asked about them.
 */
export async function loadFileTypes(names?: readonly string[]): Promise<void> {
  if (database || names?.every((name) => ACCEPTED_EXTENSIONS.has(extensionOf(name) ?? ''))) {
    return
  }
  database ??= (await import('mime')).default
}

/** The extension that `mime` would look up for a name (its `getType` rules), lower case. */
function extensionOf(name: string): string | undefined {
  const last = name.replace(/^.*[/\\]/s, '').toLowerCase()
  const ext = last.replace(/^.*\./s, '')
  const hasDot = ext.length < last.length - 1
  return !hasDot && last.length < name.length ? undefined : ext
}

/**
 * What Google Photos accepts (its help page "File types you can upload"): photos AVIF,
 * BMP, GIF, HEIC, ICO, JPG, PNG, TIFF, WEBP and RAW; videos 3GP, 3G2, ASF, AVI, DIVX,
 * M2T, M2TS, M4V, MKV, MMV, MOD, MOV, MP4, MPG, MTS, TOD, WMV.
 */
const PHOTO_TYPES = new Set([
  'image/avif',
  'image/bmp',
  'image/x-ms-bmp',
  'image/gif',
  'image/heic',
  'image/heif',
  'image/heic-sequence',
  'image/heif-sequence',
  'image/vnd.microsoft.icon',
  'image/x-icon',
  'image/jpeg',
  'image/pjpeg',
  'image/png',
  'image/tiff',
  'image/webp',
  'image/x-adobe-dng',
  'image/x-canon-cr2',
  'image/x-canon-cr3',
  'image/x-canon-crw',
  'image/x-nikon-nef',
  'image/x-nikon-nrw',
  'image/x-sony-arw',
  'image/x-sony-sr2',
  'image/x-sony-srf',
  'image/x-fuji-raf',
  'image/x-olympus-orf',
  'image/x-panasonic-rw2',
  'image/x-pentax-pef',
  'image/x-samsung-srw',
  'image/x-kodak-kdc',
  'image/x-minolta-mrw',
  'image/x-sigma-x3f',
  'image/x-hasselblad-3fr',
  'image/x-leica-rwl'
])
const VIDEO_TYPES = new Set([
  'video/3gpp',
  'video/3gpp2',
  'video/x-ms-asf',
  'video/x-msvideo',
  'video/divx',
  'video/mp2t',
  'video/x-m4v',
  'video/x-matroska',
  'video/x-mmv',
  'video/x-mod',
  'video/quicktime',
  'video/mp4',
  'video/mpeg',
  'video/x-tod',
  'video/x-ms-wmv'
])
/**
 * `.ts` shares video/mp2t with M2T, M2TS and MTS, but Google Photos does not list it, and
 * in a repository it is far more often TypeScript than video.
 */
const NOT_ACCEPTED_EXTENSIONS = new Set(['.ts'])

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`
}

/**
 * The extension says nothing of the type: there is none, the database does not know it,
 * or it names only "some bytes". Such a file's type is read from its content.
 */
export function typeFromName(fileName: string): string | undefined {
  const accepted = ACCEPTED_EXTENSIONS.get(extensionOf(fileName) ?? '')
  if (accepted) return accepted
  if (!database) throw new Error('typeFromName before loadFileTypes')
  const type = database.getType(fileName)
  return type && type !== 'application/octet-stream' ? type : undefined
}

/** As many bytes as `file-type` itself samples from a stream (its `sampleSize` default). */
const CONTENT_SAMPLE_BYTES = 4100

/**
 * The type that the first bytes of a file show (magic numbers, via `file-type`), or
 * undefined when they show none it knows. Reads only those bytes.
 */
export async function typeFromContent(file: string): Promise<string | undefined> {
  const handle = await fs.promises.open(file, 'r')
  try {
    const head = Buffer.alloc(CONTENT_SAMPLE_BYTES)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    // Loaded here: only files whose name says nothing need it.
    const { fileTypeFromBuffer } = await import('file-type')
    return (await fileTypeFromBuffer(head.subarray(0, bytesRead)))?.mime
  } finally {
    await handle.close()
  }
}

/** True for the image and video types Google Photos accepts. */
export function isAcceptedType(mimeType: string): boolean {
  return PHOTO_TYPES.has(mimeType) || VIDEO_TYPES.has(mimeType)
}

/**
 * Type, kind and the reason a file cannot be accepted, if any. Pure: `contentType` is
 * what the file's bytes showed, asked for only when its name says nothing.
 */
export function checkFile(
  fileName: string,
  size: number,
  contentType?: string
): { mimeType?: string; kind?: 'photo' | 'video'; rejection?: string } {
  const ext = path.extname(fileName).toLowerCase()
  const mimeType = typeFromName(fileName) ?? contentType
  const kind: 'photo' | 'video' | undefined =
    !mimeType || NOT_ACCEPTED_EXTENSIONS.has(ext)
      ? undefined
      : PHOTO_TYPES.has(mimeType)
        ? 'photo'
        : VIDEO_TYPES.has(mimeType)
          ? 'video'
          : undefined
  const base = { ...(mimeType ? { mimeType } : {}), ...(kind ? { kind } : {}) }
  if (!kind) {
    const what = NOT_ACCEPTED_EXTENSIONS.has(ext)
      ? `${ext} files`
      : (mimeType ?? `unknown type${ext ? ` ${ext}` : ''}`)
    return {
      ...base,
      rejection: `not a type Google Photos accepts (${what}); it takes photos and videos`
    }
  }
  const nameLength = countCharacters(fileName)
  if (nameLength > MAX_FILE_NAME) {
    return {
      ...base,
      rejection: `the file name is ${nameLength} characters; Google Photos allows at most ${MAX_FILE_NAME}`
    }
  }
  if (size === 0) return { ...base, rejection: 'the file is empty' }
  if (kind === 'photo' && size > MAX_PHOTO_BYTES) {
    return { ...base, rejection: `too large: ${formatSize(size)}, photos may be up to 200 MB` }
  }
  if (kind === 'video' && size > MAX_VIDEO_BYTES) {
    return { ...base, rejection: `too large: ${formatSize(size)}, videos may be up to 20 GB` }
  }
  return base
}

/**
 * Patterns in the order given; the matches of one pattern sorted by path; a file matched
 * twice is taken once, at its first place; `!pattern` lines exclude.
 */
export async function expandFiles(
  patterns: string[],
  opts: {
    workspace: string
    /** Called once, as soon as the walk finds a file (which will be among the results). */
    onFirstFile?: () => void
    /** A path never taken: the report this run writes (a glob such as `out/**` finds the last one). */
    leaveOut?: string
  }
): Promise<{ files: LocalFile[]; warnings: string[]; hints: string[]; leftOut: boolean }> {
  let onFirstFile = opts.onFirstFile
  const files: LocalFile[] = []
  const warnings: string[] = []
  /** For patterns that matched nothing: what they were probably meant to say. */
  const hints: string[] = []
  const seen = new SeenFiles()
  let leftOut = false
  const absolute = (pattern: string) =>
    path.isAbsolute(pattern) ? pattern : path.join(opts.workspace, pattern)
  // `!pattern` lines exclude from every pattern, wherever they stand.
  const exclusions = patterns
    .filter((p) => p.startsWith('!'))
    .map((p) => `!${absolute(p.slice(1).trim())}`)
  // Loaded here, so that a run of upload tokens alone does not pay for it at start.
  const glob = await import('@actions/glob')
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue
    const globber = await glob.create([absolute(pattern), ...exclusions].join('\n'), {
      implicitDescendants: false,
      matchDirectories: false,
      followSymbolicLinks: true
    })
    const matches: Match[] = []
    // The walk is synchronous (patched: its calls are, and an async generator cost a
    // promise and several turns of the event loop for each entry); it pauses below. Each
    // match comes with the stat the walk made of it (of a link's target): the size and the
    // kind of file are read from it, not from a second stat.
    for (const [match, stat] of globber.globEntries()) {
      // Only what is used of the stat: 300 whole ones, kept to the end of the walk, made
      // the walk slower by about what the second stats had cost.
      const isFile = stat.isFile()
      matches.push({ match, isFile, size: stat.size, dev: stat.dev, ino: stat.ino })
      // The first file of the first pattern that matches one: it is added below.
      if (onFirstFile && isFile && match !== opts.leaveOut) {
        onFirstFile()
        onFirstFile = undefined
        // The walk's calls are synchronous: a turn of the event loop now and then lets
        // the requests sent meanwhile connect and go out.
        await setImmediate()
      } else if (matches.length % YIELD_EVERY === 0) await setImmediate()
    }
    matches.sort((a, b) => (a.match < b.match ? -1 : a.match > b.match ? 1 : 0))
    await loadFileTypes(matches.map(({ match }) => path.basename(match)))
    let added = 0
    for (const found of matches) {
      const { match, size } = found
      if (seen.has(found)) continue
      if (!found.isFile) continue
      if (match === opts.leaveOut) {
        leftOut = true
        continue
      }
      const fileName = path.basename(match)
      const contentType =
        typeFromName(fileName) || size === 0 ? undefined : await typeFromContent(match)
      const check = checkFile(fileName, size, contentType)
      const rel = path.relative(opts.workspace, match)
      files.push({
        index: files.length,
        path: match,
        source: rel.startsWith('..') || path.isAbsolute(rel) ? match : rel,
        fileName,
        size,
        ...check
      })
      added++
    }
    if (added === 0 && matches.length === 0) {
      const hint = await hintFor(pattern, absolute(pattern))
      warnings.push(`No file matched the pattern "${pattern}"${hint ? `: ${hint}` : '.'}`)
      if (hint) hints.push(`"${pattern}": ${hint}`)
    }
  }
  return { files, warnings, hints, leftOut }
}

/** A path the walk matched, with what its stat said (of a link's target). */
interface Match {
  match: string
  isFile: boolean
  size: number
  dev: number
  ino: number
}

/**
 * The files taken so far, so that one matched twice (by two patterns, or through a link)
 * is taken once. Two paths are the same file when their real paths are; real paths are
 * resolved only for paths that share a device and inode, the only ones that can be the
 * same file (hard links share them too, and are kept apart, as their real paths differ).
 */
class SeenFiles {
  private readonly byInode = new Map<string, { paths: string[]; reals?: Set<string> }>()

  /** Whether the file was seen already; remembers it when not. */
  has({ match, dev, ino }: Match): boolean {
    const key = `${dev}:${ino}`
    const same = this.byInode.get(key)
    if (!same) {
      this.byInode.set(key, { paths: [match] })
      return false
    }
    // Synchronous, as the walk's calls: a trip to the thread pool for each cost five times
    // the CPU of the call itself.
    const reals = (same.reals ??= new Set(same.paths.map(realOrSelf)))
    const real = realOrSelf(match)
    if (reals.has(real)) return true
    reals.add(real)
    return false
  }
}

/** What a pattern that matched nothing was probably meant to say, if that can be told. */
async function hintFor(pattern: string, absolutePattern: string): Promise<string | undefined> {
  const stat = await fs.promises.stat(absolutePattern).catch(() => undefined)
  if (stat?.isDirectory()) {
    const dir = pattern.replace(/[\\/]+$/, '')
    return `it is a directory. Write \`${dir}/**\` for every file below it, or \`${dir}/*.png\` for some.`
  }
  const parts = pattern
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  if (parts.length > 1) {
    return `patterns go one a line, not separated by commas. Write ${parts.map((p) => `\`${p}\``).join(', ')} on lines of their own.`
  }
  return undefined
}
