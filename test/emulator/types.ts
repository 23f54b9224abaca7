/** The emulator's public types: its configuration, faults, request log and state records. */
import type { QuotaKind } from './errors.js'

export type { QuotaKind } from './errors.js'

export const SCOPE_APPEND = 'https://www.googleapis.com/auth/photoslibrary.appendonly'
export const SCOPE_READ = 'https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata'
export const SCOPE_EDIT = 'https://www.googleapis.com/auth/photoslibrary.edit.appcreateddata'
/** The three Library API scopes that remain since 31 March 2025. */
export const ALL_SCOPES: string[] = [SCOPE_APPEND, SCOPE_READ, SCOPE_EDIT]

export interface EmulatorConfig {
  /** Bearer tokens valid from the start, with all scopes. Default `['test-access-token']`. */
  accessTokens?: string[]
  /** Default: one client `test-client-id` / `test-client-secret` / `test-refresh-token`. */
  oauthClients?: {
    clientId: string
    clientSecret: string
    refreshToken: string
    scopes?: string[]
  }[]
  /** `expires_in` of refreshed tokens, which stop working after it. Default 3600. */
  accessTokenLifetimeSec?: number
  /** `X-Goog-Upload-Chunk-Granularity`. Default 262144. */
  chunkGranularity?: number
  /** Seed of the RNG that decides probabilistic faults. Default 1. */
  seed?: number
  /** An unknown or expired upload token refuses the whole batchCreate call (default true). */
  wholeBatchOnInvalidToken?: boolean
  /**
   * What batchCreate does with an upload token that already made a media item (Google does
   * not document it): `gives-item` (default) answers with that item again; `refuses-request`
   * refuses the whole call with 400 "Request must contain a valid upload token.".
   */
  reusedUploadToken?: ReusedUploadToken
  /**
   * Bytes the user's account can store; a batchCreate that would pass it is refused whole
   * with Google's "remaining storage" answer. Default: no limit.
   */
  storageLimitBytes?: number
  /** Largest upload accepted; above it, 413 "… max file size limit of 20 GB." Default 20 GiB. */
  maxUploadBytes?: number
  /** Media items an album holds at most. Default 20000. */
  albumItemLimit?: number
  /** Port on 127.0.0.1; default 0, a free one. */
  port?: number
}

export type ReusedUploadToken = 'gives-item' | 'refuses-request'

export type Operation =
  | 'upload'
  | 'upload.start'
  | 'upload.chunk'
  | 'upload.query'
  | 'batchCreate'
  | 'batchGet'
  | 'search'
  | 'albums.list'
  | 'albums.create'
  | 'albums.get'
  | 'mediaItems.get'
  | 'token'
  | 'tokeninfo'
  | 'consent'
  | 'unknown'

export interface RecordedRequest {
  seq: number
  op: Operation
  method: string
  path: string
  url: string
  headers: Record<string, string | string[] | undefined>
  bodyBytes: number
  /** Parsed JSON body of JSON requests. */
  json?: unknown
  /** `performance.now()` ms. */
  startedAt: number
  endedAt?: number
  /** HTTP status sent; undefined when the socket was destroyed. */
  status?: number
  /** Name of the fault injected, if any. */
  fault?: string
}

export type Fault =
  /** A Google-style error, without doing the work. */
  | { type: 'http'; status: number; message?: string; apiStatus?: string; retryAfter?: number }
  /**
   * RESOURCE_EXHAUSTED in Google's words for `quota` (default per minute; `daily: true` is
   * `quota: 'daily'`); Retry-After only when given.
   */
  | { type: '429'; retryAfter?: number; daily?: boolean; quota?: QuotaKind }
  /** The socket is destroyed without doing the work. */
  | { type: 'reset' }
  /**
   * Part of the body is read (default half), then the socket is destroyed. A resumable chunk
   * keeps what arrived, rounded down to the granularity.
   */
  | { type: 'reset-mid-upload'; afterBytes?: number }
  /** A delay, then the request is handled normally. */
  | { type: 'latency'; ms: number }
  /** The work is done, then the socket is destroyed with no answer. */
  | { type: 'lost-answer' }
  /** The work is done, then the answer is a 500 (or `status`). */
  | { type: 'lost-answer-5xx'; status?: number }
  /** 403 PERMISSION_DENIED "Request had insufficient authentication scopes." */
  | { type: 'insufficient-scopes' }

export interface FaultRule {
  op: Operation | Operation[]
  fault: Fault
  /** Matching requests that get it: default 1, or unlimited with `probability`. */
  times?: number
  /** Matching requests let through first. Default 0. */
  after?: number
  /** 0..1, drawn for each matching request from the seeded RNG. */
  probability?: number
}

export interface ItemFailure {
  code: number
  message: string
}

export interface MediaItemRecord {
  id: string
  filename: string
  mimeType: string
  description?: string
  productUrl: string
  baseUrl: string
  sha256: string
  bytes: number
  uploadToken?: string
  appCreated: boolean
  mediaMetadata: {
    creationTime: string
    width?: string
    height?: string
    photo?: object
    video?: { status: string }
  }
  /** batchCreate results that returned this item as a success (dedup hits count too). */
  createCount: number
  /** Reads of it: batchGet, mediaItems.get and search answers that held it. */
  reads: number
}

export interface UploadRecord {
  token: string
  protocol: 'raw' | 'resumable'
  mimeType: string
  bytes: number
  sha256: string
  chunks: { offset: number; length: number; finalize: boolean }[]
  queries: number
  /** A chunk was sent at an offset > 0 after a query on its session. */
  resumed: boolean
  expired: boolean
  /** Id of the media item it created. */
  usedBy?: string
}
