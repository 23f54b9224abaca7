/**
 * A GitHub REST API fake for release assets: two real HTTP servers on 127.0.0.1. The API
 * server answers as api.github.com does (a release by tag or id, its assets in pages of at
 * most 100 with GitHub's Link header, and an asset download that redirects with 302 to a
 * signed URL); the storage server plays GitHub's storage host, serves the bytes, and
 * records every Authorization header it receives. Faults per asset: an answer cut short,
 * a reset, HTTP errors; of the API: HTTP errors, a request left unanswered, rate limits.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type StorageFault =
  /** A complete answer without Content-Length that ends after `bytes` bytes. */
  | { type: 'truncate'; bytes: number }
  /** Content-Length in full, then the connection is destroyed after `afterBytes`. */
  | { type: 'reset'; afterBytes: number }
  /** Content-Length in full, `afterBytes` sent, then nothing more until the server closes. */
  | { type: 'stall'; afterBytes: number }
  /** An HTTP error from the storage host. */
  | { type: 'status'; status: number }

/** A fault of the API server for requests whose path matches. */
export type ApiFault =
  | { type: 'status'; status: number }
  | { type: 'stall' }
  /**
   * A rate limit's answer: GitHub's text and `x-ratelimit-*` headers. `resetInSeconds`
   * is when the hour's limit resets; `spent` (the default) says that no request is left of
   * it (a primary limit); `retryAfter` is sent as given.
   */
  | {
      type: 'ratelimit'
      status: 403 | 429
      resetInSeconds?: number
      spent?: boolean
      retryAfter?: string
    }

export interface FakeAsset {
  id: number
  name: string
  bytes: Buffer
  /** `uploaded`, or `open` while an upload to the release goes on. */
  state: 'uploaded' | 'open'
  /** The type its uploader gave (`content_type`); GitHub's default is `application/octet-stream`. */
  contentType: string
  /** Faults of the storage host, in order, one a download; `times` repeats one. */
  faults: { fault: StorageFault; times: number }[]
}

export interface FakeRelease {
  id: number
  tag: string
  assets: FakeAsset[]
}

export interface GitHubRequest {
  server: 'api' | 'storage'
  method: string
  path: string
  authorization?: string
  accept?: string
  status?: number
  startedAt: number
  endedAt?: number
}

const DOCS = 'https://docs.github.com/rest/releases'
const REPOSITORY_ID = 424242

export class GitHubFake {
  readonly requests: GitHubRequest[] = []
  readonly releases: FakeRelease[] = []
  /**
   * Requests refused with 403, as for a token without `contents: read`: every API request,
   * or only asset downloads.
   */
  forbidden: false | 'all' | 'downloads' = false
  private readonly apiFaults: { path: RegExp; fault: ApiFault; times: number }[] = []
  private nextId = 1000
  private readonly api = http.createServer((req, res) => this.handleApi(req, res))
  private readonly storage = http.createServer((req, res) => this.handleStorage(req, res))
  apiUrl = ''
  storageUrl = ''

  private constructor(
    readonly token: string,
    readonly owner: string,
    readonly repo: string,
    /** `/api/v3` plays GitHub Enterprise Server, whose API lives under that path. */
    readonly pathPrefix: string
  ) {}

  static async start(
    opts: { token?: string; owner?: string; repo?: string; pathPrefix?: string } = {}
  ): Promise<GitHubFake> {
    const fake = new GitHubFake(
      opts.token ?? 'ghs_fakeGitHubToken0123456789',
      opts.owner ?? 'octo-org',
      opts.repo ?? 'screens',
      opts.pathPrefix ?? ''
    )
    fake.apiUrl = (await listen(fake.api)) + fake.pathPrefix
    fake.storageUrl = await listen(fake.storage)
    return fake
  }

  async close(): Promise<void> {
    for (const server of [this.api, this.storage]) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }

  /** A published release; assets get ids in the order given, which is GitHub's listing order. */
  addRelease(
    tag: string,
    assets: { name: string; bytes: Buffer; state?: 'open'; contentType?: string }[]
  ): FakeRelease {
    const release: FakeRelease = {
      id: this.nextId++,
      tag,
      assets: assets.map((a) => ({
        id: this.nextId++,
        name: a.name,
        bytes: a.bytes,
        state: a.state ?? 'uploaded',
        contentType: a.contentType ?? 'application/octet-stream',
        faults: []
      }))
    }
    this.releases.push(release)
    return release
  }

  /** The next `times` downloads of the named asset meet `fault` at the storage host. */
  inject(assetName: string, fault: StorageFault, times = 1): void {
    const asset = this.releases.flatMap((r) => r.assets).find((a) => a.name === assetName)
    if (!asset) throw new Error(`no asset ${assetName}`)
    asset.faults.push({ fault, times })
  }

