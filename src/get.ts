/** `get` mode: batchGet of distinct ids in calls of at most 50, mapped back to input order. */
import { chunk, MAX_BATCH_SIZE } from './batches.js'
import type { PhotosClient } from './photos/client.js'
import type { MediaItem, Status } from './photos/types.js'
import type { ItemResult } from './types.js'

/** Fills `results` (one per input id, duplicates included) from batchGet answers. */
export async function getItems(
  client: PhotosClient,
  results: ItemResult[],
  onProgress: () => Promise<void>
): Promise<void> {
  const distinct = [...new Set(results.map((r) => r.source))]
  const answers = new Map<string, { mediaItem?: MediaItem; status?: Status }>()
  for (const ids of chunk(distinct, MAX_BATCH_SIZE)) {
    const got = await client.batchGet(ids)
    ids.forEach((id, i) => answers.set(id, got[i] ?? {}))
    for (const r of results) {
      const answer = answers.get(r.source)
      if (answer && r.outcome === 'planned') apply(r, answer)
    }
    await onProgress()
  }
}

function apply(r: ItemResult, answer: { mediaItem?: MediaItem; status?: Status }): void {
  const item = answer.mediaItem
  if (item?.id) {
    r.outcome = 'found'
    r.status = { code: 0, message: 'Found' }
    r.mediaItemId = item.id
    r.fileName = item.filename
    r.productUrl = item.productUrl
    r.mimeType = item.mimeType
    if (item.description) r.description = item.description
    r.mediaMetadata = item.mediaMetadata
    const videoStatus = item.mediaMetadata?.video?.status
    if (videoStatus) r.videoStatus = videoStatus
    return
  }
  r.outcome = 'failed'
  r.status = {
    code: answer.status?.code ?? 5,
    message: answer.status?.message ?? 'Missing from the batchGet response.'
  }
}
