/** Dry run: the batches a run would make, and the API calls they would cost. */
import { chunk, MAX_BATCH_SIZE } from './batches.js'
import { idsToGet } from './get.js'
import type { SourceItem } from './items.js'
import type { SummaryPlan } from './report/summary.js'
import type { ItemResult } from './types.js'
import type { UploadOptions } from './upload.js'

export interface Plan extends SummaryPlan {
  /** Calls that change the library, or read it, that the run would make, by kind. */
  apiCalls: Record<string, number>
}

export function planCreate(
  items: SourceItem[],
  results: ItemResult[],
  opts: {
    hasAlbum: boolean
    firstPosition: string
    createAlbum: boolean
    upload: UploadOptions
    /** Read the created items back: one batchGet per 50 (fewer when Google de-duplicates). */
    verify: boolean
  }
): Plan {
  const pending = items.filter((item) => results[item.index]?.outcome === 'planned')
  const apiCalls: Record<string, number> = {}
  const add = (op: string, n: number) => {
    if (n > 0) apiCalls[op] = (apiCalls[op] ?? 0) + n
  }
  if (opts.createAlbum) add('albums.create', 1)
  for (const item of pending) {
    if (item.kind !== 'file') continue
    if (item.file.size < opts.upload.resumableThreshold) {
      add('upload', 1)
    } else {
      add('upload.start', 1)
      add('upload.chunk', Math.ceil(item.file.size / opts.upload.chunkSize))
    }
  }
  const batches = chunk(pending, MAX_BATCH_SIZE).map((batch, i) => {
    for (const item of batch) {
      const r = results[item.index]
      if (r) r.batch = i + 1
    }
    return {
      number: i + 1,
      size: batch.length,
      position: !opts.hasAlbum
        ? 'no album'
        : i === 0
          ? opts.firstPosition
          : `after the last item created by batch ${i}`,
      firstIndex: batch[0]?.index ?? 0,
      lastIndex: batch[batch.length - 1]?.index ?? 0
    }
  })
  add('batchCreate', batches.length)
  if (opts.verify) add('batchGet', batches.length)
  return { batches, apiCalls }
}

export function planGet(results: ItemResult[]): Plan {
  const distinct = idsToGet(results)
  const batches = chunk(distinct, MAX_BATCH_SIZE).map((ids, i) => ({
    number: i + 1,
    size: ids.length,
    position: 'batchGet',
    firstIndex: i * MAX_BATCH_SIZE,
    lastIndex: i * MAX_BATCH_SIZE + ids.length - 1
  }))
  return { batches, apiCalls: { batchGet: batches.length } }
}