  /** The next `times` API requests whose path matches meet `fault`. */
  injectApi(path: RegExp, fault: ApiFault, times = 1): void {
    this.apiFaults.push({ path, fault, times })
  }

  /** The payload GitHub writes to GITHUB_EVENT_PATH for `release: published`. */
  releaseEvent(release: FakeRelease): unknown {
    return {
      action: 'published',
      release: this.releaseJson(release),
      repository: {
        id: REPOSITORY_ID,
        name: this.repo,
        full_name: `${this.owner}/${this.repo}`,
        owner: { login: this.owner }
      }
    }
  }

  /** Authorization headers the storage host received (it should receive none). */
  storageAuthorizations(): string[] {
    return this.requests
      .filter((r) => r.server === 'storage' && r.authorization !== undefined)
      .map((r) => r.authorization ?? '')
  }

  downloads(): GitHubRequest[] {
    return this.requests.filter((r) => r.server === 'storage')
  }

  private releaseJson(release: FakeRelease) {
    const base = `${this.apiUrl}/repos/${this.owner}/${this.repo}/releases/${release.id}`
    return {
      url: base,
      assets_url: `${base}/assets`,
      upload_url: `https://uploads.github.com/repos/${this.owner}/${this.repo}/releases/${release.id}/assets{?name,label}`,
      html_url: `https://github.com/${this.owner}/${this.repo}/releases/tag/${release.tag}`,
      id: release.id,
      node_id: `RE_${release.id}`,
      tag_name: release.tag,
      target_commitish: 'main',
      name: release.tag,
      draft: false,
      prerelease: false,
      created_at: '2026-11-30T10:00:00Z',
      published_at: '2026-11-30T10:05:00Z',
      assets: release.assets.map((a) => this.assetJson(release, a))
    }
  }

  private assetJson(release: FakeRelease, asset: FakeAsset) {
    return {
      url: `${this.apiUrl}/repos/${this.owner}/${this.repo}/releases/assets/${asset.id}`,
      id: asset.id,
      node_id: `RA_${asset.id}`,
      name: asset.name,
      label: '',
      uploader: { login: 'github-actions[bot]' },
      content_type: asset.contentType,
      state: asset.state,
      size: asset.bytes.length,
      download_count: 0,
      created_at: '2026-11-30T10:01:00Z',
      updated_at: '2026-11-30T10:01:00Z',
      browser_download_url: `https://github.com/${this.owner}/${this.repo}/releases/download/${release.tag}/${encodeURIComponent(asset.name)}`
    }
  }

  private record(server: 'api' | 'storage', req: http.IncomingMessage): GitHubRequest {
    const entry: GitHubRequest = {
      server,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      ...(req.headers.authorization !== undefined
        ? { authorization: req.headers.authorization }
        : {}),
      ...(req.headers.accept !== undefined ? { accept: req.headers.accept } : {}),
      startedAt: performance.now()
    }
    this.requests.push(entry)
    return entry
  }

