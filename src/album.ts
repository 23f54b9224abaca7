/**
 * The target album: checked by id, or found (or made) by title; and what its items say of
 * the run's (`skip-existing`, the relative item).
 */
import * as core from '@actions/core'
import { errorMessage, InputError } from './errors.js'
import type { PhotosClient } from './photos/client.js'
import { ConnectionError, PhotosApiError, StoppedError } from './photos/errors.js'
import type { Album, MediaItem } from './photos/types.js'
import type { AlbumInfo, Config, ItemResult } from './types.js'

export interface ResolvedAlbum {
  info: AlbumInfo
  /** Media items the album held before the run, when the API said (see lost-batch.ts). */
  itemsBefore: number | undefined
}

/**
 * Resolves `album-id` or `album-title`. Reads only, except that a missing titled album
 * is created, and not even that in a dry run.
 */
export async function resolveAlbum(
  client: PhotosClient,
  config: Config
): Promise<ResolvedAlbum | null> {
  if (config.albumId) {
    try {
      const album = await client.getAlbum(config.albumId)
      return {
        info: { id: album.id, title: album.title, url: album.productUrl },
        itemsBefore: itemCount(album)
      }
    } catch (err) {
      if (err instanceof PhotosApiError && (err.httpStatus === 404 || err.httpStatus === 400)) {
        throw new InputError(
          'album-id',
          `no album with id ${config.albumId} is visible to this OAuth client. The Library API ` +
            'can only use albums that this same client created; use `album-title` to let the ' +
            'action create one and reuse it on later runs.'
        )
      }
      throw err
    }
  }
  if (config.albumTitle === undefined) return null
  const title = config.albumTitle
  const matches = (await client.listAlbums()).filter((a) => a.title === title)
  if (matches.length > 1) {
    core.warning(
      `${matches.length} app-created albums are titled "${title}"; using the first, ${matches[0]?.id}.`
    )
  }
  const found = matches[0]
  if (found) {
    core.info(`Using the existing album "${title}" (${found.id}${itemCountText(found)}).`)
    return {
      info: { id: found.id, title: found.title, url: found.productUrl, created: false },
      itemsBefore: itemCount(found)
    }
  }
  if (config.position === 'AFTER_MEDIA_ITEM' || config.position === 'AFTER_ENRICHMENT_ITEM') {
    // Known now, before the album is made and anything uploaded: the first batchCreate
    // would be refused, and the run would stop with the album made and the bytes sent.
    const what = config.position === 'AFTER_MEDIA_ITEM' ? 'media item' : 'enrichment'
    const a = what === 'media item' ? 'a' : 'an'
    throw new InputError(
      'relative-item-id',
      `names ${a} ${what} to place items after, but no album is titled "${title}": this run ` +
        `would create it empty, so the ${what} cannot be in it. Leave \`position\` and ` +
        '`relative-item-id` out of the run that creates the album, or give the `album-id` ' +
        `of an album that holds the ${what}.`
    )
  }
  if (config.dryRun) {
    core.info(`Dry run: the album "${title}" does not exist yet and would be created.`)
    return { info: { id: '', title, created: true }, itemsBefore: 0 }
  }
  const album = await createAlbumOnce(client, title)
  core.info(`Created the album "${title}" (${album.id}).`)
  return {
    info: { id: album.id, title: album.title ?? title, url: album.productUrl, created: true },
    itemsBefore: 0
  }
}

/**
 * `mediaItemsCount`, or undefined when the answer leaves it out: a missing count is not
 * taken for 0, since the lookup after a lost answer trusts it as a bound.
 */
function itemCount(album: Album): number | undefined {
  const count = album.mediaItemsCount
  return count !== undefined && /^\d+$/.test(count) ? Number(count) : undefined
}

/** ", 12 items". The API leaves `mediaItemsCount` out of an empty album. */
function itemCountText(album: Album): string {
  const n = Number(album.mediaItemsCount ?? 0)
  return `, ${n} item${n === 1 ? '' : 's'}`
}

/**
 * albums.create is not idempotent: when its answer is lost, look for the album before
 * creating it again, so that a retry cannot leave two albums of the same title.
 */
async function createAlbumOnce(client: PhotosClient, title: string): Promise<Album> {
  try {
    return await client.createAlbum(title)
  } catch (err) {
    if (err instanceof StoppedError && err.sent) {
      // Abandoned on its way (a cancellation's grace ran out): the album may be there.
      core.warning(
        `albums.create for "${title}" was sent, but the run stopped before its answer came: the album may exist. A re-run with the same \`album-title\` finds it rather than making another.`
      )
    }
    const lost =
      err instanceof ConnectionError || (err instanceof PhotosApiError && err.isTransient)
    if (!lost) throw err
    core.info(`albums.create answer lost (${errorMessage(err)}); checking whether the album exists`)
    const made = (await client.listAlbums()).find((a) => a.title === title)
    return made ?? (await client.createAlbum(title))
  }
}

/** File names of an album's media items, each with its media items in album order. */
function namesOf(inAlbum: MediaItem[]): Map<string, MediaItem[]> {
  const names = new Map<string, MediaItem[]>()
  for (const item of inAlbum) {
    if (!item.filename) continue
    const same = names.get(item.filename)
    if (same) same.push(item)
    else names.set(item.filename, [item])
  }
  return names
}

/** `relative-item-id` must be in the album: every batch is placed after it until one item is made. */
export function checkRelativeItem(config: Config, inAlbum: MediaItem[]): void {
  const id = config.relativeItemId
  if (!id || inAlbum.some((item) => item.id === id)) return
  throw new InputError(
    'relative-item-id',
    `${id} is not in the album (${inAlbum.length} media item(s) listed), so no item could be ` +
      'placed after it. Check that the id is in the album and was made by this OAuth client.'
  )
}

/**
 * Items whose file name is in the album are skipped. Each album item stands for one input
 * item of its name, in input order and album order: two files of one name (`2019/IMG_0001.jpg`
 * and `2020/IMG_0001.jpg`) need two such items, so a run that made only the first skips
 * only the first. Batches keep input order in the album, so the k-th input of a name meets
 * the item the k-th was made as.
 */
export function skipExisting(inAlbum: MediaItem[], results: ItemResult[]): void {
  const names = namesOf(inAlbum)
  const taken = new Map<string, number>()
  const inputsOf = new Map<string, number>()
  let skipped = 0
  // Results are in input order.
  for (const r of results) {
    if (r.outcome !== 'planned' || !r.fileName) continue
    inputsOf.set(r.fileName, (inputsOf.get(r.fileName) ?? 0) + 1)
    const k = taken.get(r.fileName) ?? 0
    const existing = names.get(r.fileName)?.[k]
    if (existing === undefined) continue
    taken.set(r.fileName, k + 1)
    r.outcome = 'skipped'
    r.status = { code: 0, message: `Already in the album as ${existing.id}` }
    r.mediaItemId = existing.id
    if (existing.productUrl) r.productUrl = existing.productUrl
    skipped++
  }
  core.info(`skip-existing: ${names.size} file name(s) in the album; ${skipped} item(s) skipped.`)
  const shared = [...inputsOf].filter(([, n]) => n > 1)
  if (shared.length > 0) {
    const [name, n] = shared[0] ?? ['', 0]
    const others = shared.length - 1
    core.info(
      `skip-existing: ${shared.length} file name(s) are given to more than one item (${JSON.stringify(name)} ${n} times${others > 0 ? `, and ${others} other name(s)` : ''}): ` +
        'each album item of a name stands for one of them, in input order.'
    )
  }
}
