/**
 * Creating media items: one batchCreate at a time, in input order, each batch placed
 * after the last item created before it.
 *
 * batchCreate is not idempotent. When its answer is lost (a reset, a timeout, a 5xx),
 * the call is not repeated blindly:
 * - items made from local files are uploaded again for fresh tokens and created again:
 *   Google dedups identical bytes, so the same media items come back, not new ones;
 * - items from upload tokens alone are sent once more, and each item's status decides.
 * A batch refused whole (400) because one upload token is invalid or expired is split
 * in halves until the bad items are isolated, so that the rest are still created.
 */
import { describePosition, positionFor, type Placement } from './batches.js'
import { errorMessage } from './errors.js'
import type { PhotosClient } from './photos/client.js'
import {
  AuthError,
  ConnectionError,
  DailyQuotaError,
  PhotosApiError,
  StoppedError
} from './photos/errors.js'
import { backoffDelay } from './photos/retry.js'
import { isSuccess, type BatchCreateRequest, type NewMediaItemResult } from './photos/types.js'
import type { ItemResult, ItemStatus } from './types.js'

export interface CreateItem {
  /** Index into the run's results (input order). */
  index: number
  fileName?: string
  description?: string
  uploadToken: string
  /** Uploads the bytes again for a fresh token; only items made from local files have it. */
  reupload?: () => Promise<string>
}

/** Answer-lost retries of one batch: with bytes at hand, and with tokens only. */
const LOST_ANSWER_RETRIES_WITH_FILES = 3
const LOST_ANSWER_RETRIES_TOKENS_ONLY = 1
/** Rounds of retrying items that failed with code 13 (INTERNAL). */
const INTERNAL_ITEM_RETRIES = 2

export interface CreatorOptions {
  client: PhotosClient
  albumId: string | undefined
  placement: Placement
  results: ItemResult[]
  log: (line: string) => void
  /** Writes the report as the run goes: before every batchCreate call (awaited) and after. */
  onProgress: () => Promise<void>
}

export class Creator {
  private lastCreatedId: string | undefined
  /** batchCreate calls sent (answer-lost retries included). */
  calls = 0
  batches = 0

  constructor(private readonly opts: CreatorOptions) {}

  /** Creates one batch (at most 50 items, input order). */
  async createBatch(items: CreateItem[]): Promise<void> {
    if (items.length === 0) return
    this.batches++
    const batchNumber = this.batches
    for (const item of items) this.result(item).batch = batchNumber
    const { albumId, placement } = this.opts
    const position = albumId ? positionFor(placement, this.lastCreatedId) : undefined
    await this.send(items)
    const created = items.filter((item) => this.result(item).outcome === 'created').length
    this.opts.log(
      `Batch ${batchNumber}: ${items.length} item(s), ${describePosition(position)}: ` +
        `${created} created, ${items.length - created} failed`
    )
  }

  /**
   * Writes the outcomes without waiting: only the record before a call must land first,
   * and it carries these too. A write that fails shows at the next one awaited.
   */
  private record(): void {
    this.opts.onProgress().catch(() => undefined)
  }

  private result(item: CreateItem): ItemResult {
    const r = this.opts.results[item.index]
    if (!r) throw new Error(`no result slot for item ${item.index}`)
    return r
  }

  private async send(items: CreateItem[], internalRetry = 0): Promise<void> {
    // Recorded before the call, so that a run killed now leaves a report that says so.
    for (const item of items) {
      const r = this.result(item)
      r.outcome = 'planned'
      r.status = { code: 2, message: 'batchCreate sent; no answer recorded' }
    }
    await this.opts.onProgress()
    let answers: NewMediaItemResult[]
    try {
      answers = await this.callWithLostAnswerPolicy(items)
    } catch (err) {
      if (err instanceof StoppedError) {
        // The run stopped: a batch that was on its way may exist; one never sent was not tried.
        if (!err.sent) for (const item of items) delete this.result(item).status
        throw err
      }
      if (err instanceof PhotosApiError && err.isInvalidUploadToken && items.length > 1) {
        const half = Math.ceil(items.length / 2)
        this.opts.log(
          `batchCreate refused ${items.length} items for an invalid upload token; splitting to isolate it`
        )
        await this.send(items.slice(0, half))
        await this.send(items.slice(half))
        return
      }
      if (isFatal(err)) {
        // This batch was sent and refused; the items after it are left for the caller.
        for (const item of items) this.fail(item, statusOfError(err))
        this.record()
        throw err
      }
      const status = statusOfError(err)
      for (const item of items) this.fail(item, status)
      this.record()
      return
    }

    const retryInternal: CreateItem[] = []
    items.forEach((item, i) => {
      const answer = answerFor(answers, i, item.uploadToken)
      const r = this.result(item)
      if (answer?.mediaItem?.id && isSuccess(answer.status)) {
        r.outcome = 'created'
        r.status = { code: 0, message: answer.status?.message ?? 'Success' }
        r.mediaItemId = answer.mediaItem.id
        r.productUrl = answer.mediaItem.productUrl
        r.mimeType = answer.mediaItem.mimeType ?? r.mimeType
        r.mediaMetadata = answer.mediaItem.mediaMetadata
        const videoStatus = answer.mediaItem.mediaMetadata?.video?.status
        if (videoStatus) r.videoStatus = videoStatus
        this.lastCreatedId = answer.mediaItem.id
      } else if (!answer) {
        this.fail(item, { code: 13, message: 'Missing from the batchCreate response.' })
      } else if (answer.status?.code === 13 && internalRetry < INTERNAL_ITEM_RETRIES) {
        retryInternal.push(item)
        this.fail(item, { code: 13, message: answer.status.message ?? 'INTERNAL' })
      } else {
        this.fail(item, {
          code: answer.status?.code ?? 2,
          message: answer.status?.message ?? 'batchCreate returned no media item.'
        })
      }
    })
    this.record()
    if (retryInternal.length > 0) {
      // Code 13 is transient on Google's side; the token is still good for a day.
      this.opts.log(`retrying ${retryInternal.length} item(s) that failed with INTERNAL (13)`)
      await this.opts.client.http.sleep(
        backoffDelay(this.opts.client.http.policy, internalRetry + 1),
        'batchCreate'
      )
      await this.send(retryInternal, internalRetry + 1)
    }
  }

