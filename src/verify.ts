/**
 * `verify`: the created items are read back with batchGet, and what Google reports (type,
 * size, creation time, a video's processing status) goes into the report. The items exist
 * whatever this finds, so its problems are warnings, never a failed step.
 */
import * as core from '@actions/core'
import { errorMessage } from './errors.js'
import { applyMetadata, batchGetAll, batchGetCalls, itemsById } from './get.js'
import type { PhotosClient } from './photos/client.js'
import { StoppedError } from './photos/errors.js'
import { describeVerification } from './report/report.js'
import type { ItemResult, Report, Verification } from './types.js'

export async function verifyCreated(
  client: PhotosClient,
  report: Report,
  onProgress: () => Promise<void>
): Promise<void> {
  const created = report.items.filter(
    (r): r is ItemResult & { mediaItemId: string } =>
      r.outcome === 'created' && r.mediaItemId !== undefined
  )
  const verification: Verification = { items: created.length, found: 0, notFound: 0 }
  report.verification = verification
  if (created.length === 0) {
    core.info('verify: no item was created, so there is nothing to read back.')
    return
  }
  const ids = created.map((r) => r.mediaItemId)
  const createdById = itemsById(created, (r) => r.mediaItemId)
  core.info(
    `verify: reading ${created.length} created item(s) back in ${batchGetCalls(ids)} batchGet call(s)`
  )
  try {
    await batchGetAll(client, ids, async (answers) => {
      for (const [id, answer] of answers)
        for (const r of createdById.get(id) ?? []) {
          if (answer.mediaItem?.id) {
            r.verified = true
            verification.found++
            applyMetadata(r, answer.mediaItem)
            if (r.videoStatus === 'FAILED') {
              core.warning(
                `verify: ${describe(r)}: Google Photos could not process this video (status FAILED). Check the file plays, and upload it again.`
              )
            }
          } else {
            r.verified = false
            r.verifyStatus = {
              code: answer.status?.code ?? 5,
              message: answer.status?.message ?? 'Missing from the batchGet response.'
            }
            verification.notFound++
            core.warning(
              `verify: ${describe(r)} was created, but batchGet did not find it again (${r.verifyStatus.message}). ` +
                'It may have been deleted in Google Photos since; look for it there before relying on its id.'
            )
          }
        }
      await onProgress()
    })
  } catch (err) {
    // A cancellation (or a stop elsewhere) ends the run as such; main settles it.
    if (err instanceof StoppedError) throw err
    verification.error = errorMessage(err)
    const unread = created.length - verification.found - verification.notFound
    core.warning(
      `verify: ${unread} of ${created.length} created item(s) could not be read back: ${verification.error} ` +
        'They were created all the same; only the check is missing (set `verify: false` to skip it).'
    )
  }
  core.info(`verify: ${describeVerification(verification)}${videoCounts(created)}`)
}

function describe(r: ItemResult & { mediaItemId: string }): string {
  return `item ${r.index + 1}, ${r.fileName ?? r.source} (media item ${r.mediaItemId})`
}

function videoCounts(items: readonly ItemResult[]): string {
  const counts = new Map<string, number>()
  for (const r of items) {
    if (r.verified && r.videoStatus) counts.set(r.videoStatus, (counts.get(r.videoStatus) ?? 0) + 1)
  }
  if (counts.size === 0) return ''
  return `; videos: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`
}
