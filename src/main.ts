/** The pipeline, top to bottom: inputs → plan → upload → create → verify → report. */
import * as core from '@actions/core'
import { checkRelativeItem, resolveAlbum, skipExisting } from './album.js'
import { createTokenSource } from './auth.js'
import { describePosition, positionFor } from './batches.js'
import { CANCEL_GRACE_MS, CancelledError, type Cancellation } from './cancel.js'
import { Creator } from './create.js'
import { startCredentialCheck, type CredentialVerdict } from './credentials.js'
import { errorMessage, InputError, ReportWriteError } from './errors.js'
import { getItems } from './get.js'
import { sizeHeapFor } from './heap.js'
import { readConfig } from './inputs.js'
import { collectCreateItems, collectIds, type SourceItem } from './items.js'
import { PhotosClient } from './photos/client.js'
import { describeProxies, proxiesFrom, proxyPasswords } from './photos/dispatcher.js'
import { endsInRerun, rerunAdvice, StoppedError } from './photos/errors.js'
import { PhotosHttp } from './photos/http.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './photos/retry.js'
import { uploadAndCreate, type UploadStats } from './pipeline.js'
import { formatBytes } from './progress.js'
import { planCreate, planGet, type Plan } from './plan.js'
import { logFailures, warnSharedMediaItems } from './report/log.js'
import { setOutputs } from './report/outputs.js'
import { cancelledBefore, countTotals, NOT_ATTEMPTED, ReportWriter } from './report/report.js'
import type { DownloadStats, ReleaseAssets } from './release.js'
import { renderSummary, writeSummary, writeSummarySync } from './report/summary.js'
import type { Config, ItemResult, Report } from './types.js'
import { DEFAULT_UPLOAD_OPTIONS, Uploader, type UploadOptions } from './upload.js'
import { verifyCreated } from './verify.js'
import packageJson from '../package.json' with { type: 'json' }

/** The package's version, inlined by the bundler: never a second constant that drifts. */
const REPORT_VERSION = packageJson.version

/** Code parameters that tests shrink (waits, thresholds); never user inputs. */
export interface RunOverrides {
  retry?: Partial<RetryPolicy>
  upload?: Partial<UploadOptions>
  /** Time a batchCreate in flight gets to answer after a cancellation. */
  cancelGraceMs?: number
}

