/**
 * Creating media items: one batchCreate at a time, in input order, each batch placed
 * after the last item created before it.
 *
 * batchCreate is not idempotent. When its answer is lost (a reset, a timeout, a 5xx),
 * the call is not repeated blindly:
 * - items made from local files are uploaded again for fresh tokens and created again:
 *   Google dedups identical bytes, so the same media items come back, not new ones;
 * - items from upload tokens alone are sent once more: a token that made its item may
 *   give it back, or (Google does not say which) get the call refused whole as if invalid.
 * A batch whose answer stays lost, or whose tokens are refused right after a lost answer,
 * is never split: its items are looked for in the album (lost-batch.ts), and those not
 * found are reported as possibly made.
 * Any other batch refused whole (400) because one upload token is invalid or expired is
 * split in halves until the bad items are isolated, so that the rest are still created.
 * A batch whose every item proves invalid stops the run (the tokens are stale, or another
 * client's): splitting each later batch would cost about two calls an item, for nothing.
 */
import { describePosition, positionFor, type Placement } from './batches.js'
import { errorMessage, ReportWriteError } from './errors.js'
import { matchLostBatch, type LostBatchMatch } from './lost-batch.js'
import type { PhotosClient } from './photos/client.js'
import {
  AuthError,
  ConnectionError,
  DailyQuotaError,
  PhotosApiError,
  SCOPE_READ,
  StoppedError,
  UploadTokensRefusedError
} from './photos/errors.js'
import { haltsRun } from './photos/http.js'
import { backoffDelay } from './photos/retry.js'
import {
  isSuccess,
  type BatchCreateRequest,
  type MediaItem,
  type NewMediaItemResult
} from './photos/types.js'
import type { ItemResult, ItemStatus } from './types.js'
import { REFUSED_BY_STOP } from './report/report.js'

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
  /** Media items the album held before the run, when known: it bounds the lookup of a lost batch. */
  albumItemsBefore?: number | undefined
  placement: Placement
  results: ItemResult[]
  log: (line: string) => void
  /** Writes the report as the run goes: before every batchCreate call (awaited) and after. */
  onProgress: () => Promise<void>
}

export class Creator {
  private lastCreatedId: string | undefined
  /** Set once the album could not be read for want of the read scope: not tried again. */
  private albumUnreadable = false
  /** batchCreate calls sent (answer-lost retries included). */
  calls = 0
  batches = 0
  /** Items of the current batch refused alone for an invalid upload token, once split out. */
  private invalidTokens = 0

  constructor(private readonly opts: CreatorOptions) {}

