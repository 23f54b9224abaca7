/** The Library API's shapes that the action uses (discovery revision 20240605). */
import type { AlbumPositionName, MediaMetadata } from '../types.js'

export interface Status {
  code?: number
  message?: string
}

export interface MediaItem {
  id: string
  description?: string
  productUrl?: string
  baseUrl?: string
  mimeType?: string
  filename?: string
  mediaMetadata?: MediaMetadata
}

export interface Album {
  id: string
  title?: string
  productUrl?: string
  isWriteable?: boolean
  mediaItemsCount?: string
}

export interface AlbumPosition {
  position: AlbumPositionName
  relativeMediaItemId?: string
  relativeEnrichmentItemId?: string
}

export interface NewMediaItem {
  description?: string
  simpleMediaItem: { uploadToken: string; fileName?: string }
}

export interface BatchCreateRequest {
  albumId?: string
  newMediaItems: NewMediaItem[]
  albumPosition?: AlbumPosition
}

export interface NewMediaItemResult {
  uploadToken?: string
  status?: Status
  mediaItem?: MediaItem
}

/** Success is a status with code 0 or no code. */
export function isSuccess(status: Status | undefined): boolean {
  return status === undefined || status.code === undefined || status.code === 0
}