export async function run(
  overrides: RunOverrides = {},
  cancellation?: Cancellation
): Promise<void> {
  let config: Config
  try {
    config = readConfig()
  } catch (err) {
    const outputsLost = attempt(setEmptyOutputs)
    core.setFailed(errorMessage(err))
    if (outputsLost) core.setFailed(outputsNotWritten(outputsLost))
    return
  }

  logProxies()

  const report: Report = {
    version: REPORT_VERSION,
    mode: config.mode,
    dryRun: config.dryRun,
    state: 'running',
    album: null,
    totals: { total: 0, created: 0, failed: 0, skipped: 0 },
    apiCalls: {},
    startedAt: new Date().toISOString(),
    items: []
  }
  const writer = new ReportWriter(config.resultsFile)
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides.retry }
  const uploadOptions = { ...DEFAULT_UPLOAD_OPTIONS, ...overrides.upload }
  // The refresh grant goes through the same connections and proxies as every other request.
  const tokens = createTokenSource(config.credentials, config.tokenEndpoint, {
    through: () => http.dispatcher,
    timeoutMs: policy.requestTimeoutMs,
    stopSignal: () => http.stopSignal
  })
  const http = new PhotosHttp(
    tokens,
    policy,
    ({ op, attempt, delayMs, reason }) =>
      core.info(
        `${op}: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1})`
      ),
    config.concurrency + 1
  )
  const client = new PhotosClient(http, config.apiEndpoint)
  const save = async () => {
    report.apiCalls = { ...http.calls }
    report.totals = writer.totals(report.items)
    await writer.write(report)
  }

  let plan: Plan | undefined
  let fatal: unknown
  let inputError: InputError | undefined
  let credentialCheck: CredentialVerdict | undefined
  /** Sends the credentials check's requests, once; `signIn` tells what they found. */
  const startSignIn = () =>
    (credentialCheck ??= startCredentialCheck({
      tokens,
      config,
      dispatcher: http.dispatcher,
      timeoutMs: policy.requestTimeoutMs,
      signal: http.stopSignal
    }))
  const signIn = () => startSignIn()()
  /** What of the record is written already, for a second signal during the clean-up. */
  const written = { outputs: false, summary: false, final: false }
  const summaryText = (resultsFile = config.resultsFile) =>
    renderSummary(report, {
      resultsFile,
      ...(plan && config.dryRun ? { plan } : {})
    })
  const closeReport = () => {
    report.finishedAt = new Date().toISOString()
    report.apiCalls =
      plan && config.dryRun ? { ...http.calls, ...plan.apiCalls } : { ...http.calls }
    report.totals = writer.totals(report.items)
  }
  cancellation?.listen({
    cancel: (reason) => {
      core.info(
        `${reason.signal} received: cancelling. Nothing new starts; a batchCreate in flight gets up to ${Math.round((overrides.cancelGraceMs ?? CANCEL_GRACE_MS) / 1000)} s to answer.`
      )
      http.cancel(reason, overrides.cancelGraceMs ?? CANCEL_GRACE_MS)
    },
    // A second signal: what is known now is written at once, synchronously.
    force: () => {
      if (written.final) return
      if (report.state === 'running') {
        settleUnfinished(config, report, http.stopReason ?? new CancelledError('SIGTERM'))
      }
      closeReport()
      // Each part on its own: one that cannot be written does not keep the others back.
      let reportFile = config.resultsFile
      let reportLost: string | undefined
      try {
        writer.writeSync(report)
      } catch (err) {
        reportFile = ''
        reportLost = errorMessage(err)
      }
      const outputsLost = written.outputs
        ? undefined
        : attempt(() => setOutputs(report, reportFile))
      const summaryLost =
        config.summary && !written.summary
          ? attempt(() => writeSummarySync(summaryText(reportFile)))
          : undefined
      core.setFailed(report.stoppedReason ?? 'The run was cancelled.')
      if (reportLost) core.setFailed(reportLost)
      if (outputsLost) core.setFailed(outputsNotWritten(outputsLost))
      if (summaryLost) core.warning(summaryNotWritten(summaryLost))
    }
  })

  try {
    if (config.mode === 'get') {
      report.items = writer.track(await collectIds(config))
      sizeHeapFor(report.items.length)
      await signIn()
      if (config.dryRun) plan = planGet(report.items)
      else await core.group('Reading media items', () => getItems(client, report.items, save))
    } else {
      plan = await runCreate({
        config,
        report,
        writer,
        client,
        uploadOptions,
        save,
        startSignIn
      })
    }
    if (http.stopped) throw http.stopReason
    if (config.verify && !config.dryRun) {
      // After the stop check: a failed read-back warns, and never fails what was created.
      await core.group('Reading the created media items back (verify)', () =>
        verifyCreated(client, report, save)
      )
    }
    report.state = 'complete'
  } catch (err) {
    if (err instanceof InputError) {
      inputError = err
    } else {
      fatal = err instanceof StoppedError ? err.reason : err
      settleUnfinished(config, report, fatal)
    }
  } finally {
    // After a stop, requests still in flight are abandoned rather than waited for.
    await (fatal === undefined ? http.close() : http.destroy(fatal))
  }
  if (inputError) {
    // Found once the items or the album were looked at, but a wrong input like any other.
    written.final = true
    const outputsLost = attempt(setEmptyOutputs)
    core.setFailed(inputError.message)
    if (outputsLost) core.setFailed(outputsNotWritten(outputsLost))
    return
  }

  closeReport()
  // The report, the outputs and the summary each on their own: one that cannot be written
  // (a full disk) leaves the others to say what was done, and the step fails for it, after
  // what stopped the run, if anything did.
  let reportFile = config.resultsFile
  let reportLost: unknown
  try {
    await writer.write(report)
  } catch (err) {
    reportFile = ''
    // A write that failed during the run is its stop, told already as such.
    if (!(fatal instanceof ReportWriteError)) reportLost = err
  }
  const outputsLost = attempt(() => setOutputs(report, reportFile))
  written.outputs = true
  if (config.summary) {
    written.summary = true
    try {
      await writeSummary(summaryText(reportFile))
    } catch (err) {
      core.warning(summaryNotWritten(errorMessage(err)))
    }
  }
  written.final = true
  finish(config, report, fatal ?? reportLost)
  if (fatal !== undefined && reportLost !== undefined) core.setFailed(errorMessage(reportLost))
  if (outputsLost) core.setFailed(outputsNotWritten(outputsLost))
}

/** Runs a write of the record; why it failed, if it did. */
function attempt(write: () => void): string | undefined {
  try {
    write()
    return undefined
  } catch (err) {
    return errorMessage(err)
  }
}

function outputsNotWritten(why: string): string {
  return `The step's outputs could not be written (${why}): later steps will not see them. Check the runner's disk and GITHUB_OUTPUT.`
}