  /** Creates one batch (at most 50 items, input order). */
  async createBatch(items: CreateItem[]): Promise<void> {
    if (items.length === 0) return
    this.batches++
    const batchNumber = this.batches
    for (const item of items) this.result(item).batch = batchNumber
    const { albumId, placement } = this.opts
    const position = albumId ? positionFor(placement, this.lastCreatedId) : undefined
    const callsBefore = this.calls
    this.invalidTokens = 0
    await this.send(items)
    const created = items.filter((item) => this.result(item).outcome === 'created').length
    // One line a batch, also when it was split: each item's reason is in the report.
    const calls = this.calls - callsBefore
    const isolated =
      this.invalidTokens > 0 && calls > 1
        ? `; ${this.invalidTokens} invalid upload token(s) isolated in ${calls} batchCreate calls`
        : ''
    this.opts.log(
      `Batch ${batchNumber}: ${items.length} item(s), ${describePosition(position)}: ` +
        `${created} created, ${items.length - created} failed${isolated}`
    )
    if (items.length > 1 && this.invalidTokens === items.length) {
      throw new UploadTokensRefusedError(batchNumber, items.length, calls)
    }
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
    try {
      await this.opts.onProgress()
    } catch (err) {
      // Not sent: the record could not be written first (a full disk), and the run stops.
      for (const item of items) delete this.result(item).status
      throw err
    }
    let answers: NewMediaItemResult[]
    try {
      answers = await this.callWithLostAnswerPolicy(items)
    } catch (err) {
      if (err instanceof StoppedError) {
        // The run stopped: a batch that was on its way may exist; one never sent was not tried.
        if (!err.sent) for (const item of items) delete this.result(item).status
        throw err
      }
      if (err instanceof LostAnswerError) {
        await this.settleLostBatch(items, err.cause)
        return
      }
      if (err instanceof PhotosApiError && err.isInvalidUploadToken && items.length > 1) {
        const half = Math.ceil(items.length / 2)
        await this.send(items.slice(0, half))
        await this.send(items.slice(half))
        return
      }
      if (isFatal(err)) {
        // This batch was sent and refused; the items after it are left for the caller. The
        // reason is the run's stop reason, given once in the report and the summary.
        for (const item of items) this.fail(item, refusedByStop(err))
        this.record()
        throw err
      }
      if (err instanceof PhotosApiError && err.isInvalidUploadToken) this.invalidTokens++
      const status = statusOfError(err)
      for (const item of items) this.fail(item, status)
      this.record()
      return
    }

    const retryInternal: CreateItem[] = []
    items.forEach((item, i) => {
      const answer = answerFor(answers, i, item.uploadToken)
      if (answer?.mediaItem?.id && isSuccess(answer.status)) {
        this.succeed(item, answer.mediaItem, {
          code: 0,
          message: answer.status?.message ?? 'Success'
        })
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
                : 'sending the same tokens once more: a token that made its item gives it back, or the call is refused and the album is searched')
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
      // After a lost answer the items may exist, whatever the resend met; only fresh
      // tokens (from files) refused as invalid are invalid for sure.
      const freshTokensRefused =
        withFiles && err instanceof PhotosApiError && err.isInvalidUploadToken
      if (lost && !isFatal(err) && !freshTokensRefused) throw new LostAnswerError(err)
      // A fatal answer after a lost one stops the run with the batch marked as possibly made.
      if (lost && isFatal(err) && !(err instanceof StoppedError)) {
        throw new StoppedError('batchCreate', err, true)
      }
      throw err
    }
  }

  /**
   * A batch whose answer was lost and that no later call answered: its items are looked
   * for in the album; those found are created, the others may exist. The next batch goes
   * after the batch's last item when the album shows it, else after the last item known.
   */
  private async settleLostBatch(items: CreateItem[], cause: unknown): Promise<void> {
    const what =
      cause instanceof PhotosApiError && cause.isInvalidUploadToken
        ? `sending the same upload tokens again was refused (${cause.apiMessage}), as Google may refuse a token that already made its item`
        : answerLost(cause)
          ? `no answer came to sending it again either (${errorMessage(cause)})`
          : `sending it again failed (${errorMessage(cause)})`
    const lookup = await this.lookUpLostBatch(items)
    const lost = `May exist: the batchCreate answer was lost, and ${what}.`
    let found = 0
    items.forEach((item, i) => {
      if ('reason' in lookup) {
        this.fail(item, {
          code: 2,
          message: `${lost} It could not be looked up: ${lookup.reason}. ${lookup.advice}`
        })
        return
      }
      const finding = lookup.items[i]
      if (finding?.kind === 'found') {
        found++
        this.succeed(item, finding.mediaItem, {
          code: 0,
          message: 'Success: found in the album after the batchCreate answer was lost'
        })
        return
      }
      const how =
        finding?.kind === 'ambiguous'
          ? 'New items of its file name at its place in the album cannot be told apart: look in the album.'
          : 'It is not at its place in the album, so it was most likely not created: look in the album, or re-run with `skip-existing: true` to create what is missing.'
      this.fail(item, { code: 2, message: `${lost} ${how}` })
    })
    if (!('reason' in lookup) && lookup.last) this.lastCreatedId = lookup.last
    const outcome =
      'reason' in lookup
        ? `its ${items.length} item(s) may exist and could not be looked up: ${lookup.reason}.`
        : found === items.length
          ? `all ${found} item(s) found in the album.`
          : `${found} of ${items.length} item(s) found in the album; the others may exist.`
    this.opts.log(`batchCreate answer lost, and ${what}: the batch is not split; ${outcome}`)
    await this.opts.onProgress()
  }

  /** The album's answer for a lost batch, or why there is none and what the user can do. */
  private async lookUpLostBatch(
    items: CreateItem[]
  ): Promise<Extract<LostBatchMatch, { kind: 'placed' }> | { reason: string; advice: string }> {
    const { albumId, albumItemsBefore, client, placement } = this.opts
    const advice = 'Look in the album, or re-run with `skip-existing: true`.'
    if (!albumId) {
      return {
        reason: 'the batch has no album',
        advice: 'Look for it in the library before sending its upload token again.'
      }
    }
    const unreadable = {
      reason: `the token lacks the scope ${SCOPE_READ}`,
      advice: 'Look in the album.'
    }
    if (this.albumUnreadable) return unreadable
    if (albumItemsBefore === undefined) {
      return {
        reason: 'the API did not say how many items the album held before the run',
        advice
      }
    }
    let album
    try {
      album = await client.listAlbumItems(albumId, { scopeOptional: true })
    } catch (err) {
      if (err instanceof PhotosApiError && err.isInsufficientScopes) {
        this.albumUnreadable = true
        return unreadable
      }
      if (isFatal(err)) throw err
      return { reason: `the album could not be listed (${errorMessage(err)})`, advice }
    }
    const match = matchLostBatch({
      album,
      itemsBefore: albumItemsBefore,
      createdBefore: new Set(
        this.opts.results.flatMap((r) =>
          r.outcome === 'created' && r.mediaItemId ? [r.mediaItemId] : []
        )
      ),
      position: positionFor(placement, this.lastCreatedId),
      fileNames: items.map((item) => item.fileName)
    })
    if (match.kind === 'unclear') {
      return { reason: `the album was listed, but ${match.reason}`, advice }
    }
    return match
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

  private succeed(item: CreateItem, mediaItem: MediaItem, status: ItemStatus): void {
    const r = this.result(item)
    r.outcome = 'created'
    r.status = status
    r.mediaItemId = mediaItem.id
    r.productUrl = mediaItem.productUrl
    r.mimeType = mediaItem.mimeType ?? r.mimeType
    r.mediaMetadata = mediaItem.mediaMetadata
    const videoStatus = mediaItem.mediaMetadata?.video?.status
    if (videoStatus) r.videoStatus = videoStatus
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

/** A batch whose answer was lost, and that the call sent after it did not answer either. */
class LostAnswerError extends Error {
  constructor(override readonly cause: unknown) {
    super(errorMessage(cause))
    this.name = 'LostAnswerError'
  }
}

/** A failure after which the server may have done the work. */
function answerLost(err: unknown): boolean {
  if (err instanceof ConnectionError) return err.maybeProcessed
  return err instanceof PhotosApiError && err.isTransient
}

/** Failures that every later batch would meet too: stop the run. */
export function isFatal(err: unknown): boolean {
  // A report that cannot be written stops the run too: nothing is made that it would not show.
  return err instanceof StoppedError || err instanceof ReportWriteError || haltsRun(err)
}

/** An item of the batch whose answer stopped the run: a short status, not the whole reason. */
function refusedByStop(err: unknown): ItemStatus {
  return { code: statusOfError(err).code, message: REFUSED_BY_STOP }
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
