/**
 * Uploads and creation as one pipeline: bytes go up `concurrency` files at a time, in
 * input order, while batches are created one at a time, in input order, as soon as
 * each batch's uploads are done.
 */
import * as core from '@actions/core'
import { setImmediate } from 'node:timers/promises'
import { setImmediate as nextTurn } from 'node:timers'
import pLimit from 'p-limit'
import { MAX_BATCH_SIZE } from './batches.js'
import { Creator, isFatal, statusOfError, type CreateItem } from './create.js'
import type { LocalFile } from './files.js'
import type { SourceItem } from './items.js'
import type { PhotosClient } from './photos/client.js'
import { StoppedError } from './photos/errors.js'
import { Progress } from './progress.js'
import type { Uploader } from './upload.js'
import type { ItemResult } from './types.js'

type UploadOutcome = { token: string } | { error: unknown }

export interface PipelineOptions {
  client: PhotosClient
  uploader: Uploader
  creator: Creator
  concurrency: number
  results: ItemResult[]
  onProgress: () => Promise<void>
  /** Brings a file's bytes to its path before the upload (release assets are downloaded). */
  fetchBytes?: (file: LocalFile, signal: AbortSignal) => Promise<void>
}

export interface UploadStats {
  uploaded: number
  failed: number
  bytes: number
}

export async function uploadAndCreate(
  items: SourceItem[],
  opts: PipelineOptions
): Promise<UploadStats> {
  const { uploader, creator, results } = opts
  const http = opts.client.http
  // Cleared uploads reject (instead of never settling) when the run must stop.
  const limit = pLimit({ concurrency: opts.concurrency, rejectOnClear: true })
  // Files rejected before upload (type, size) or skipped are already settled.
  const files = items.filter((i) => i.kind === 'file' && results[i.index]?.outcome === 'planned')
  const progress = new Progress({
    totalItems: files.length,
    totalBytes: files.reduce((sum, i) => sum + (i.kind === 'file' ? i.file.size : 0), 0),
    log: (line) => core.info(line)
  })
  const ticker = setInterval(() => progress.tick(), 1000)
  ticker.unref()
  let finished = false
  const finishUploads = () => {
    if (finished) return
    finished = true
    clearInterval(ticker)
    if (http.stopped) progress.halt()
    else progress.finish()
  }
  // Once the run stops, progress says so once and claims nothing more.
  const onStop = () => {
    clearInterval(ticker)
    progress.halt()
  }
  http.stopSignal.addEventListener('abort', onStop, { once: true })

  let stop: unknown
  /** Stops the run for a failure that every later request would meet. */
  const halt = (error: unknown) => {
    stop ??= error instanceof StoppedError ? error.reason : error
    limit.clearQueue()
    if (!http.stopped) http.stop(stop)
  }
  const stats: UploadStats = { uploaded: 0, failed: 0, bytes: 0 }
  const uploads = new Map<number, Promise<UploadOutcome>>()
  // Not for release assets: their bytes are downloaded at their turn (`fetchBytes`).
  let ended = false
  const readAhead = opts.fetchBytes
    ? () => undefined
    : readerAhead(files, uploader, opts.concurrency, () => ended || !!stop || http.stopped)
  for (const [position, item] of files.entries()) {
    if (item.kind !== 'file') continue
    // The first uploads go out before the rest are queued (a turn of the event loop, in
    // which p-limit starts them): queuing 300 took about 3 ms, which they waited for.
    if (uploads.size === opts.concurrency) await setImmediate()
    const file = item.file
    const upload = limit(async (): Promise<UploadOutcome> => {
      if (stop || http.stopped) return { error: stop ?? http.stopReason }
      let confirmed = 0
      try {
        await opts.fetchBytes?.(file, http.stopSignal)
        const sent = uploader.upload(file, (n) => {
          confirmed += n
          progress.bytesSent(n)
        })
        readAhead(position)
        const token = await sent
        stats.uploaded++
        stats.bytes += file.size
        progress.itemDone(true)
        return { token }
      } catch (error) {
        stats.failed++
        if (isFatal(error)) halt(error)
        else progress.itemDone(false, file.size, confirmed)
        return { error }
      }
    })
    // Uploads cleared from the queue reject; those the creation loop never reaches must
    // not become unhandled rejections.
    upload.catch(() => undefined)
    uploads.set(item.index, upload)
  }
  void Promise.allSettled(uploads.values()).then(finishUploads)

  try {
    let batch: CreateItem[] = []
    for (const item of items) {
      if (stop || http.stopped) break
      const result = results[item.index]
      if (!result || result.outcome !== 'planned') continue
      const createItem = await toCreateItem(item, uploads.get(item.index), uploader, result)
      if (createItem === undefined) continue
      batch.push(createItem)
      if (batch.length === MAX_BATCH_SIZE) {
        await creator.createBatch(batch)
        batch = []
      }
    }
    if (!stop && !http.stopped) await creator.createBatch(batch)
  } catch (error) {
    if (!isFatal(error)) throw error
    halt(error)
    throw stop
  } finally {
    limit.clearQueue()
    ended = true
    uploader.forgetReadAhead()
    finishUploads()
    http.stopSignal.removeEventListener('abort', onStop)
  }
  if (http.stopped) stop ??= http.stopReason
  if (stop) throw stop
  await opts.onProgress()
  return stats

  async function toCreateItem(
    item: SourceItem,
    upload: Promise<UploadOutcome> | undefined,
    up: Uploader,
    result: ItemResult
  ): Promise<CreateItem | undefined> {
    const base = {
      index: item.index,
      fileName: result.fileName,
      description: item.description
    }
    if (item.kind === 'token') return { ...base, uploadToken: item.entry.uploadToken }
    const outcome = await (
      upload ?? Promise.resolve<UploadOutcome>({ error: 'not uploaded' })
    ).catch((error: unknown): UploadOutcome => ({ error: stop ?? error }))
    if ('error' in outcome) {
      if (isFatal(outcome.error)) {
        halt(outcome.error)
        return undefined
      }
      result.outcome = 'failed'
      result.status = statusOfError(outcome.error)
      // Not waited for: the write before the next batchCreate carries it.
      opts.onProgress().catch(() => undefined)
      return undefined
    }
    return { ...base, uploadToken: outcome.token, reupload: () => up.upload(item.file) }
  }
}

/**
 * Reads ahead the bytes of the `concurrency` files after the last upload started, once
 * the requests of this turn of the event loop are written. The answers of a round of
 * uploads come in close together, and undici writes a connection's next request only at
 * the end of the turn in which its answer came (its check of an idle socket), so every
 * answer handled in that turn, each next file's open, stat, read and close included,
 * delayed all of the turn's next uploads. Two turns later, the reads take their time while
 * the connections wait for answers. Uploads start in input order, so the files after the
 * last one started are the next to go.
 */
function readerAhead(
  files: SourceItem[],
  uploader: Uploader,
  concurrency: number,
  stopped: () => boolean
): (position: number) => void {
  let started = -1
  let next = 0
  let scheduled = false
  /** One past the last file to have read: `concurrency` after the last one started. */
  const end = () => Math.min(files.length, started + 1 + concurrency)
  const read = () => {
    scheduled = false
    for (next = Math.max(next, started + 1); next < end() && !stopped(); next++) {
      const item = files[next]
      if (item?.kind === 'file') uploader.readAhead(item.file)
    }
  }
  return (position) => {
    started = Math.max(started, position)
    if (scheduled || next >= end()) return
    scheduled = true
    nextTurn(() => nextTurn(read))
  }
}