function summaryNotWritten(why: string): string {
  return `The job summary could not be written (${why}); the report and the outputs hold what it would have shown.`
}

/** Where requests go on a runner behind a proxy; a proxy's password is masked like a token. */
function logProxies(): void {
  const { proxies, notUrls } = proxiesFrom()
  if (proxies) {
    for (const password of proxyPasswords(proxies)) core.setSecret(password)
    core.info(describeProxies(proxies))
  }
  for (const name of notUrls) {
    core.warning(
      `${name} is set, but not to a proxy's URL (http://, https:// or socks5://), so no request goes through it. Set it to one, such as http://proxy.example:3128.`
    )
  }
}

/** After a stop or a cancellation: every item not finished gets its final outcome and reason. */
function settleUnfinished(config: Config, report: Report, reason: unknown): void {
  const cancelled = reason instanceof CancelledError
  const hasAlbum = Boolean(config.albumId || config.albumTitle)
  report.state = cancelled ? 'cancelled' : 'stopped'
  report.stoppedReason = errorMessage(reason)
  if (config.mode === 'create' && (cancelled || endsInRerun(reason))) {
    report.stoppedReason += ` ${rerunAdvice(hasAlbum)}`
  }
  const mayExist = hasAlbum
    ? 'look in the album, or re-run with `skip-existing: true`'
    : 'look for it in the library before re-running'
  for (const item of report.items) {
    if (item.outcome !== 'planned') continue
    item.outcome = 'failed'
    const sent = item.status?.message.startsWith('batchCreate sent') === true
    item.status = sent
      ? {
          code: 2,
          message: `${cancelled ? 'Cancelled while its batchCreate was in flight' : 'The run stopped while its batchCreate was in flight'}: sent, but no answer came; the item may exist (${mayExist}).`
        }
      : cancelled
        ? { code: 1, message: cancelledBefore(report.mode) }
        : { code: 10, message: NOT_ATTEMPTED }
  }
}

/** What the create stage works with, set up by run(). */
interface CreateRun {
  config: Config
  report: Report
  writer: ReportWriter
  client: PhotosClient
  uploadOptions: UploadOptions
  /** Writes the report as it stands. */
  save: () => Promise<void>
  /**
   * Sends the credentials check's requests (once: the run has an item, so no input error
   * is left); the verdict it returns is awaited once the items are known.
   */
  startSignIn: () => CredentialVerdict
}

async function runCreate(stage: CreateRun): Promise<Plan | undefined> {
  const { config, client } = stage
  // Octokit is loaded only by the runs that read a release.
  const release = config.release
    ? new (await import('./release.js')).ReleaseAssets(
        config.release,
        client.http.policy,
        (line) => core.info(line),
        client.http.stopSignal
      )
    : undefined
  try {
    return await createItems(stage, release)
  } finally {
    // The downloaded copies go, however the run ended.
    await release?.close()
  }
}

async function createItems(
  stage: CreateRun,
  release: ReleaseAssets | undefined
): Promise<Plan | undefined> {
  const { config, report, writer, client, uploadOptions, save, startSignIn } = stage
  const collected = await collectCreateItems(config, release, startSignIn)
  const items = collected.items
  const results = writer.track(collected.results)
  sizeHeapFor(results.length)
  report.items = results
  rejectUnacceptableFiles(items, results)
  // The items found before it stay in the report, each with the reason it was not done.
  if (collected.releaseFailure !== undefined) throw collected.releaseFailure
  const access = await startSignIn()()

  const album = await resolveAlbum(client, config)
  report.album = album?.info ?? null
  const albumId = report.album?.id || undefined
  // The album's items are listed once, for skip-existing and for the relative item's check:
  // a `relative-item-id` missing from the album is an input error before anything is
  // uploaded, whenever the token may read the album (skip-existing needs that scope too).
  const checkRelative =
    config.position === 'AFTER_MEDIA_ITEM' && (config.skipExisting || access.canRead === true)
  if (albumId && (config.skipExisting || checkRelative)) {
    const inAlbum = await client.listAlbumItems(albumId)
    if (checkRelative) checkRelativeItem(config, inAlbum)
    if (config.skipExisting) skipExisting(inAlbum, results)
  } else if (albumId && config.position === 'AFTER_MEDIA_ITEM') {
    core.info(
      `${config.dryRun ? 'Dry run: ' : ''}\`relative-item-id\` not checked against the album: the token is not known to have the read scope (photoslibrary.readonly.appcreateddata)${config.dryRun ? '' : '; the first batchCreate will tell'}.`
    )
  }
  // The first record goes out while the uploads start: nothing exists yet that it must
  // show, and the write before the first batchCreate waits for it. A failure surfaces there.
  void save().catch(() => undefined)

  const placement = { position: config.position, relativeItemId: config.relativeItemId }
  if (config.dryRun) {
    const plan = planCreate(items, results, {
      hasAlbum: report.album !== null,
      firstPosition: describePosition(positionFor(placement, undefined)),
      createAlbum: report.album?.created === true,
      upload: uploadOptions,
      verify: config.verify
    })
    const verifyCalls = plan.apiCalls.batchGet
    core.info(
      `Dry run: ${plan.batches.length} batchCreate call(s) for ` +
        `${results.filter((r) => r.outcome === 'planned').length} item(s)` +
        `${verifyCalls ? `, then ${verifyCalls} batchGet call(s) to verify them` : ''}; nothing was changed.`
    )
    return plan
  }

  const creator = new Creator({
    client,
    albumId,
    albumItemsBefore: album?.itemsBefore,
    placement,
    results,
    log: (line) => core.info(line),
    onProgress: save
  })
  const stats = await core.group('Uploading and creating media items', () =>
    uploadAndCreate(items, {
      client,
      uploader: new Uploader(client.http, config.apiEndpoint, uploadOptions),
      creator,
      concurrency: config.concurrency,
      results,
      onProgress: save,
      ...(release ? { fetchBytes: (file, signal) => release.download(file, signal) } : {})
    })
  )
  logStages(items, results, creator, stats, release?.stats)
  return undefined
}