  private async callWithLostAnswerPolicy(items: CreateItem[]): Promise<NewMediaItemResult[]> {
    const withFiles = items.every((item) => item.reupload !== undefined)
    const maxRetries = withFiles ? LOST_ANSWER_RETRIES_WITH_FILES : LOST_ANSWER_RETRIES_TOKENS_ONLY
    let lost = false
    try {
      for (let retry = 0; ; retry++) {
        this.calls++
        try {
          return await this.opts.client.batchCreate(this.request(items))
        } catch (err) {
          if (!answerLost(err) || retry >= maxRetries) throw err
          lost = true
          const http = this.opts.client.http
          this.opts.log(
            `batchCreate answer lost (${errorMessage(err)}); ` +
              (withFiles
                ? 'uploading the batch again for fresh tokens: identical bytes give back the same media items'
                : 'sending the same tokens once more: each item status decides')
          )
          await http.sleep(backoffDelay(http.policy, retry + 1), 'batchCreate')
          for (const item of items) {
            if (item.reupload) item.uploadToken = await item.reupload()
          }
        }
      }
    } catch (err) {
      // Stopped after an answer was lost: the lost attempt may have made the items.
      if (err instanceof StoppedError && lost && !err.sent) {
        throw new StoppedError(err.op, err.reason, true)
      }
      throw err
    }
  }

  private request(items: CreateItem[]): BatchCreateRequest {
    const { albumId, placement } = this.opts
    return {
      ...(albumId ? { albumId, albumPosition: positionFor(placement, this.lastCreatedId) } : {}),
      newMediaItems: items.map((item) => ({
        ...(item.description ? { description: item.description } : {}),
        simpleMediaItem: {
          uploadToken: item.uploadToken,
          ...(item.fileName ? { fileName: item.fileName } : {})
        }
      }))
    }
  }

  private fail(item: CreateItem, status: ItemStatus): void {
    const r = this.result(item)
    r.outcome = 'failed'
    r.status = status
    delete r.mediaItemId
    delete r.productUrl
  }
}

/**
 * The answer for the i-th item: results come in request order, but an answer that names
 * another upload token is matched by token instead.
 */
function answerFor(
  answers: NewMediaItemResult[],
  i: number,
  uploadToken: string
): NewMediaItemResult | undefined {
  const answer = answers[i]
  if (!answer?.uploadToken || answer.uploadToken === uploadToken) return answer
  return answers.find((a) => a.uploadToken === uploadToken)
}

/** A failure after which the server may have done the work. */
function answerLost(err: unknown): boolean {
  if (err instanceof ConnectionError) return err.maybeProcessed
  return err instanceof PhotosApiError && err.isTransient
}

/** Failures that every later batch would meet too: stop the run. */
export function isFatal(err: unknown): boolean {
  if (err instanceof DailyQuotaError || err instanceof AuthError) return true
  if (err instanceof StoppedError) return true
  return err instanceof PhotosApiError && (err.httpStatus === 401 || err.httpStatus === 403)
}

const GRPC_CODE_OF_HTTP: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 10,
  429: 8,
  499: 1,
  500: 13,
  501: 12,
  503: 14,
  504: 4
}

/** The status an item gets when its whole call failed. */
export function statusOfError(err: unknown): ItemStatus {
  if (err instanceof PhotosApiError) {
    return { code: GRPC_CODE_OF_HTTP[err.httpStatus] ?? 2, message: err.message }
  }
  if (err instanceof DailyQuotaError) return { code: 8, message: err.message }
  if (err instanceof AuthError) return { code: 16, message: err.message }
  if (err instanceof ConnectionError) {
    return { code: err.code === 'ETIMEDOUT' ? 4 : 14, message: err.message }
  }
  return { code: 2, message: errorMessage(err) }
}