  private handleApi(req: http.IncomingMessage, res: http.ServerResponse): void {
    const entry = this.record('api', req)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status
      entry.endedAt = performance.now()
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        ...headers
      })
      res.end(JSON.stringify(body))
    }
    const fail = (status: number, message: string, doc = DOCS) =>
      send(status, { message, documentation_url: doc, status: String(status) })

    const auth = req.headers.authorization ?? ''
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return fail(401, 'Bad credentials', 'https://docs.github.com/rest')
    }
    if (this.forbidden === 'all') return fail(403, 'Resource not accessible by integration')
    const planned = this.apiFaults.find((f) => f.times > 0 && f.path.test(req.url ?? ''))
    if (planned) {
      planned.times--
      // A stalled request gets no answer until the server closes.
      if (planned.fault.type === 'stall') return
      if (planned.fault.type === 'ratelimit') return this.sendRateLimit(planned.fault, send)
      const { status } = planned.fault
      return fail(
        status,
        status >= 500 ? 'Server Error' : status === 401 ? 'Bad credentials' : 'Error'
      )
    }

    const url = new URL(req.url ?? '/', this.apiUrl)
    const repoPrefix = `${this.pathPrefix}/repos/${this.owner}/${this.repo}/releases`
    const byIdPrefix = `${this.pathPrefix}/repositories/${REPOSITORY_ID}/releases`
    const p = url.pathname
    const rest = p.startsWith(repoPrefix)
      ? p.slice(repoPrefix.length)
      : p.startsWith(byIdPrefix)
        ? p.slice(byIdPrefix.length)
        : undefined
    if (rest === undefined || req.method !== 'GET') return fail(404, 'Not Found')

    let m = /^\/tags\/(.+)$/.exec(rest)
    if (m) {
      const tag = decodeURIComponent(m[1] ?? '')
      const release = this.releases.find((r) => r.tag === tag)
      if (!release) return fail(404, 'Not Found', `${DOCS}/releases#get-a-release-by-tag-name`)
      return send(200, this.releaseJson(release))
    }
    m = /^\/assets\/(\d+)$/.exec(rest)
    if (m) {
      const id = Number(m[1])
      const release = this.releases.find((r) => r.assets.some((a) => a.id === id))
      const asset = release?.assets.find((a) => a.id === id)
      if (!release || !asset) return fail(404, 'Not Found', `${DOCS}/assets#get-a-release-asset`)
      if (this.forbidden === 'downloads') return fail(403, 'Resource not accessible by integration')
      if ((req.headers.accept ?? '').includes('application/octet-stream')) {
        const signed =
          `${this.storageUrl}/github-production-release-asset-2e65be/${REPOSITORY_ID}/${asset.id}` +
          `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=${asset.id.toString(16)}ab12` +
          `&response-content-disposition=attachment%3B%20filename%3D${encodeURIComponent(asset.name)}`
        entry.status = 302
        entry.endedAt = performance.now()
        res.writeHead(302, { location: signed, 'content-length': '0' })
        res.end()
        return
      }
      return send(200, this.assetJson(release, asset))
    }
    m = /^\/(\d+)(\/assets)?$/.exec(rest)
    if (m) {
      const release = this.releases.find((r) => r.id === Number(m?.[1]))
      if (!release) return fail(404, 'Not Found', `${DOCS}/releases#get-a-release`)
      if (!m[2]) return send(200, this.releaseJson(release))
      return this.sendAssetPage(release, url, send)
    }
    return fail(404, 'Not Found')
  }

  /** GitHub's answer to a request over a rate limit. */
  private sendRateLimit(
    fault: Extract<ApiFault, { type: 'ratelimit' }>,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void
  ): void {
    const spent = fault.spent ?? true
    const reset = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 3600)
    send(
      fault.status,
      {
        message: spent
          ? 'API rate limit exceeded for installation ID 12345.'
          : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(fault.status)
      },
      {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': spent ? '0' : '4990',
        'x-ratelimit-used': spent ? '5000' : '10',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
        ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {})
      }
    )
  }

  /** One page of assets; GitHub caps per_page at 100 and links pages by repository id. */
  private sendAssetPage(
    release: FakeRelease,
    url: URL,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void
  ): void {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)))
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1))
    const last = Math.max(1, Math.ceil(release.assets.length / perPage))
    const slice = release.assets.slice((page - 1) * perPage, page * perPage)
    const link = (n: number) =>
      `${this.apiUrl}/repositories/${REPOSITORY_ID}/releases/${release.id}/assets?per_page=${perPage}&page=${n}`
    const links: string[] = []
    if (page > 1) links.push(`<${link(page - 1)}>; rel="prev"`)
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
    if (page > 1) links.push(`<${link(1)}>; rel="first"`)
    send(
      200,
      slice.map((a) => this.assetJson(release, a)),
      links.length > 0 ? { link: links.join(', ') } : {}
    )
  }

  private handleStorage(req: http.IncomingMessage, res: http.ServerResponse): void {
    const entry = this.record('storage', req)
    const done = (status?: number) => {
      if (status !== undefined) entry.status = status
      entry.endedAt = performance.now()
    }
    const m = /^\/github-production-release-asset-2e65be\/\d+\/(\d+)\?/.exec(req.url ?? '')
    const asset = this.releases.flatMap((r) => r.assets).find((a) => a.id === Number(m?.[1]))
    if (!asset) {
      res.writeHead(404, { 'content-type': 'application/xml' })
      res.end('<Error><Code>NoSuchKey</Code></Error>')
      return done(404)
    }
    const planned = asset.faults[0]
    if (planned) {
      planned.times--
      if (planned.times <= 0) asset.faults.shift()
    }
    const fault = planned?.fault
    if (fault?.type === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/xml' })
      res.end('<Error><Code>ServiceUnavailable</Code></Error>')
      return done(fault.status)
    }
    if (fault?.type === 'truncate') {
      // Chunked, so the answer is complete by HTTP's rules: only the size tells.
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.end(asset.bytes.subarray(0, fault.bytes))
      return done(200)
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(asset.bytes.length)
    })
    if (fault?.type === 'stall') {
      res.write(asset.bytes.subarray(0, fault.afterBytes))
      return done()
    }
    if (fault?.type === 'reset') {
      res.write(asset.bytes.subarray(0, fault.afterBytes), () => res.destroy())
      return done()
    }
    res.end(asset.bytes)
    done(200)
  }
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
