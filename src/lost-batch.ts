/**
 * Finding, in the album, the items of a batch whose batchCreate answer was lost.
 *
 * Two facts place them. A batch is inserted whole at its position, in request order
 * (items that failed are left out), so its new items sit side by side right after the
 * item it was placed after (first in the album, or last). And the album grew by exactly
 * those items: its media items now, less the ones this run created before the batch, less
 * the ones it held before the run, is how many the batch made. That bound is what keeps
 * an older item of the same file name (from an earlier run, say) from ever being claimed.
 *
 * The new items are then matched to the batch by file name, in order. An item is claimed
 * only when every way of matching gives it the same place; anything less certain is left
 * for the caller to report as "may exist".
 */
import type { AlbumPosition, MediaItem } from './photos/types.js'

export interface LostBatchLookup {
  /** The album's media items now, in album order. */
  album: readonly MediaItem[]
  /** Media items the album held before the run. */
  itemsBefore: number
  /** Media items this run created before the batch. */
  createdBefore: ReadonlySet<string>
  /** Where the batch was sent. */
  position: AlbumPosition
  /** The batch's file names, in request order (undefined: the item was sent without one). */
  fileNames: readonly (string | undefined)[]
}

/** What became of one item of the batch. */
export type LostItemFinding =
  | { kind: 'found'; mediaItem: MediaItem }
  /** A new item at the batch's place may be this one, or another of the same file name. */
  | { kind: 'ambiguous' }
  /** No new item at the batch's place can be this one. */
  | { kind: 'absent' }

export type LostBatchMatch =
  | {
      kind: 'placed'
      items: LostItemFinding[]
      /** The last new item at the batch's place: the next batch goes after it. */
      last: string | undefined
    }
  /** The album cannot tell: the reason, to complete "… but …". */
  | { kind: 'unclear'; reason: string }

export function matchLostBatch(lookup: LostBatchLookup): LostBatchMatch {
  const { album, createdBefore, fileNames } = lookup
  let others = 0
  for (const item of album) if (!createdBefore.has(item.id)) others++
  const made = others - lookup.itemsBefore
  const absent = (): LostBatchMatch => ({
    kind: 'placed',
    items: fileNames.map(() => ({ kind: 'absent' })),
    last: undefined
  })
  if (made === 0) return absent()
  if (made < 0) return { kind: 'unclear', reason: 'items were taken out of it during the run' }
  if (made > fileNames.length) {
    return {
      kind: 'unclear',
      reason: `it grew by ${made} items, more than the batch holds: something else adds to it`
    }
  }

  const start = windowStart(lookup.position, album, made)
  if (typeof start === 'string') return { kind: 'unclear', reason: start }
  const window = album.slice(start, start + made)
  if (window.length < made || window.some((item) => createdBefore.has(item.id))) {
    return { kind: 'unclear', reason: "its new items are not side by side at the batch's place" }
  }

  const fits = (j: number, b: number) => {
    const name = fileNames[b]
    return name === undefined || window[j]?.filename === name
  }
  // The earliest and the latest batch item each new item can stand for, in any matching.
  const earliest: number[] = []
  for (let j = 0, b = 0; j < window.length; j++, b++) {
    while (b < fileNames.length && !fits(j, b)) b++
    if (b === fileNames.length) {
      return {
        kind: 'unclear',
        reason: "the new items at the batch's place do not match its file names"
      }
    }
    earliest.push(b)
  }
  const latest: number[] = new Array<number>(window.length)
  for (let j = window.length - 1, b = fileNames.length - 1; j >= 0; j--, b--) {
    while (!fits(j, b)) b--
    latest[j] = b
  }

  const items: LostItemFinding[] = fileNames.map(() => ({ kind: 'absent' }))
  // A new item whose earliest and latest places agree stands for that batch item in every
  // matching; one named by the API but sent without a name is never claimed.
  window.forEach((mediaItem, j) => {
    const b = earliest[j] ?? -1
    if (b === latest[j] && fileNames[b] !== undefined) items[b] = { kind: 'found', mediaItem }
  })
  window.forEach((_, j) => {
    for (let b = earliest[j] ?? 0; b <= (latest[j] ?? -1); b++) {
      if (fits(j, b) && items[b]?.kind === 'absent') items[b] = { kind: 'ambiguous' }
    }
  })
  return { kind: 'placed', items, last: window.at(-1)?.id }
}

/** Where the batch's new items start in the album, or why that cannot be seen. */
function windowStart(
  position: AlbumPosition,
  album: readonly MediaItem[],
  made: number
): number | string {
  switch (position.position) {
    case 'FIRST_IN_ALBUM':
      return 0
    case 'LAST_IN_ALBUM':
      return album.length - made
    case 'AFTER_MEDIA_ITEM': {
      const i = album.findIndex((item) => item.id === position.relativeMediaItemId)
      return i < 0 ? 'the item the batch was placed after is no longer in it' : i + 1
    }
    case 'AFTER_ENRICHMENT_ITEM':
      return 'a listing of its media items does not show where the enrichment stands'
  }
}
