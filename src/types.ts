/** Shared types: the validated configuration and the per-item results. */

export type Mode = 'create' | 'get'

export type AlbumPositionName =
  'LAST_IN_ALBUM' | 'FIRST_IN_ALBUM' | 'AFTER_MEDIA_ITEM' | 'AFTER_ENRICHMENT_ITEM'

export type Credentials =
  | { kind: 'access-token'; accessToken: string }
  | { kind: 'refresh-token'; clientId: string; clientSecret: string; refreshToken: string }

/** One upload token taken from `tokens-file`. */
export interface TokenEntry {
  uploadToken: string
  fileName?: string
  description?: string
  /** Where it came from, for the report: `tokens.txt:3`, `tokens.json[2]`. */
  source: string
}

/** `release-assets`: the release to read, and how. */
export interface ReleaseConfig {
  /** The tag: `release-tag`, or the tag of the event's release. */
  tag: string
  /** The event's release id, on a `release` event without `release-tag`. */
  id?: number
  /**
   * Globs on asset names, one a line of `release-asset-pattern` (`!` lines exclude); with
   * none but exclusions, every asset of a type Google Photos accepts.
   */
  patterns: string[]
  githubToken: string
  owner: string
  repo: string
  /** GitHub's REST API base (`GITHUB_API_URL`), without a trailing slash. */
  apiUrl: string
}

export interface Config {
  mode: Mode
  /** Glob patterns, in the order given (empty when `files` is not set). */
  filePatterns: string[]
  /** Absolute path of `tokens-file`, if given. */
  tokensFile?: string
  albumId?: string
  albumTitle?: string
  position: AlbumPositionName
  /** Set only for AFTER_MEDIA_ITEM / AFTER_ENRICHMENT_ITEM. */
  relativeItemId?: string
  description?: string
  /**
   * `get` mode: ids from `media-item-ids`, in order, duplicates kept; `null` where a JSON
   * array (a create step's output) has an item that failed upstream.
   */
  mediaItemIds: (string | null)[]
  /** `get` mode: absolute path of `media-item-ids-file`, if given. */
  mediaItemIdsFile?: string
  credentials: Credentials
  concurrency: number
  skipExisting: boolean
  /** Read the created items back with batchGet and add what Google reports. */
  verify: boolean
  failOnError: boolean
  dryRun: boolean
  resultsFile: string
  summary: boolean
  apiEndpoint: string
  tokenEndpoint: string
  /** Set with `release-assets: true`. */
  release?: ReleaseConfig
}

export type Outcome = 'created' | 'failed' | 'skipped' | 'found' | 'planned'

export interface ItemStatus {
  code: number
  message: string
}

export interface MediaMetadata {
  creationTime?: string
  width?: string
  height?: string
  photo?: Record<string, unknown>
  video?: { status?: string } & Record<string, unknown>
}

/** One input item in the report, in input order. */
export interface ItemResult {
  index: number
  /** File path (relative to the workspace when under it), `tokens.txt:3`, or the id in get mode. */
  source: string
  fileName?: string
  outcome: Outcome
  status?: ItemStatus
  mediaItemId?: string
  productUrl?: string
  mimeType?: string
  description?: string
  /** Bytes of the file, for uploads. */
  size?: number
  videoStatus?: string
  mediaMetadata?: MediaMetadata
  /** Which batchCreate call (1-based) created it, or was planned to. */
  batch?: number
  /** With `verify`: whether batchGet found the created item again (absent when not read). */
  verified?: boolean
  /** With `verify`, for an item not found again: batchGet's status for it. */
  verifyStatus?: ItemStatus
}

export interface AlbumInfo {
  id: string
  title?: string
  url?: string
  /** True when this run created the album. */
  created?: boolean
}

export interface Totals {
  total: number
  created: number
  failed: number
  skipped: number
}

export interface Verification {
  /** Created items to read back. */
  items: number
  found: number
  notFound: number
  /** Why the read-back ended early; the items it did not reach have no `verified`. */
  error?: string
}

export interface Report {
  version: string
  mode: Mode
  dryRun: boolean
  /** `running` while the run goes on; `complete`, or `stopped` / `cancelled` with a reason. */
  state: 'running' | 'complete' | 'stopped' | 'cancelled'
  stoppedReason?: string
  album: AlbumInfo | null
  totals: Totals
  /** API calls made (or, in a dry run, planned), by kind: upload, batchCreate, batchGet, … */
  apiCalls: Record<string, number>
  /** With `verify`: how the read-back of the created items went. */
  verification?: Verification
  startedAt: string
  finishedAt?: string
  items: ItemResult[]
}