/** Files that Google Photos would refuse are reported and never uploaded. */
function rejectUnacceptableFiles(items: SourceItem[], results: ItemResult[]): void {
  for (const item of items) {
    const r = results[item.index]
    if (item.kind !== 'file' || !item.file.rejection || !r) continue
    r.outcome = 'failed'
    r.status = { code: 3, message: `Not uploaded: ${item.file.rejection}` }
  }
}

function logStages(
  items: SourceItem[],
  results: ItemResult[],
  creator: Creator,
  stats: UploadStats,
  downloads: DownloadStats | undefined
): void {
  const files = items.filter((i) => i.kind === 'file').length
  const tokens = items.length - files
  const assets = items.filter((i) => i.kind === 'file' && i.file.releaseAsset).length
  const rejected = results.filter((r) => r.status?.message.startsWith('Not uploaded:')).length
  const totals = countTotals(results)
  const lines = [
    `Input: ${items.length} item(s): ${tokens} upload token(s), ${files - assets} file(s)${downloads ? `, ${assets} release asset(s)` : ''}`,
    `Checks: ${rejected} file(s) rejected before upload, ${totals.skipped} item(s) skipped (already in the album)`,
    ...(downloads
      ? [
          `Release assets: ${downloads.downloaded} downloaded (${formatBytes(downloads.bytes)}), ${downloads.failed} failed`
        ]
      : []),
    // A download that failed is counted on its own line above, not as an upload.
    `Uploads: ${stats.uploaded} file(s) uploaded (${formatBytes(stats.bytes)}), ${stats.failed - (downloads?.failed ?? 0)} failed`,
    `Creation: ${totals.created} created, ${totals.failed} failed in all, in ${creator.batches} batch(es) and ${creator.calls} batchCreate call(s)`
  ]
  for (const line of lines) core.info(line)
  warnSharedMediaItems(results)
}

function finish(config: Config, report: Report, fatal: unknown): void {
  const { total, failed } = report.totals
  logFailures(report, { summary: config.summary })
  if (fatal !== undefined) {
    core.setFailed(report.stoppedReason ?? errorMessage(fatal))
    return
  }
  if (failed === 0) return
  const mayExist = report.items.filter((i) => i.status?.message.startsWith('May exist:')).length
  const message =
    `${failed} of ${total} item(s) failed` +
    (mayExist > 0 ? `, ${mayExist} of which may exist after a lost answer` : '') +
    ' (named above, with their reasons).'
  if (config.failOnError) core.setFailed(message)
  else core.warning(`${message.replace(/\.$/, '')}; fail-on-error is false, so the step succeeds.`)
}

function setEmptyOutputs(): void {
  core.setOutput('media-item-ids', '[]')
  for (const name of ['created-count', 'failed-count', 'skipped-count', 'total-count']) {
    core.setOutput(name, '0')
  }
  core.setOutput('album-id', '')
  core.setOutput('album-url', '')
  core.setOutput('results-file', '')
}
