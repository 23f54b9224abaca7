/** Chunking into batchCreate calls, and album positions across batches. */
import type { AlbumPosition } from './photos/types.js'
import type { AlbumPositionName } from './types.js'

/** batchCreate takes at most 50 items a call. */
export const MAX_BATCH_SIZE = 50

export function chunk<T>(items: readonly T[], size = MAX_BATCH_SIZE): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export interface Placement {
  position: AlbumPositionName
  relativeItemId?: string
}

/**
 * Where the next batch goes. Each batch is inserted at its position in request order,
 * so for FIRST_IN_ALBUM and the AFTER_… positions a later batch must follow the last
 * item created before it; until anything is created, the user's position holds.
 * LAST_IN_ALBUM keeps input order by itself.
 */
export function positionFor(
  placement: Placement,
  lastCreatedId: string | undefined
): AlbumPosition {
  if (placement.position === 'LAST_IN_ALBUM') return { position: 'LAST_IN_ALBUM' }
  if (lastCreatedId !== undefined) {
    return { position: 'AFTER_MEDIA_ITEM', relativeMediaItemId: lastCreatedId }
  }
  switch (placement.position) {
    case 'FIRST_IN_ALBUM':
      return { position: 'FIRST_IN_ALBUM' }
    case 'AFTER_MEDIA_ITEM':
      return { position: 'AFTER_MEDIA_ITEM', relativeMediaItemId: placement.relativeItemId }
    case 'AFTER_ENRICHMENT_ITEM':
      return {
        position: 'AFTER_ENRICHMENT_ITEM',
        relativeEnrichmentItemId: placement.relativeItemId
      }
  }
}

/** A readable position for logs and the summary. */
export function describePosition(position: AlbumPosition | undefined): string {
  if (!position) return 'no album'
  switch (position.position) {
    case 'LAST_IN_ALBUM':
      return 'last in album'
    case 'FIRST_IN_ALBUM':
      return 'first in album'
    case 'AFTER_MEDIA_ITEM':
      return `after media item ${position.relativeMediaItemId ?? ''}`
    case 'AFTER_ENRICHMENT_ITEM':
      return `after enrichment ${position.relativeEnrichmentItemId ?? ''}`
  }
}
