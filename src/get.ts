/**
 * `get` mode: batchGet of distinct ids in calls of at most 50, mapped back to input order.
 * Items skipped already (a `null` id from upstream) cost no call.
 */
import { chunk, MAX_BATCH_SIZE } from './batches.js'
import type { PhotosClient } from './photos/client.js'
import { PhotosApiError } from './photos/errors.js'
import type { MediaItem, Status } from './photos/types.js'
import type { ItemResult } from './types.js'

/** Ids to read: distinct, of the items still planned. */
export function idsToGet(results: readonly ItemResult[]): string[] {
  return [...new Set(results.filter((r) => r.outcome === 'planned').map((r) => r.source))]
}

/** One id's batchGet answer: the media item, or the status that says why not. */
export interface BatchGetAnswer {
  mediaItem?: MediaItem
  status?: Status
}

/** batchGet calls that reading `ids` costs: one per 50 distinct ids. */
export function batchGetCalls(ids: readonly string[]): number {
  return Math.ceil(new Set(ids).size / MAX_BATCH_SIZE)
}

/**
 * Reads the distinct `ids` with batchGet, at most 50 a call, in order. After each call,
 * `onCall` gets that call's answers, by id (only those: a run of n ids costs O(n), not
 * O(n²)).
 */
export async function batchGetAll(
  client: PhotosClient,
  ids: readonly string[],
  onCall: (answers: ReadonlyMap<string, BatchGetAnswer>) => Promise<void>
): Promise<void> {
  for (const part of chunk([...new Set(ids)], MAX_BATCH_SIZE)) {
    const answers = new Map<string, BatchGetAnswer>()
    await readInto(client, part, answers)
    await onCall(answers)
  }
}

/** The items under each id, in input order: what a batchGet answer applies to. */
export function itemsById<T>(items: readonly T[], id: (item: T) => string): Map<string, T[]> {
  const byId = new Map<string, T[]>()
  for (const item of items) {
    const same = byId.get(id(item))
    if (same) same.push(item)
    else byId.set(id(item), [item])
  }
  return byId
}

/** What Google reports about an item: its type, size, creation time and video status. */
export function applyMetadata(r: ItemResult, item: MediaItem): void {
  if (item.mimeType) r.mimeType = item.mimeType
  if (item.mediaMetadata) r.mediaMetadata = item.mediaMetadata
  const videoStatus = item.mediaMetadata?.video?.status
  if (videoStatus) r.videoStatus = videoStatus
}

/** Fills `results` (one per input id, duplicates included) from batchGet answers. */
export async function getItems(
  client: PhotosClient,
  results: ItemResult[],
  onProgress: () => Promise<void>
): Promise<void> {
  const planned = itemsById(
    results.filter((r) => r.outcome === 'planned'),
    (r) => r.source
  )
  await batchGetAll(client, [...planned.keys()], async (answers) => {
    for (const [id, answer] of answers) for (const r of planned.get(id) ?? []) apply(r, answer)
    await onProgress()
  })
}

/**
 * One batchGet. Google refuses the whole call (400 "Request contains an invalid media item
 * id.") when one id is not this client's: the ids are then split in halves until the bad
 * ones stand alone, so that the others are still read.
 */
async function readInto(client: PhotosClient, ids: string[], answers: Map<string, BatchGetAnswer>) {
  try {
    const got = await client.batchGet(ids)
    ids.forEach((id, i) => answers.set(id, got[i] ?? {}))
  } catch (err) {
    if (!(err instanceof PhotosApiError && err.isInvalidMediaItemId)) throw err
    if (ids.length === 1) {
      answers.set(ids[0] ?? '', { status: { code: 3, message: err.message } })
      return
    }
    const half = Math.ceil(ids.length / 2)
    await readInto(client, ids.slice(0, half), answers)
    await readInto(client, ids.slice(half), answers)
  }
}

function apply(r: ItemResult, answer: BatchGetAnswer): void {
  const item = answer.mediaItem
  if (item?.id) {
    r.outcome = 'found'
    r.status = { code: 0, message: 'Found' }
    r.mediaItemId = item.id
    r.fileName = item.filename
    r.productUrl = item.productUrl
    if (item.description) r.description = item.description
    applyMetadata(r, item)
    return
  }
  r.outcome = 'failed'
  r.status = {
    code: answer.status?.code ?? 5,
    message: answer.status?.message ?? 'Missing from the batchGet response.'
  }
}
