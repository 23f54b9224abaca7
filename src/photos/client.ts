/** The Google Photos Library API calls that the action makes. */
import type { PhotosHttp } from './http.js'
import type { Album, BatchCreateRequest, MediaItem, NewMediaItemResult, Status } from './types.js'

export class PhotosClient {
  constructor(
    readonly http: PhotosHttp,
    readonly apiEndpoint: string
  ) {}

  private url(path: string): string {
    return `${this.apiEndpoint}${path}`
  }

  /**
   * batchCreate, sent once. It is not idempotent: the caller decides what to do
   * when the answer is lost (see create.ts).
   */
  async batchCreate(body: BatchCreateRequest): Promise<NewMediaItemResult[]> {
    const res = await this.http.send({
      op: 'batchCreate',
      method: 'POST',
      url: this.url('/v1/mediaItems:batchCreate'),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      idempotent: false
    })
    const parsed = JSON.parse(res.body) as { newMediaItemResults?: NewMediaItemResult[] }
    return parsed.newMediaItemResults ?? []
  }

  /** batchGet of 1 to 50 distinct ids; results in request order. */
  async batchGet(ids: string[]): Promise<{ mediaItem?: MediaItem; status?: Status }[]> {
    const query = ids.map((id) => `mediaItemIds=${encodeURIComponent(id)}`).join('&')
    const res = await this.http.send({
      op: 'batchGet',
      method: 'GET',
      url: this.url(`/v1/mediaItems:batchGet?${query}`),
      idempotent: true
    })
    const parsed = JSON.parse(res.body) as {
      mediaItemResults?: { mediaItem?: MediaItem; status?: Status }[]
    }
    return parsed.mediaItemResults ?? []
  }

  /** Every app-created album, all pages. */
  async listAlbums(): Promise<Album[]> {
    const albums: Album[] = []
    let pageToken: string | undefined
    do {
      const query = new URLSearchParams({ pageSize: '50', excludeNonAppCreatedData: 'true' })
      if (pageToken) query.set('pageToken', pageToken)
      const res = await this.http.send({
        op: 'albums.list',
        method: 'GET',
        url: this.url(`/v1/albums?${query.toString()}`),
        idempotent: true
      })
      const page = JSON.parse(res.body) as { albums?: Album[]; nextPageToken?: string }
      albums.push(...(page.albums ?? []))
      pageToken = page.nextPageToken || undefined
    } while (pageToken)
    return albums
  }

  async getAlbum(id: string): Promise<Album> {
    const res = await this.http.send({
      op: 'albums.get',
      method: 'GET',
      url: this.url(`/v1/albums/${encodeURIComponent(id)}`),
      idempotent: true
    })
    return JSON.parse(res.body) as Album
  }

  /** albums.create is a write, but a lost answer only risks an empty duplicate album. */
  async createAlbum(title: string): Promise<Album> {
    const res = await this.http.send({
      op: 'albums.create',
      method: 'POST',
      url: this.url('/v1/albums'),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ album: { title } }),
      idempotent: false
    })
    return JSON.parse(res.body) as Album
  }

  /**
   * Every media item of an album, in album order, all pages. With `scopeOptional`, a token
   * without the read scope gets its 403 back and the run goes on.
   */
  async listAlbumItems(
    albumId: string,
    opts: { scopeOptional?: boolean } = {}
  ): Promise<MediaItem[]> {
    const items: MediaItem[] = []
    let pageToken: string | undefined
    do {
      const res = await this.http.send({
        op: 'search',
        method: 'POST',
        url: this.url('/v1/mediaItems:search'),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ albumId, pageSize: 100, ...(pageToken ? { pageToken } : {}) }),
        idempotent: true,
        ...(opts.scopeOptional ? { scopeOptional: true } : {})
      })
      const page = JSON.parse(res.body) as { mediaItems?: MediaItem[]; nextPageToken?: string }
      items.push(...(page.mediaItems ?? []))
      pageToken = page.nextPageToken || undefined
    } while (pageToken)
    return items
  }
}
