export const id = 363;
export const ids = [363];
export const modules = {

/***/ 5363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  preload: () => (/* binding */ preload),
  start: () => (/* binding */ start)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(6784);
;// CONCATENATED MODULE: ./src/cancel.ts
/**
 * Cancellation by the runner. GitHub cancels a step (a cancelled run, `timeout-minutes`)
 * with SIGINT, then SIGTERM about 7.5 s later. The first signal cancels the run gracefully;
 * a second one finishes the record at once.
 */
/** Time a batchCreate (or albums.create) in flight gets to answer after a cancellation. */
const CANCEL_GRACE_MS = 5000;
class CancelledError extends Error {
    signal;
    constructor(signal) {
        super(`The run was cancelled (${signal}): by a cancelled workflow run or the step's ` +
            '`timeout-minutes`. Items not finished are marked failed; re-run to create them ' +
            '(with `skip-existing: true`, items already in the album are not uploaded again).');
        this.signal = signal;
        this.name = 'CancelledError';
    }
}
/** Signals as they come, for a run that may not be listening yet. */
class Cancellation {
    received = [];
    handlers;
    /** Returns true when this signal asks to finish at once (a second one). */
    receive(signal) {
        this.received.push(signal);
        const [first] = this.received;
        if (this.received.length === 1 && first)
            this.handlers?.cancel(new CancelledError(first));
        else if (this.received.length > 1)
            this.handlers?.force();
        return this.received.length > 1;
    }
    /** The run listens from now on; signals that came before take effect at once. */
    listen(handlers) {
        this.handlers = handlers;
        const [first] = this.received;
        if (first)
            handlers.cancel(new CancelledError(first));
        if (this.received.length > 1)
            handlers.force();
    }
    /** The run no longer listens (it is writing its record). */
    close() {
        this.handlers = undefined;
    }
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(8422);
// EXTERNAL MODULE: ./src/photos/errors.ts
var photos_errors = __webpack_require__(3362);
;// CONCATENATED MODULE: ./src/album.ts
/** The target album: checked by id, or found (or made) by title. */



/**
 * Resolves `album-id` or `album-title`. Reads only, except that a missing titled album
 * is created, and not even that in a dry run.
 */
async function resolveAlbum(client, config) {
    if (config.albumId) {
        try {
            const album = await client.getAlbum(config.albumId);
            return {
                info: { id: album.id, title: album.title, url: album.productUrl },
                itemsBefore: itemCount(album)
            };
        }
        catch (err) {
            if (err instanceof photos_errors/* PhotosApiError */.Ox && (err.httpStatus === 404 || err.httpStatus === 400)) {
                throw new errors/* InputError */.d('album-id', `no album with id ${config.albumId} is visible to this OAuth client. The Library API ` +
                    'can only use albums that this same client created; use `album-title` to let the ' +
                    'action create one and reuse it on later runs.');
            }
            throw err;
        }
    }
    if (config.albumTitle === undefined)
        return null;
    const title = config.albumTitle;
    const matches = (await client.listAlbums()).filter((a) => a.title === title);
    if (matches.length > 1) {
        core/* warning */.$e(`${matches.length} app-created albums are titled "${title}"; using the first, ${matches[0]?.id}.`);
    }
    const found = matches[0];
    if (found) {
        core/* info */.pq(`Using the existing album "${title}" (${found.id}${itemCountText(found)}).`);
        return {
            info: { id: found.id, title: found.title, url: found.productUrl, created: false },
            itemsBefore: itemCount(found)
        };
    }
    if (config.position === 'AFTER_MEDIA_ITEM' || config.position === 'AFTER_ENRICHMENT_ITEM') {
        // Known now, before the album is made and anything uploaded: the first batchCreate
        // would be refused, and the run would stop with the album made and the bytes sent.
        const what = config.position === 'AFTER_MEDIA_ITEM' ? 'media item' : 'enrichment';
        const a = what === 'media item' ? 'a' : 'an';
        throw new errors/* InputError */.d('relative-item-id', `names ${a} ${what} to place items after, but no album is titled "${title}": this run ` +
            `would create it empty, so the ${what} cannot be in it. Leave \`position\` and ` +
            '`relative-item-id` out of the run that creates the album, or give the `album-id` ' +
            `of an album that holds the ${what}.`);
    }
    if (config.dryRun) {
        core/* info */.pq(`Dry run: the album "${title}" does not exist yet and would be created.`);
        return { info: { id: '', title, created: true }, itemsBefore: 0 };
    }
    const album = await createAlbumOnce(client, title);
    core/* info */.pq(`Created the album "${title}" (${album.id}).`);
    return {
        info: { id: album.id, title: album.title ?? title, url: album.productUrl, created: true },
        itemsBefore: 0
    };
}
/**
 * `mediaItemsCount`, or undefined when the answer leaves it out: a missing count is not
 * taken for 0, since the lookup after a lost answer trusts it as a bound.
 */
function itemCount(album) {
    const count = album.mediaItemsCount;
    return count !== undefined && /^\d+$/.test(count) ? Number(count) : undefined;
}
/** ", 12 items". The API leaves `mediaItemsCount` out of an empty album. */
function itemCountText(album) {
    const n = Number(album.mediaItemsCount ?? 0);
    return `, ${n} item${n === 1 ? '' : 's'}`;
}
/**
 * albums.create is not idempotent: when its answer is lost, look for the album before
 * creating it again, so that a retry cannot leave two albums of the same title.
 */
async function createAlbumOnce(client, title) {
    try {
        return await client.createAlbum(title);
    }
    catch (err) {
        const lost = err instanceof photos_errors/* ConnectionError */.Rc || (err instanceof photos_errors/* PhotosApiError */.Ox && err.isTransient);
        if (!lost)
            throw err;
        core/* info */.pq(`albums.create answer lost (${(0,errors/* errorMessage */.g)(err)}); checking whether the album exists`);
        const made = (await client.listAlbums()).find((a) => a.title === title);
        return made ?? (await client.createAlbum(title));
    }
}
/** File names of an album's media items, each with its first media item. */
function namesOf(inAlbum) {
    const names = new Map();
    for (const item of inAlbum) {
        if (item.filename && !names.has(item.filename))
            names.set(item.filename, item);
    }
    return names;
}

// EXTERNAL MODULE: ./src/photos/dispatcher.ts
var photos_dispatcher = __webpack_require__(848);
// EXTERNAL MODULE: ./src/photos/retry.ts
var photos_retry = __webpack_require__(463);
;// CONCATENATED MODULE: ./src/photos/http.ts



/** Writes whose lost answer may leave something made: a cancellation lets them finish. */
const GRACEFUL_OPS = new Set(['batchCreate', 'albums.create']);
/**
 * Answers after which no request of the run can succeed: the daily quota, credentials
 * that cannot give a token, a token refused (401 after a refresh) or short of a scope (403),
 * and the answers of PhotosApiError.haltsRun (full storage, a foreign album, …).
 */
function haltsRun(err) {
    if (err instanceof photos_errors/* DailyQuotaError */.M$ || err instanceof photos_errors/* AuthError */.lR)
        return true;
    return err instanceof photos_errors/* PhotosApiError */.Ox && err.haltsRun;
}
class PhotosHttp {
    tokens;
    policy;
    onRetry;
    dispatcher;
    ownsDispatcher;
    /** Calls made, by operation (every attempt counts: they all cost quota). */
    calls = {};
    /** What stopped the run; undefined while it goes on. */
    reason;
    stoppedAt = false;
    /** Aborts every wait, and tells the pipeline that the run stopped. */
    halt = new AbortController();
    graceTimer;
    /** Requests on their way, so that a stop abandons them. */
    inFlight = new Set();
    constructor(tokens, policy, onRetry = () => undefined, 
    /**
     * HTTP/1.1 connections to one host: one for each request the run can have in flight
     * there at once (`concurrency` uploads and a batchCreate). undici frees a connection
     * that has answered only a turn of the event loop later, so without a limit the next
     * upload, sent the moment one ends, opened another (12 connections for 120 uploads at
     * concurrency 6 against the emulator, each a new handshake). At the limit, a request
     * waits for that turn and goes out on the connection that answered. HTTP/2 is not
     * offered (see `dispatcher.ts`), so this holds against Google too.
     */
    connections = 64, dispatcher) {
        this.tokens = tokens;
        this.policy = policy;
        this.onRetry = onRetry;
        this.ownsDispatcher = dispatcher === undefined;
        this.dispatcher =
            dispatcher ??
                (0,photos_dispatcher/* createDispatcher */.SM)({
                    connect: { timeout: 30_000 },
                    keepAliveTimeout: 10_000,
                    connections
                });
    }
    /** True once the run stopped: no request starts, none is retried. */
    get stopped() {
        return this.stoppedAt;
    }
    get stopReason() {
        return this.reason;
    }
    /** Aborts when the run stops (fatal answer or cancellation). */
    get stopSignal() {
        return this.halt.signal;
    }
    /** Stops the run now: every request in flight is abandoned and none starts or retries. */
    stop(reason) {
        if (!this.stoppedAt) {
            this.stoppedAt = true;
            this.reason = reason;
            this.halt.abort(reason);
        }
        clearTimeout(this.graceTimer);
        for (const exchange of this.inFlight)
            exchange.abort(this.reason);
    }
    /**
     * Cancels the run: nothing new starts and requests in flight are abandoned, except a
     * batchCreate or albums.create, which gets `graceMs` to answer (its answer says what
     * was made).
     */
    cancel(reason, graceMs) {
        if (this.stoppedAt)
            return;
        this.stoppedAt = true;
        this.reason = reason;
        this.halt.abort(reason);
        for (const exchange of this.inFlight)
            if (!exchange.graceful)
                exchange.abort(reason);
        this.graceTimer = setTimeout(() => {
            for (const exchange of this.inFlight)
                exchange.abort(reason);
        }, graceMs);
    }
    /** A wait between attempts that ends (with StoppedError) when the run stops. */
    async sleep(ms, op) {
        if (this.stoppedAt)
            throw new photos_errors/* StoppedError */.Ko(op, this.reason, false);
        try {
            await this.policy.sleep(ms, this.halt.signal);
        }
        catch (err) {
            if (!this.stoppedAt)
                throw err;
        }
        if (this.stoppedAt)
            throw new photos_errors/* StoppedError */.Ko(op, this.reason, false);
    }
    /** Waits for requests in flight, then closes the connection pool. */
    async close() {
        clearTimeout(this.graceTimer);
        if (this.ownsDispatcher)
            await this.dispatcher.close();
    }
    /** Closes the pool at once, abandoning requests in flight (the run is stopped). */
    async destroy(reason = new Error('the connection pool was closed')) {
        this.stop(this.reason ?? reason);
        if (this.ownsDispatcher)
            await this.dispatcher.destroy();
    }
    /** Sends with retries; returns a 2xx answer or throws PhotosApiError / ConnectionError. */
    async send(req) {
        const maxAttempts = req.maxAttempts ?? this.policy.maxAttempts;
        try {
            return await this.attempts(req, maxAttempts);
        }
        catch (err) {
            const spared = req.scopeOptional && err instanceof photos_errors/* PhotosApiError */.Ox && err.isInsufficientScopes;
            if (!this.stoppedAt && haltsRun(err) && !spared)
                this.stop(err);
            throw err;
        }
    }
    async attempts(req, maxAttempts) {
        let refreshed = false;
        for (let attempt = 1;; attempt++) {
            if (this.stoppedAt)
                throw new photos_errors/* StoppedError */.Ko(req.op, this.reason, false);
            let failure;
            try {
                const res = await this.once(req);
                if (res.status >= 200 && res.status < 300)
                    return res;
                failure = toApiError(req.op, res);
            }
            catch (err) {
                if (!(err instanceof photos_errors/* ConnectionError */.Rc))
                    throw err;
                failure = err;
            }
            if (failure instanceof photos_errors/* PhotosApiError */.Ox) {
                if (failure.isDailyQuota)
                    throw new photos_errors/* DailyQuotaError */.M$(failure);
                if (failure.httpStatus === 401 && !refreshed) {
                    // A 401 did nothing on the server: refresh once and send again. A token that
                    // cannot be refreshed throws an AuthError that says what to do.
                    refreshed = true;
                    await this.tokens.refresh();
                    attempt--;
                    continue;
                }
            }
            const delay = this.retryDelay(req, failure, attempt, maxAttempts);
            if (delay === undefined || this.stoppedAt)
                throw failure;
            this.onRetry({ op: req.op, attempt, delayMs: delay, reason: shortReason(failure) });
            await this.sleep(delay, req.op);
        }
    }
    /** Wait before the next attempt, or undefined when the failure is final. */
    retryDelay(req, failure, attempt, maxAttempts) {
        if (attempt >= maxAttempts)
            return undefined;
        if (failure instanceof photos_errors/* ConnectionError */.Rc) {
            if (!req.idempotent && failure.maybeProcessed)
                return undefined;
            return (0,photos_retry/* backoffDelay */.EY)(this.policy, attempt);
        }
        if (failure.isRateLimit) {
            const wait = (0,photos_retry/* rateLimitDelay */.nl)(this.policy, failure.retryAfterMs);
            return wait > this.policy.maxRetryAfterMs ? undefined : wait;
        }
        if (failure.isTransient && req.idempotent)
            return (0,photos_retry/* backoffDelay */.EY)(this.policy, attempt);
        return undefined;
    }
    async once(req) {
        this.calls[req.op] = (this.calls[req.op] ?? 0) + 1;
        const token = this.tokens.currentToken?.() ?? (await this.tokens.getToken());
        const body = typeof req.body === 'function' ? req.body() : req.body;
        const timeout = (0,photos_retry/* timeoutFor */.lh)(this.policy, req.bodyBytes ?? 0);
        const headers = {};
        for (const name in req.headers)
            headers[name] = req.headers[name];
        headers.authorization = `Bearer ${token}`;
        const exchange = new Exchange(GRACEFUL_OPS.has(req.op), timeout);
        this.inFlight.add(exchange);
        try {
            exchange.dispatch(this.dispatcher, {
                url: req.url,
                method: req.method,
                headers,
                // Undici sends an async iterable piece by piece, waiting for the socket to drain;
                // its typings name only streams.
                body: body
            });
            return await exchange.answer;
        }
        catch (err) {
            if (body && typeof body === 'object' && 'destroy' in body)
                body.destroy();
            // Abandoned because the run stopped: the request was on its way.
            if (this.stoppedAt && !exchange.timedOut)
                throw new photos_errors/* StoppedError */.Ko(req.op, this.reason, true);
            throw toConnectionError(req.op, err, exchange.answered, exchange.timedOut);
        }
        finally {
            exchange.done();
            this.inFlight.delete(exchange);
        }
    }
}
/**
 * One request, no retry, its answer read whole within `timeoutMs`: for a request outside
 * the Library API (tokeninfo), which has no bearer token, policy or count of its own.
 */
async function requestOnce(dispatcher, req, timeoutMs) {
    const handler = new Exchange(false, timeoutMs);
    try {
        handler.dispatch(dispatcher, { ...req, headers: req.headers ?? {} });
        return await handler.answer;
    }
    finally {
        handler.done();
    }
}
/**
 * One request and its answer, read whole, with the one timer that bounds it. Undici's
 * `request` wraps the same dispatch in an async resource, a readable stream for the body
 * and a signal listener: about a tenth of a millisecond per upload, during which the
 * answers of the other slots wait for the CPU.
 */
class Exchange {
    graceful;
    timeoutMs;
    /** The status and headers arrived: the request was received. */
    answered = false;
    timedOut = false;
    answer;
    resolve;
    reject;
    controller;
    reason;
    status = 0;
    headers = {};
    chunks = [];
    timer;
    constructor(
    /** Spared by a cancellation until its grace ends. */
    graceful, timeoutMs) {
        this.graceful = graceful;
        this.timeoutMs = timeoutMs;
        this.answer = new Promise((resolve, reject) => {
            this.resolve = resolve;
            this.reject = reject;
        });
        this.timer = setTimeout(() => {
            this.timedOut = true;
            this.abort(new DOMException('no answer in time', 'TimeoutError'));
        }, timeoutMs);
    }
    /** Hands the request to undici, whose own header and body timeouts are the exchange's. */
    dispatch(dispatcher, req) {
        const { origin, path } = splitUrl(req.url);
        dispatcher.dispatch({
            origin,
            path,
            method: req.method,
            headers: req.headers,
            body: req.body ?? null,
            headersTimeout: this.timeoutMs,
            bodyTimeout: this.timeoutMs
        }, this);
    }
    /** Abandons the request: the answer rejects now, even while it waits for a connection. */
    abort(reason) {
        if (this.reason !== undefined)
            return;
        this.reason = reason;
        this.controller?.abort(reason);
        this.reject(reason);
    }
    done() {
        clearTimeout(this.timer);
    }
    onRequestStart(controller) {
        this.controller = controller;
        if (this.reason !== undefined)
            controller.abort(this.reason);
    }
    onResponseStart(_controller, statusCode, headers) {
        // An interim answer (100 Continue, 103 Early Hints): the real one follows.
        if (statusCode < 200)
            return;
        this.answered = true;
        this.status = statusCode;
        this.headers = headers;
    }
    onResponseData(_controller, chunk) {
        this.chunks.push(chunk);
    }
    onResponseEnd() {
        const body = this.chunks.length === 1
            ? this.chunks[0].toString()
            : Buffer.concat(this.chunks).toString();
        this.resolve({ status: this.status, headers: flatHeaders(this.headers), body });
    }
    onResponseError(_controller, err) {
        this.reject(this.reason ?? err);
    }
}
/** Origin and path of an absolute URL the action built itself (endpoint + path). */
function splitUrl(url) {
    const slash = url.indexOf('/', url.indexOf('//') + 2);
    if (slash < 0)
        return { origin: url, path: '/' };
    return { origin: url.slice(0, slash), path: url.slice(slash) };
}
function flatHeaders(headers) {
    const out = {};
    for (const [k, v] of Object.entries(headers))
        out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    return out;
}
function toApiError(op, res) {
    let message = res.body.trim().slice(0, 500) || `HTTP ${res.status}`;
    let status;
    try {
        const parsed = JSON.parse(res.body);
        if (typeof parsed.error === 'object' && parsed.error) {
            message = parsed.error.message ?? message;
            status = parsed.error.status;
        }
    }
    catch {
        // Not JSON (a proxy's page, say): keep the text.
    }
    return new photos_errors/* PhotosApiError */.Ox(op, res.status, message, status, (0,photos_retry/* parseRetryAfter */.mu)(res.headers['retry-after']));
}
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_CONNECT_TIMEOUT'
]);
const UNDICI_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
function toConnectionError(op, err, headersReceived, timedOut) {
    const e = err;
    const raw = e.code ?? e.cause?.code ?? e.name ?? 'ERROR';
    // undici's own header and body timeouts can fire before the request's timer: the same event.
    if (UNDICI_TIMEOUTS.has(raw))
        timedOut = true;
    const code = timedOut ? 'ETIMEDOUT' : raw;
    if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_ARG_TYPE')
        return err;
    const notSent = NOT_SENT_CODES.has(code);
    const detail = timedOut
        ? 'no answer in time'
        : headersReceived
            ? 'the answer was cut off'
            : notSent
                ? 'could not connect'
                : 'the connection was lost before an answer';
    return new photos_errors/* ConnectionError */.Rc(op, code, detail, !notSent);
}
function shortReason(failure) {
    if (failure instanceof photos_errors/* ConnectionError */.Rc)
        return failure.code;
    return `HTTP ${failure.httpStatus}${failure.apiStatus ? ` ${failure.apiStatus}` : ''}`;
}

;// CONCATENATED MODULE: ./src/auth.ts
/**
 * Access tokens: given as an input, or refreshed with google-auth-library, whose requests
 * go through the action's own HTTP client.
 */




function createTokenSource(credentials, tokenEndpoint, transport) {
    if (credentials.kind === 'access-token')
        return new StaticTokenSource(credentials.accessToken);
    return new RefreshingTokenSource(credentials, tokenEndpoint, transport);
}
/** Why a given access token is refused, and what to do. */
const ACCESS_TOKEN_FIX = 'it has expired (access tokens live about an hour), was revoked, or was not issued for this ' +
    'API. Pass a fresh token, or give `client-id`, `client-secret` and `refresh-token` so that ' +
    'the action refreshes tokens itself.';
class StaticTokenSource {
    token;
    refreshable = false;
    constructor(token) {
        this.token = token;
    }
    async getToken() {
        return this.token;
    }
    currentToken() {
        return this.token;
    }
    async refresh() {
        throw new photos_errors/* AuthError */.lR(`The Library API refused \`access-token\` (401): ${ACCESS_TOKEN_FIX}`);
    }
}
/** Tokens are refreshed this long before they expire. */
const EAGER_REFRESH_MS = 5 * 60_000;
class RefreshingTokenSource {
    credentials;
    tokenEndpoint;
    transport;
    refreshable = true;
    client;
    /** The client once loaded, for what is known of its current token. */
    loaded;
    pending;
    masked = new Set();
    constructor(credentials, tokenEndpoint, transport) {
        this.credentials = credentials;
        this.tokenEndpoint = tokenEndpoint;
        this.transport = transport;
    }
    /** google-auth-library is loaded only by runs that refresh: it is a third of the bundle. */
    oauthClient() {
        this.client ??= __webpack_require__.e(/* import() */ 492).then(__webpack_require__.t.bind(__webpack_require__, 492, 23)).then(({ OAuth2Client }) => {
            const client = new OAuth2Client({
                clientId: this.credentials.clientId,
                clientSecret: this.credentials.clientSecret,
                endpoints: { oauth2TokenUrl: this.tokenEndpoint },
                // Refresh a little before expiry so that a long upload does not start with a dying token.
                eagerRefreshThresholdMillis: EAGER_REFRESH_MS,
                transporterOptions: { fetchImplementation: fetchThrough(this.transport) }
            });
            client.setCredentials({ refresh_token: this.credentials.refreshToken });
            this.loaded = client;
            return client;
        });
        return this.client;
    }
    getToken() {
        // One refresh at a time: parallel uploads share it.
        this.pending ??= this.fetchToken().finally(() => {
            this.pending = undefined;
        });
        return this.pending;
    }
    async refresh() {
        const client = await this.oauthClient();
        client.setCredentials({ refresh_token: this.credentials.refreshToken });
        return this.getToken();
    }
    /** The token the client holds, while the client itself would not refresh it yet. */
    currentToken() {
        if (this.pending)
            return undefined;
        const { access_token: token, expiry_date: expiry } = this.loaded?.credentials ?? {};
        if (!token || !this.masked.has(token))
            return undefined;
        return expiry && expiry - Date.now() > EAGER_REFRESH_MS ? token : undefined;
    }
    grantedScopes() {
        return this.loaded?.credentials.scope?.split(/\s+/).filter(Boolean);
    }
    async fetchToken() {
        let token;
        try {
            token = (await (await this.oauthClient()).getAccessToken()).token;
        }
        catch (err) {
            throw refreshFailure(err);
        }
        if (!token)
            throw new photos_errors/* AuthError */.lR('The token endpoint answered without an access token.');
        if (!this.masked.has(token)) {
            core/* setSecret */.Pq(token);
            this.masked.add(token);
        }
        return token;
    }
}
/**
 * A `fetch` for google-auth-library's HTTP client (gaxios) that sends through the action's
 * own client: the proxies it honours (gaxios reads `HTTPS_PROXY` itself, and its proxy agent
 * takes no `socks5://`), and no second HTTP stack to load (gaxios' own is `node-fetch` over
 * `node:http`). It carries the token requests only: a form or JSON body, an answer read whole.
 */
function fetchThrough(transport) {
    return async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        const headers = {};
        new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
        const method = (init?.method ?? 'GET').toUpperCase();
        if (method !== 'GET' && method !== 'POST')
            throw new Error(`${method} is not a token request`);
        const body = init?.body;
        if (body != null && typeof body !== 'string' && !(body instanceof URLSearchParams)) {
            throw new Error('a token request carries a form or JSON, not this body');
        }
        const res = await requestOnce(transport.through(), { url, method, headers, ...(body == null ? {} : { body: String(body) }) }, transport.timeoutMs);
        const headersOut = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined)
                headersOut.set(name, value);
        }
        // A 204 or 304 carries no body, and Response refuses one.
        const nullBody = res.status === 204 || res.status === 304;
        return new Response(nullBody ? null : res.body, { status: res.status, headers: headersOut });
    };
}
function refreshFailure(err) {
    const e = err;
    const code = e.response?.data?.error;
    if (code === 'invalid_grant') {
        return new photos_errors/* AuthError */.lR('Google refused `refresh-token` (invalid_grant): it was revoked, or it expired. Refresh tokens ' +
            'of an OAuth app whose publishing status is "Testing" expire after 7 days; publish the app ' +
            '"In production" for long-lived tokens. Get a new refresh token for the same OAuth client ' +
            "(`npm run refresh-token` in the action's repository, or the OAuth 2.0 Playground with " +
            'your own client and the photoslibrary scopes) and update the secret.');
    }
    if (code === 'invalid_client' || code === 'unauthorized_client') {
        return new photos_errors/* AuthError */.lR(`Google refused the OAuth client (${code}): check \`client-id\` and \`client-secret\`, and that ` +
            '`refresh-token` was issued to this same client.');
    }
    return new photos_errors/* AuthError */.lR(`Could not refresh the access token: ${safeMessage(err)}`);
}
/** An error text without anything that could carry a secret (request bodies, headers). */
function safeMessage(err) {
    const e = err;
    if (e.response?.status) {
        return `HTTP ${e.response.status}${e.response.data?.error ? ` ${e.response.data.error}` : ''}`;
    }
    const text = (0,errors/* errorMessage */.g)(err);
    return text.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

;// CONCATENATED MODULE: ./src/batches.ts
/** batchCreate takes at most 50 items a call. */
const MAX_BATCH_SIZE = 50;
function chunk(items, size = MAX_BATCH_SIZE) {
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
}
/**
 * Where the next batch goes. Each batch is inserted at its position in request order,
 * so for FIRST_IN_ALBUM and the AFTER_… positions a later batch must follow the last
 * item created before it; until anything is created, the user's position holds.
 * LAST_IN_ALBUM keeps input order by itself.
 */
function positionFor(placement, lastCreatedId) {
    if (placement.position === 'LAST_IN_ALBUM')
        return { position: 'LAST_IN_ALBUM' };
    if (lastCreatedId !== undefined) {
        return { position: 'AFTER_MEDIA_ITEM', relativeMediaItemId: lastCreatedId };
    }
    switch (placement.position) {
        case 'FIRST_IN_ALBUM':
            return { position: 'FIRST_IN_ALBUM' };
        case 'AFTER_MEDIA_ITEM':
            return { position: 'AFTER_MEDIA_ITEM', relativeMediaItemId: placement.relativeItemId };
        case 'AFTER_ENRICHMENT_ITEM':
            return {
                position: 'AFTER_ENRICHMENT_ITEM',
                relativeEnrichmentItemId: placement.relativeItemId
            };
    }
}
/** A readable position for logs and the summary. */
function describePosition(position) {
    if (!position)
        return 'no album';
    switch (position.position) {
        case 'LAST_IN_ALBUM':
            return 'last in album';
        case 'FIRST_IN_ALBUM':
            return 'first in album';
        case 'AFTER_MEDIA_ITEM':
            return `after media item ${position.relativeMediaItemId ?? ''}`;
        case 'AFTER_ENRICHMENT_ITEM':
            return `after enrichment ${position.relativeEnrichmentItemId ?? ''}`;
    }
}

;// CONCATENATED MODULE: ./src/lost-batch.ts
function matchLostBatch(lookup) {
    const { album, createdBefore, fileNames } = lookup;
    let others = 0;
    for (const item of album)
        if (!createdBefore.has(item.id))
            others++;
    const made = others - lookup.itemsBefore;
    const absent = () => ({
        kind: 'placed',
        items: fileNames.map(() => ({ kind: 'absent' })),
        last: undefined
    });
    if (made === 0)
        return absent();
    if (made < 0)
        return { kind: 'unclear', reason: 'items were taken out of it during the run' };
    if (made > fileNames.length) {
        return {
            kind: 'unclear',
            reason: `it grew by ${made} items, more than the batch holds: something else adds to it`
        };
    }
    const start = windowStart(lookup.position, album, made);
    if (typeof start === 'string')
        return { kind: 'unclear', reason: start };
    const window = album.slice(start, start + made);
    if (window.length < made || window.some((item) => createdBefore.has(item.id))) {
        return { kind: 'unclear', reason: "its new items are not side by side at the batch's place" };
    }
    const fits = (j, b) => {
        const name = fileNames[b];
        return name === undefined || window[j]?.filename === name;
    };
    // The earliest and the latest batch item each new item can stand for, in any matching.
    const earliest = [];
    for (let j = 0, b = 0; j < window.length; j++, b++) {
        while (b < fileNames.length && !fits(j, b))
            b++;
        if (b === fileNames.length) {
            return {
                kind: 'unclear',
                reason: "the new items at the batch's place do not match its file names"
            };
        }
        earliest.push(b);
    }
    const latest = new Array(window.length);
    for (let j = window.length - 1, b = fileNames.length - 1; j >= 0; j--, b--) {
        while (!fits(j, b))
            b--;
        latest[j] = b;
    }
    const items = fileNames.map(() => ({ kind: 'absent' }));
    // A new item whose earliest and latest places agree stands for that batch item in every
    // matching; one named by the API but sent without a name is never claimed.
    window.forEach((mediaItem, j) => {
        const b = earliest[j] ?? -1;
        if (b === latest[j] && fileNames[b] !== undefined)
            items[b] = { kind: 'found', mediaItem };
    });
    window.forEach((_, j) => {
        for (let b = earliest[j] ?? 0; b <= (latest[j] ?? -1); b++) {
            if (fits(j, b) && items[b]?.kind === 'absent')
                items[b] = { kind: 'ambiguous' };
        }
    });
    return { kind: 'placed', items, last: window.at(-1)?.id };
}
/** Where the batch's new items start in the album, or why that cannot be seen. */
function windowStart(position, album, made) {
    switch (position.position) {
        case 'FIRST_IN_ALBUM':
            return 0;
        case 'LAST_IN_ALBUM':
            return album.length - made;
        case 'AFTER_MEDIA_ITEM': {
            const i = album.findIndex((item) => item.id === position.relativeMediaItemId);
            return i < 0 ? 'the item the batch was placed after is no longer in it' : i + 1;
        }
        case 'AFTER_ENRICHMENT_ITEM':
            return 'a listing of its media items does not show where the enrichment stands';
    }
}

;// CONCATENATED MODULE: ./src/photos/types.ts
/** Success is a status with code 0 or no code. */
function isSuccess(status) {
    return status === undefined || status.code === undefined || status.code === 0;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/report/report.ts
/** The JSON report: totals, and an atomic write that the run repeats as it goes. */


/**
 * Statuses of items that failed only because the run stopped. They are short: the reason
 * is the report's `stoppedReason`, given once.
 */
const NOT_ATTEMPTED = 'Not attempted: the run stopped (see the reason above).';
const REFUSED_BY_STOP = 'Refused: its batch got the answer that stopped the run (see above).';
/** An item never sent because the run was cancelled first. */
const cancelledBefore = (mode) => `Cancelled before it was ${mode === 'get' ? 'read' : 'created'}.`;
/**
 * True for an item that failed only because the run stopped or was cancelled, not for a
 * reason of its own.
 */
function failedByStop(item) {
    const message = item.status?.message;
    return (item.outcome === 'failed' &&
        (message === NOT_ATTEMPTED ||
            message === REFUSED_BY_STOP ||
            message === cancelledBefore('create') ||
            message === cancelledBefore('get')));
}
/** `found` counts as created (get mode); `planned` only in the total. */
function countTotals(items) {
    const totals = { total: items.length, created: 0, failed: 0, skipped: 0 };
    for (const item of items) {
        if (item.outcome === 'created' || item.outcome === 'found')
            totals.created++;
        else if (item.outcome === 'failed')
            totals.failed++;
        else if (item.outcome === 'skipped')
            totals.skipped++;
    }
    return totals;
}
/** "48 of 50 created item(s) found again; 2 not found", for the log and the summary. */
function describeVerification(v) {
    const unread = v.items - v.found - v.notFound;
    const parts = [`${v.found} of ${v.items} created item(s) found again`];
    if (v.notFound > 0)
        parts.push(`${v.notFound} not found`);
    if (unread > 0)
        parts.push(`${unread} not read back`);
    return parts.join('; ');
}
/**
 * Writes the report to a temporary file in the same directory and renames it over the
 * target, so that a run killed at any moment leaves the last whole report. Writes are
 * serialized and the last one called wins, `writeSync` included.
 *
 * The run writes the whole report before and after every batchCreate. Serializing every
 * item each time made a run of 10,000 items quadratic, so the items handed to `track` are
 * serialized by blocks of 50, and a block again only when one of its items had a field set
 * or deleted since. (Fields are replaced, never changed inside: `r.status = {…}`.) Each
 * item's proxy marks its own block as changed, so a write looks at the blocks, not at
 * every item; the blocks keep their bytes and their counts, from which `totals` adds up.
 */
class ReportWriter {
    file;
    queue = Promise.resolve();
    tmpCount = 0;
    /** Order in which writes were called, and the latest one that reached the file. */
    called = 0;
    landed = 0;
    dirReady = false;
    /** The write queued behind the one in progress, if any. */
    waiting;
    /** The arrays `track` returned, and what is kept of each. */
    tracked = new WeakMap();
    constructor(file) {
        this.file = file;
    }
    /**
     * The items, as objects whose changes the writer sees; use them in place of the
     * originals. The array returned is frozen: an item's place in it is its block.
     */
    track(items) {
        const state = { targets: [...items], stale: new Set(), blocks: [] };
        const proxies = items.map((item, i) => {
            const block = Math.floor(i / BLOCK_SIZE);
            return new Proxy(item, {
                set: (target, key, value) => (state.stale.add(block), Reflect.set(target, key, value)),
                deleteProperty: (target, key) => (state.stale.add(block),
                    Reflect.deleteProperty(target, key))
            });
        });
        Object.freeze(proxies);
        this.tracked.set(proxies, state);
        return proxies;
    }
    /** `countTotals(items)`, from the blocks' counts when the items are tracked. */
    totals(items) {
        const state = this.tracked.get(items);
        if (!state)
            return countTotals(items);
        const totals = { total: 0, created: 0, failed: 0, skipped: 0 };
        for (let b = 0; b * BLOCK_SIZE < items.length; b++) {
            const counts = this.block(state, b).totals;
            totals.total += counts.total;
            totals.created += counts.created;
            totals.failed += counts.failed;
            totals.skipped += counts.skipped;
        }
        return totals;
    }
    write(report) {
        // Serialized now: the run goes on changing the report while this write waits.
        const parts = this.serialize(report);
        const seq = ++this.called;
        // A write that has not started yet is replaced by this later one; both callers then
        // wait for the later one to land.
        if (this.waiting) {
            this.waiting.parts = parts;
            this.waiting.seq = seq;
            return this.waiting.landed;
        }
        const waiting = { parts, seq, landed: Promise.resolve() };
        // Started after the current turn of the event loop, so that the record after one
        // batchCreate and the record before the next, called back to back, make one write.
        waiting.landed = this.queue.then(afterThisTurn).then(() => {
            if (this.waiting === waiting)
                this.waiting = undefined;
            return this.writeParts(waiting.parts, waiting.seq);
        });
        this.waiting = waiting;
        // One failed write must not block the ones after it.
        this.queue = waiting.landed.catch(() => undefined);
        return waiting.landed;
    }
    writeSync(report) {
        const seq = ++this.called;
        external_node_fs_default().mkdirSync(external_node_path_default().dirname(this.file), { recursive: true });
        const tmp = this.tmpName();
        try {
            external_node_fs_default().writeFileSync(tmp, Buffer.concat(this.serialize(report)));
            external_node_fs_default().renameSync(tmp, this.file);
        }
        catch (err) {
            external_node_fs_default().rmSync(tmp, { force: true });
            throw err;
        }
        this.landed = seq;
    }
    async writeParts(parts, seq) {
        if (!this.dirReady) {
            await external_node_fs_default().promises.mkdir(external_node_path_default().dirname(this.file), { recursive: true });
            this.dirReady = true;
        }
        const tmp = this.tmpName();
        try {
            const handle = await external_node_fs_default().promises.open(tmp, 'w');
            try {
                const total = parts.reduce((sum, p) => sum + p.length, 0);
                const { bytesWritten } = await handle.writev(parts);
                // A short write (a signal, a full disk) leaves the rest to write in one piece.
                if (bytesWritten < total)
                    await handle.write(Buffer.concat(parts).subarray(bytesWritten));
            }
            finally {
                await handle.close();
            }
            // Checked and renamed in one step, so a writeSync meanwhile is never overwritten.
            if (seq < this.landed) {
                external_node_fs_default().rmSync(tmp, { force: true });
                return;
            }
            external_node_fs_default().renameSync(tmp, this.file);
            this.landed = seq;
        }
        catch (err) {
            this.dirReady = false;
            external_node_fs_default().rmSync(tmp, { force: true });
            throw err;
        }
    }
    tmpName() {
        return `${this.file}.${process.pid}.${++this.tmpCount}.tmp`;
    }
    /** The bytes of `JSON.stringify(report, null, 2) + '\n'`, in pieces. */
    serialize(report) {
        const [head = '', tail = ''] = JSON.stringify({ ...report, items: ITEMS_MARK }, null, 2).split(JSON.stringify(ITEMS_MARK));
        const items = report.items;
        if (items.length === 0)
            return [Buffer.from(`${head}[]${tail}\n`)];
        const state = this.tracked.get(items);
        const parts = [Buffer.from(`${head}[\n`)];
        for (let b = 0; b * BLOCK_SIZE < items.length; b++) {
            if (b > 0)
                parts.push(ITEM_SEPARATOR);
            parts.push(state
                ? this.block(state, b).bytes
                : blockBytes(items.slice(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE)));
        }
        parts.push(Buffer.from(`\n  ]${tail}\n`));
        return parts;
    }
    /** Block `b` of tracked items, serialized again only when one of its items changed. */
    block(state, b) {
        const cached = state.blocks[b];
        if (cached && !state.stale.has(b))
            return cached;
        // Read from the objects themselves: a read through a proxy costs several times more.
        const items = state.targets.slice(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE);
        const block = { bytes: blockBytes(items), totals: countTotals(items) };
        state.blocks[b] = block;
        state.stale.delete(b);
        return block;
    }
}
/** Items as they stand two levels deep in the report: 4 spaces in front of each line. */
function blockBytes(items) {
    return Buffer.from(items
        .map((item) => `    ${JSON.stringify(item, null, 2).replaceAll('\n', '\n    ')}`)
        .join(SEPARATOR));
}
const afterThisTurn = () => new Promise((resolve) => setImmediate(resolve));
/**
 * Stands for the items while the rest of the report is serialized: a text of the report
 * could hold it only if made to, knowing this process's id, its start and a random number.
 * (A random UUID took loading `node:crypto`, 4-6 ms at start, which a run needs for
 * nothing else.)
 */
const ITEMS_MARK = `\u0000items-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}\u0000`;
/** Between two items, and so between two blocks of them. */
const SEPARATOR = ',\n';
const ITEM_SEPARATOR = Buffer.from(SEPARATOR);
const BLOCK_SIZE = 50;

;// CONCATENATED MODULE: ./src/create.ts
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
 */








/** Answer-lost retries of one batch: with bytes at hand, and with tokens only. */
const LOST_ANSWER_RETRIES_WITH_FILES = 3;
const LOST_ANSWER_RETRIES_TOKENS_ONLY = 1;
/** Rounds of retrying items that failed with code 13 (INTERNAL). */
const INTERNAL_ITEM_RETRIES = 2;
class Creator {
    opts;
    lastCreatedId;
    /** Set once the album could not be read for want of the read scope: not tried again. */
    albumUnreadable = false;
    /** batchCreate calls sent (answer-lost retries included). */
    calls = 0;
    batches = 0;
    constructor(opts) {
        this.opts = opts;
    }
    /** Creates one batch (at most 50 items, input order). */
    async createBatch(items) {
        if (items.length === 0)
            return;
        this.batches++;
        const batchNumber = this.batches;
        for (const item of items)
            this.result(item).batch = batchNumber;
        const { albumId, placement } = this.opts;
        const position = albumId ? positionFor(placement, this.lastCreatedId) : undefined;
        await this.send(items);
        const created = items.filter((item) => this.result(item).outcome === 'created').length;
        this.opts.log(`Batch ${batchNumber}: ${items.length} item(s), ${describePosition(position)}: ` +
            `${created} created, ${items.length - created} failed`);
    }
    /**
     * Writes the outcomes without waiting: only the record before a call must land first,
     * and it carries these too. A write that fails shows at the next one awaited.
     */
    record() {
        this.opts.onProgress().catch(() => undefined);
    }
    result(item) {
        const r = this.opts.results[item.index];
        if (!r)
            throw new Error(`no result slot for item ${item.index}`);
        return r;
    }
    async send(items, internalRetry = 0) {
        // Recorded before the call, so that a run killed now leaves a report that says so.
        for (const item of items) {
            const r = this.result(item);
            r.outcome = 'planned';
            r.status = { code: 2, message: 'batchCreate sent; no answer recorded' };
        }
        await this.opts.onProgress();
        let answers;
        try {
            answers = await this.callWithLostAnswerPolicy(items);
        }
        catch (err) {
            if (err instanceof photos_errors/* StoppedError */.Ko) {
                // The run stopped: a batch that was on its way may exist; one never sent was not tried.
                if (!err.sent)
                    for (const item of items)
                        delete this.result(item).status;
                throw err;
            }
            if (err instanceof LostAnswerError) {
                await this.settleLostBatch(items, err.cause);
                return;
            }
            if (err instanceof photos_errors/* PhotosApiError */.Ox && err.isInvalidUploadToken && items.length > 1) {
                const half = Math.ceil(items.length / 2);
                this.opts.log(`batchCreate refused ${items.length} items for an invalid upload token; splitting to isolate it`);
                await this.send(items.slice(0, half));
                await this.send(items.slice(half));
                return;
            }
            if (isFatal(err)) {
                // This batch was sent and refused; the items after it are left for the caller. The
                // reason is the run's stop reason, given once in the report and the summary.
                for (const item of items)
                    this.fail(item, refusedByStop(err));
                this.record();
                throw err;
            }
            const status = statusOfError(err);
            for (const item of items)
                this.fail(item, status);
            this.record();
            return;
        }
        const retryInternal = [];
        items.forEach((item, i) => {
            const answer = answerFor(answers, i, item.uploadToken);
            if (answer?.mediaItem?.id && isSuccess(answer.status)) {
                this.succeed(item, answer.mediaItem, {
                    code: 0,
                    message: answer.status?.message ?? 'Success'
                });
                this.lastCreatedId = answer.mediaItem.id;
            }
            else if (!answer) {
                this.fail(item, { code: 13, message: 'Missing from the batchCreate response.' });
            }
            else if (answer.status?.code === 13 && internalRetry < INTERNAL_ITEM_RETRIES) {
                retryInternal.push(item);
                this.fail(item, { code: 13, message: answer.status.message ?? 'INTERNAL' });
            }
            else {
                this.fail(item, {
                    code: answer.status?.code ?? 2,
                    message: answer.status?.message ?? 'batchCreate returned no media item.'
                });
            }
        });
        this.record();
        if (retryInternal.length > 0) {
            // Code 13 is transient on Google's side; the token is still good for a day.
            this.opts.log(`retrying ${retryInternal.length} item(s) that failed with INTERNAL (13)`);
            await this.opts.client.http.sleep((0,photos_retry/* backoffDelay */.EY)(this.opts.client.http.policy, internalRetry + 1), 'batchCreate');
            await this.send(retryInternal, internalRetry + 1);
        }
    }
    async callWithLostAnswerPolicy(items) {
        const withFiles = items.every((item) => item.reupload !== undefined);
        const maxRetries = withFiles ? LOST_ANSWER_RETRIES_WITH_FILES : LOST_ANSWER_RETRIES_TOKENS_ONLY;
        let lost = false;
        try {
            for (let retry = 0;; retry++) {
                this.calls++;
                try {
                    return await this.opts.client.batchCreate(this.request(items));
                }
                catch (err) {
                    if (!answerLost(err) || retry >= maxRetries)
                        throw err;
                    lost = true;
                    const http = this.opts.client.http;
                    this.opts.log(`batchCreate answer lost (${(0,errors/* errorMessage */.g)(err)}); ` +
                        (withFiles
                            ? 'uploading the batch again for fresh tokens: identical bytes give back the same media items'
                            : 'sending the same tokens once more: a token that made its item gives it back, or the call is refused and the album is searched'));
                    await http.sleep((0,photos_retry/* backoffDelay */.EY)(http.policy, retry + 1), 'batchCreate');
                    for (const item of items) {
                        if (item.reupload)
                            item.uploadToken = await item.reupload();
                    }
                }
            }
        }
        catch (err) {
            // Stopped after an answer was lost: the lost attempt may have made the items.
            if (err instanceof photos_errors/* StoppedError */.Ko && lost && !err.sent) {
                throw new photos_errors/* StoppedError */.Ko(err.op, err.reason, true);
            }
            // After a lost answer the items may exist, whatever the resend met; only fresh
            // tokens (from files) refused as invalid are invalid for sure.
            const freshTokensRefused = withFiles && err instanceof photos_errors/* PhotosApiError */.Ox && err.isInvalidUploadToken;
            if (lost && !isFatal(err) && !freshTokensRefused)
                throw new LostAnswerError(err);
            // A fatal answer after a lost one stops the run with the batch marked as possibly made.
            if (lost && isFatal(err) && !(err instanceof photos_errors/* StoppedError */.Ko)) {
                throw new photos_errors/* StoppedError */.Ko('batchCreate', err, true);
            }
            throw err;
        }
    }
    /**
     * A batch whose answer was lost and that no later call answered: its items are looked
     * for in the album; those found are created, the others may exist. The next batch goes
     * after the batch's last item when the album shows it, else after the last item known.
     */
    async settleLostBatch(items, cause) {
        const what = cause instanceof photos_errors/* PhotosApiError */.Ox && cause.isInvalidUploadToken
            ? `sending the same upload tokens again was refused (${cause.apiMessage}), as Google may refuse a token that already made its item`
            : answerLost(cause)
                ? `no answer came to sending it again either (${(0,errors/* errorMessage */.g)(cause)})`
                : `sending it again failed (${(0,errors/* errorMessage */.g)(cause)})`;
        const lookup = await this.lookUpLostBatch(items);
        const lost = `May exist: the batchCreate answer was lost, and ${what}.`;
        let found = 0;
        items.forEach((item, i) => {
            if ('reason' in lookup) {
                this.fail(item, {
                    code: 2,
                    message: `${lost} It could not be looked up: ${lookup.reason}. ${lookup.advice}`
                });
                return;
            }
            const finding = lookup.items[i];
            if (finding?.kind === 'found') {
                found++;
                this.succeed(item, finding.mediaItem, {
                    code: 0,
                    message: 'Success: found in the album after the batchCreate answer was lost'
                });
                return;
            }
            const how = finding?.kind === 'ambiguous'
                ? 'New items of its file name at its place in the album cannot be told apart: look in the album.'
                : 'It is not at its place in the album, so it was most likely not created: look in the album, or re-run with `skip-existing: true` to create what is missing.';
            this.fail(item, { code: 2, message: `${lost} ${how}` });
        });
        if (!('reason' in lookup) && lookup.last)
            this.lastCreatedId = lookup.last;
        const outcome = 'reason' in lookup
            ? `its ${items.length} item(s) may exist and could not be looked up: ${lookup.reason}.`
            : found === items.length
                ? `all ${found} item(s) found in the album.`
                : `${found} of ${items.length} item(s) found in the album; the others may exist.`;
        this.opts.log(`batchCreate answer lost, and ${what}: the batch is not split; ${outcome}`);
        await this.opts.onProgress();
    }
    /** The album's answer for a lost batch, or why there is none and what the user can do. */
    async lookUpLostBatch(items) {
        const { albumId, albumItemsBefore, client, placement } = this.opts;
        const advice = 'Look in the album, or re-run with `skip-existing: true`.';
        if (!albumId) {
            return {
                reason: 'the batch has no album',
                advice: 'Look for it in the library before sending its upload token again.'
            };
        }
        const unreadable = {
            reason: `the token lacks the scope ${photos_errors/* SCOPE_READ */.Mh}`,
            advice: 'Look in the album.'
        };
        if (this.albumUnreadable)
            return unreadable;
        if (albumItemsBefore === undefined) {
            return {
                reason: 'the API did not say how many items the album held before the run',
                advice
            };
        }
        let album;
        try {
            album = await client.listAlbumItems(albumId, { scopeOptional: true });
        }
        catch (err) {
            if (err instanceof photos_errors/* PhotosApiError */.Ox && err.isInsufficientScopes) {
                this.albumUnreadable = true;
                return unreadable;
            }
            if (isFatal(err))
                throw err;
            return { reason: `the album could not be listed (${(0,errors/* errorMessage */.g)(err)})`, advice };
        }
        const match = matchLostBatch({
            album,
            itemsBefore: albumItemsBefore,
            createdBefore: new Set(this.opts.results.flatMap((r) => r.outcome === 'created' && r.mediaItemId ? [r.mediaItemId] : [])),
            position: positionFor(placement, this.lastCreatedId),
            fileNames: items.map((item) => item.fileName)
        });
        if (match.kind === 'unclear') {
            return { reason: `the album was listed, but ${match.reason}`, advice };
        }
        return match;
    }
    request(items) {
        const { albumId, placement } = this.opts;
        return {
            ...(albumId ? { albumId, albumPosition: positionFor(placement, this.lastCreatedId) } : {}),
            newMediaItems: items.map((item) => ({
                ...(item.description ? { description: item.description } : {}),
                simpleMediaItem: {
                    uploadToken: item.uploadToken,
                    ...(item.fileName ? { fileName: item.fileName } : {})
                }
            }))
        };
    }
    succeed(item, mediaItem, status) {
        const r = this.result(item);
        r.outcome = 'created';
        r.status = status;
        r.mediaItemId = mediaItem.id;
        r.productUrl = mediaItem.productUrl;
        r.mimeType = mediaItem.mimeType ?? r.mimeType;
        r.mediaMetadata = mediaItem.mediaMetadata;
        const videoStatus = mediaItem.mediaMetadata?.video?.status;
        if (videoStatus)
            r.videoStatus = videoStatus;
    }
    fail(item, status) {
        const r = this.result(item);
        r.outcome = 'failed';
        r.status = status;
        delete r.mediaItemId;
        delete r.productUrl;
    }
}
/**
 * The answer for the i-th item: results come in request order, but an answer that names
 * another upload token is matched by token instead.
 */
function answerFor(answers, i, uploadToken) {
    const answer = answers[i];
    if (!answer?.uploadToken || answer.uploadToken === uploadToken)
        return answer;
    return answers.find((a) => a.uploadToken === uploadToken);
}
/** A batch whose answer was lost, and that the call sent after it did not answer either. */
class LostAnswerError extends Error {
    cause;
    constructor(cause) {
        super((0,errors/* errorMessage */.g)(cause));
        this.cause = cause;
        this.name = 'LostAnswerError';
    }
}
/** A failure after which the server may have done the work. */
function answerLost(err) {
    if (err instanceof photos_errors/* ConnectionError */.Rc)
        return err.maybeProcessed;
    return err instanceof photos_errors/* PhotosApiError */.Ox && err.isTransient;
}
/** Failures that every later batch would meet too: stop the run. */
function isFatal(err) {
    return err instanceof photos_errors/* StoppedError */.Ko || haltsRun(err);
}
/** An item of the batch whose answer stopped the run: a short status, not the whole reason. */
function refusedByStop(err) {
    return { code: statusOfError(err).code, message: REFUSED_BY_STOP };
}
const GRPC_CODE_OF_HTTP = {
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
};
/** The status an item gets when its whole call failed. */
function statusOfError(err) {
    if (err instanceof photos_errors/* PhotosApiError */.Ox) {
        return { code: GRPC_CODE_OF_HTTP[err.httpStatus] ?? 2, message: err.message };
    }
    if (err instanceof photos_errors/* DailyQuotaError */.M$)
        return { code: 8, message: err.message };
    if (err instanceof photos_errors/* AuthError */.lR)
        return { code: 16, message: err.message };
    if (err instanceof photos_errors/* ConnectionError */.Rc) {
        return { code: err.code === 'ETIMEDOUT' ? 4 : 14, message: err.message };
    }
    return { code: 2, message: (0,errors/* errorMessage */.g)(err) };
}

;// CONCATENATED MODULE: ./src/credentials.ts
/**
 * The credentials, checked before any work is shown or started: an access token is
 * obtained (a refresh token that Google refuses fails here), and where its scopes can be
 * known without a Library API call, those the run needs are checked. The refresh grant's
 * answer names the scopes; for a plain `access-token`, Google's tokeninfo endpoint does.
 */





const SCOPE_BASE = 'https://www.googleapis.com/auth/';
/** Scopes that allow each kind of call (the discovery document's lists, legacy scopes included). */
const WRITE_SCOPES = [
    photos_errors/* SCOPE_APPEND */.YZ,
    `${SCOPE_BASE}photoslibrary`,
    `${SCOPE_BASE}photoslibrary.sharing`
];
const READ_SCOPES = [
    photos_errors/* SCOPE_READ */.Mh,
    `${SCOPE_BASE}photoslibrary`,
    `${SCOPE_BASE}photoslibrary.readonly`
];
/** The scopes a run needs, each with the inputs that need it. A dry run checks for the real run. */
function scopesNeeded(config) {
    const needs = [];
    if (config.mode === 'create') {
        needs.push({ scope: photos_errors/* SCOPE_APPEND */.YZ, accepted: WRITE_SCOPES, use: 'uploading and creating items' });
    }
    const reads = [
        config.mode === 'get' ? '`mode: get`' : '',
        config.albumId ? '`album-id` (to check the album)' : '',
        config.albumTitle ? '`album-title` (to find the album)' : '',
        config.skipExisting ? "`skip-existing` (to list the album's items)" : ''
    ].filter(Boolean);
    if (reads.length > 0) {
        needs.push({ scope: photos_errors/* SCOPE_READ */.Mh, accepted: READ_SCOPES, use: inWords(reads) });
    }
    return needs;
}
/** URL of Google's tokeninfo endpoint next to `token-endpoint` (`…/token` → `…/tokeninfo`). */
function tokenInfoUrl(tokenEndpoint) {
    const url = new URL(tokenEndpoint);
    if (!url.pathname.endsWith('/token'))
        return undefined;
    url.pathname = `${url.pathname}info`;
    url.search = '';
    return url.toString();
}
/**
 * Gets an access token and checks its scopes against the run's needs. The requests go
 * now; the verdict is told when the returned function is called, where the check belongs
 * in the run. A run sends them as soon as it knows it has an item, so that the answer is
 * on its way while the rest of the files are found and checked; a wrong input still
 * makes no call.
 */
function startCredentialCheck(check) {
    const found = lookUp(check);
    // Told when asked for; a run that ends before (a wrong input found later) never asks.
    found.catch(() => undefined);
    return async () => tell(await found, check.config);
}
async function lookUp(check) {
    const { tokens, config } = check;
    const token = await tokens.getToken();
    if (config.credentials.kind !== 'access-token') {
        const scopes = tokens.grantedScopes?.();
        return scopes ? { scopes } : {};
    }
    return scopesFromTokenInfo(token, check);
}
function tell(found, config) {
    const given = config.credentials.kind === 'access-token';
    if (found.unreachable)
        core/* info */.pq(`tokeninfo could not be reached (${found.unreachable}).`);
    const { scopes } = found;
    const signedIn = given ? '`access-token` checked with tokeninfo' : 'Access token refreshed';
    if (scopes === undefined) {
        core/* info */.pq(given
            ? '`access-token` not checked: tokeninfo gave no answer, so its first use will tell.'
            : `${signedIn}; the token endpoint did not name its scopes, so they are not checked.`);
        return {};
    }
    const missing = scopesNeeded(config).filter((n) => !n.accepted.some((s) => scopes.includes(s)));
    if (missing.length > 0)
        throw missingScopesError(missing, scopes, config);
    core/* info */.pq(`${signedIn}: it has the scopes this run needs (${shortNames(scopes)}).`);
    return { canRead: READ_SCOPES.some((s) => scopes.includes(s)) };
}
/**
 * Scopes of a given access token from tokeninfo. A token Google calls invalid is a fatal
 * stop now, before any upload; an endpoint that gives no answer leaves the scopes unknown.
 */
async function scopesFromTokenInfo(token, check) {
    const url = tokenInfoUrl(check.config.tokenEndpoint);
    if (!url)
        return {};
    let status;
    let body;
    try {
        // The token goes in the body, not the URL, so that no proxy log holds it.
        const res = await requestOnce(check.dispatcher, {
            url,
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ access_token: token }).toString()
        }, check.timeoutMs);
        status = res.status;
        body = parseObject(res.body);
    }
    catch (err) {
        return { unreachable: (0,errors/* errorMessage */.g)(err) };
    }
    if (status === 400 && body.error === 'invalid_token') {
        throw new photos_errors/* AuthError */.lR(`Google says \`access-token\` is not valid: ${ACCESS_TOKEN_FIX}`);
    }
    if (status !== 200 || typeof body.scope !== 'string')
        return {};
    return { scopes: body.scope.split(/\s+/).filter(Boolean) };
}
/** A JSON object's fields; anything else (not JSON, an array) is an object without any. */
function parseObject(text) {
    try {
        const value = JSON.parse(text);
        return value !== null && typeof value === 'object' ? value : {};
    }
    catch {
        return {};
    }
}
function missingScopesError(missing, scopes, config) {
    const which = missing.map((n) => `${n.scope}, needed for ${n.use}`).join('; and ');
    const token = config.credentials.kind === 'access-token' ? '`access-token`' : 'The refreshed access token';
    return new photos_errors/* AuthError */.lR(`${token} lacks the scope ${which}; it has ${shortNames(scopes) || 'none'}. ` +
        'Authorize the OAuth client with ' +
        `${missing.map((n) => n.scope).join(' and ')} as well, and use the new ` +
        (config.credentials.kind === 'access-token' ? 'access token.' : 'refresh token.'));
}
/** `a`, `a and b`, `a, b and c`. */
function inWords(parts) {
    return parts.length < 2
        ? (parts[0] ?? '')
        : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
function shortNames(scopes) {
    return scopes.map((s) => s.replace(SCOPE_BASE, '')).join(', ');
}

;// CONCATENATED MODULE: ./src/get.ts
/**
 * `get` mode: batchGet of distinct ids in calls of at most 50, mapped back to input order.
 * Items skipped already (a `null` id from upstream) cost no call.
 */


/** Ids to read: distinct, of the items still planned. */
function idsToGet(results) {
    return [...new Set(results.filter((r) => r.outcome === 'planned').map((r) => r.source))];
}
/** batchGet calls that reading `ids` costs: one per 50 distinct ids. */
function batchGetCalls(ids) {
    return Math.ceil(new Set(ids).size / MAX_BATCH_SIZE);
}
/**
 * Reads the distinct `ids` with batchGet, at most 50 a call, in order. After each call,
 * `onCall` gets that call's answers, by id (only those: a run of n ids costs O(n), not
 * O(n²)).
 */
async function batchGetAll(client, ids, onCall) {
    for (const part of chunk([...new Set(ids)], MAX_BATCH_SIZE)) {
        const answers = new Map();
        await readInto(client, part, answers);
        await onCall(answers);
    }
}
/** The items under each id, in input order: what a batchGet answer applies to. */
function itemsById(items, id) {
    const byId = new Map();
    for (const item of items) {
        const same = byId.get(id(item));
        if (same)
            same.push(item);
        else
            byId.set(id(item), [item]);
    }
    return byId;
}
/** What Google reports about an item: its type, size, creation time and video status. */
function applyMetadata(r, item) {
    if (item.mimeType)
        r.mimeType = item.mimeType;
    if (item.mediaMetadata)
        r.mediaMetadata = item.mediaMetadata;
    const videoStatus = item.mediaMetadata?.video?.status;
    if (videoStatus)
        r.videoStatus = videoStatus;
}
/** Fills `results` (one per input id, duplicates included) from batchGet answers. */
async function getItems(client, results, onProgress) {
    const planned = itemsById(results.filter((r) => r.outcome === 'planned'), (r) => r.source);
    await batchGetAll(client, [...planned.keys()], async (answers) => {
        for (const [id, answer] of answers)
            for (const r of planned.get(id) ?? [])
                apply(r, answer);
        await onProgress();
    });
}
/**
 * One batchGet. Google refuses the whole call (400 "Request contains an invalid media item
 * id.") when one id is not this client's: the ids are then split in halves until the bad
 * ones stand alone, so that the others are still read.
 */
async function readInto(client, ids, answers) {
    try {
        const got = await client.batchGet(ids);
        ids.forEach((id, i) => answers.set(id, got[i] ?? {}));
    }
    catch (err) {
        if (!(err instanceof photos_errors/* PhotosApiError */.Ox && err.isInvalidMediaItemId))
            throw err;
        if (ids.length === 1) {
            answers.set(ids[0] ?? '', { status: { code: 3, message: err.message } });
            return;
        }
        const half = Math.ceil(ids.length / 2);
        await readInto(client, ids.slice(0, half), answers);
        await readInto(client, ids.slice(half), answers);
    }
}
function apply(r, answer) {
    const item = answer.mediaItem;
    if (item?.id) {
        r.outcome = 'found';
        r.status = { code: 0, message: 'Found' };
        r.mediaItemId = item.id;
        r.fileName = item.filename;
        r.productUrl = item.productUrl;
        if (item.description)
            r.description = item.description;
        applyMetadata(r, item);
        return;
    }
    r.outcome = 'failed';
    r.status = {
        code: answer.status?.code ?? 5,
        message: answer.status?.message ?? 'Missing from the batchGet response.'
    };
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
var external_node_v8_default = /*#__PURE__*/__webpack_require__.n(external_node_v8_);
;// CONCATENATED MODULE: ./src/heap.ts
/**
 * V8's young generation, sized for the run. V8 grows it as a run allocates, up to 64 MB,
 * resident to the end, while the live heap of even 10,000 items stays near 30 MB; so a
 * run of more items than `LARGE_RUN_ITEMS` keeps it at the size it has reached when its
 * items are known (10,000 upload tokens, 4 alternated rounds: peak RSS 135 MB without
 * this, 123 MB with it; 112 MB when it was set for every run at start). A shorter run lets
 * it grow, and collects less often: in a 300-file run, 7 scavenges against 11, and with
 * the flag set at start, 20 alternated rounds: spawn → first upload +11.4 ms, wall
 * +12.6 ms at the paired median.
 */

const LARGE_RUN_ITEMS = 1000;
let kept = false;
/** Called once the run's items are known. A flag set at any moment applies from then on. */
function sizeHeapFor(items) {
    if (kept || items <= LARGE_RUN_ITEMS)
        return;
    kept = true;
    external_node_v8_default().setFlagsFromString('--semi-space-growth-factor=1');
}

// EXTERNAL MODULE: ./src/paths.ts
var paths = __webpack_require__(8431);
// EXTERNAL MODULE: ./src/files.ts
var src_files = __webpack_require__(9148);
// EXTERNAL MODULE: ./src/media-item-ids.ts
var media_item_ids = __webpack_require__(5684);
;// CONCATENATED MODULE: ./src/tokens-file.ts
/** Upload tokens made elsewhere, and media item ids, read from users' files. */





/** A bound on what the action reads into memory from a user's list. */
const MAX_TOKENS_FILE_BYTES = 16 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * The file's text, refused when over the bound. The size is checked before reading, and the
 * read itself stops at the bound, so a file that grows meanwhile (or a pipe) is refused too.
 * Read synchronously: the list is needed before anything else can start, and the trips of
 * an asynchronous open, stat, reads and close through the thread pool took 2–14 ms (median
 * 7) for a list of 1,000 tokens in a fresh process, the same calls synchronously 0.4 ms.
 */
function readBounded(input, file, displayName) {
    const tooLarge = (size) => new errors/* InputError */.d(input, `${displayName} is larger than 16 MiB${size ? ` (${size} bytes)` : ''}, the most the action reads. Split the list over several steps.`);
    let fd;
    try {
        fd = external_node_fs_default().openSync(file, 'r');
    }
    catch (err) {
        const code = err.code ?? String(err);
        throw new errors/* InputError */.d(input, `${displayName} cannot be opened (${code}). Check the path.`);
    }
    try {
        const { size } = external_node_fs_default().fstatSync(fd);
        if (size > MAX_TOKENS_FILE_BYTES)
            throw tooLarge(size);
        const chunks = [];
        let total = 0;
        for (;;) {
            const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
            const bytesRead = external_node_fs_default().readSync(fd, buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            total += bytesRead;
            if (total > MAX_TOKENS_FILE_BYTES)
                throw tooLarge();
            chunks.push(buffer.subarray(0, bytesRead));
        }
        return decodeListFile(Buffer.concat(chunks), input, displayName);
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
}
const WRITE_UTF8 = 'Write it as UTF-8 (in PowerShell: `Out-File -Encoding utf8` or `Set-Content -Encoding utf8`).';
/**
 * The encodings a list is read in: UTF-8 with or without a byte order mark, and UTF-16
 * with one (Windows PowerShell 5.1's `>` writes UTF-16LE with a BOM). The decoder is fatal:
 * a byte sequence that is not valid in the encoding refuses the file instead of turning
 * into replacement characters that would go out as tokens.
 */
const BOMS = [
    // UTF-32 first: its little-endian mark starts like UTF-16LE's.
    { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be', name: 'UTF-32BE', read: false },
    { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le', name: 'UTF-32LE', read: false },
    { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', name: 'UTF-8 with a BOM', read: true },
    { bytes: [0xff, 0xfe], encoding: 'utf-16le', name: 'UTF-16LE', read: true },
    { bytes: [0xfe, 0xff], encoding: 'utf-16be', name: 'UTF-16BE', read: true }
];
/** Characters that no upload token, file name or id holds; TAB, LF and CR separate fields. */
// eslint-disable-next-line no-control-regex -- finding control characters is its purpose
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A list file's text, or an error on `input` that names the encoding found and the fix. */
function decodeListFile(bytes, input, displayName) {
    const refuse = (found) => new errors/* InputError */.d(input, `${displayName} is ${found}. ${WRITE_UTF8}`);
    const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
    if (bom && !bom.read)
        throw refuse(`${bom.name} (by its byte order mark), which is not read`);
    const utf16 = bom ? undefined : utf16WithoutBom(bytes);
    if (utf16) {
        throw refuse(`${utf16} without a byte order mark, which cannot be told from binary data; UTF-16 is read only with one`);
    }
    const name = bom?.name ?? 'UTF-8';
    let text;
    try {
        text = new TextDecoder(bom?.encoding ?? 'utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        throw refuse(bom
            ? `not valid ${bom.name}, though it starts with that byte order mark (an odd number of bytes, or an unpaired surrogate)`
            : 'not valid UTF-8: likely a legacy code page such as Windows-1252');
    }
    const at = CONTROL_CHARACTER.exec(text);
    if (at) {
        const line = text.slice(0, at.index).split('\n').length;
        const code = (at[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
        throw new errors/* InputError */.d(input, `${displayName}:${line} holds the control character U+${code}, which no upload token, file name or id holds (the file was read as ${name}). Check the step that writes it; if it writes another encoding: ${WRITE_UTF8}`);
    }
    return text;
}
/** UTF-16 text of mostly ASCII, without a BOM, has a NUL in every other byte. */
function utf16WithoutBom(bytes) {
    const n = Math.min(bytes.length, 4096);
    let even = 0;
    let odd = 0;
    for (let i = 0; i < n; i++) {
        if (bytes[i] !== 0)
            continue;
        if (i % 2 === 0)
            even++;
        else
            odd++;
    }
    const pairs = n / 2;
    if (odd > 0 && odd >= pairs / 2 && even === 0)
        return 'UTF-16LE';
    if (even > 0 && even >= pairs / 2 && odd === 0)
        return 'UTF-16BE';
    return undefined;
}
async function readTokensFile(path, displayName) {
    return parseTokens(readBounded(inputs/* Inputs */.G0.TokensFile, path, displayName), displayName);
}
function tokensError(message) {
    return new errors/* InputError */.d(inputs/* Inputs */.G0.TokensFile, message);
}
function parseJson(text, where, hint) {
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw tokensError(`${where} is not valid JSON (${err.message}). ${hint}`);
    }
}
/** What a JSON value is, for messages. */
/**
 * Detects the format: a JSON array (of strings, or of `{uploadToken, fileName?, description?}`),
 * JSON Lines of such objects, or text lines `token[<TAB>fileName[<TAB>description]]`.
 */
function parseTokens(text, displayName) {
    const body = text.replace(/^\uFEFF/, '');
    if (body.trimStart().startsWith('[')) {
        const parsed = parseJson(body, displayName, 'A tokens file that starts with `[` is read as one JSON array.');
        if (!Array.isArray(parsed))
            throw tokensError(`${displayName} must be a JSON array.`);
        return parsed.map((value, i) => jsonEntry(value, `${displayName}[${i}]`));
    }
    const lines = body.split(/\r?\n/);
    const isJsonLines = lines.some((line) => line.trimStart().startsWith('{'));
    const entries = [];
    lines.forEach((line, i) => {
        const where = `${displayName}:${i + 1}`;
        const trimmed = line.trim();
        if (!trimmed || trimmed.startsWith('#'))
            return;
        if (isJsonLines) {
            const hint = 'In JSON Lines each line holds one whole object; for a multi-line document use a JSON array.';
            entries.push(jsonEntry(parseJson(trimmed, where, hint), where));
            return;
        }
        const [token = '', fileName = '', ...rest] = line.split('\t');
        entries.push(checkedEntry({ uploadToken: token.trim(), fileName: fileName.trim(), description: rest.join('\t') }, where, true));
    });
    return entries;
}
function jsonEntry(value, where) {
    if (typeof value === 'string')
        return checkedEntry({ uploadToken: value }, where, false);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw tokensError(`${where}: expected an upload token (a string) or an object with \`uploadToken\`, not ${(0,media_item_ids/* kindOf */.I)(value)}.`);
    }
    const { uploadToken, fileName, description } = value;
    if (uploadToken === undefined || uploadToken === null) {
        throw tokensError(`${where}: \`uploadToken\` is missing. Each object needs one; \`fileName\` and \`description\` are optional.`);
    }
    if (typeof uploadToken !== 'string') {
        throw tokensError(`${where}: \`uploadToken\` is ${(0,media_item_ids/* kindOf */.I)(uploadToken)}; it must be a string.`);
    }
    // null is taken as absent: JSON writers often emit it for a missing optional field.
    for (const [key, field] of [
        ['fileName', fileName],
        ['description', description]
    ]) {
        if (field !== undefined && field !== null && typeof field !== 'string') {
            throw tokensError(`${where}: \`${key}\` is ${(0,media_item_ids/* kindOf */.I)(field)}; it must be a string.`);
        }
    }
    return checkedEntry({
        uploadToken,
        ...(typeof fileName === 'string' ? { fileName } : {}),
        ...(typeof description === 'string' ? { description } : {})
    }, where, false);
}
function checkedEntry(fields, where, textLine) {
    const uploadToken = fields.uploadToken.trim();
    const description = fields.description?.trim();
    const { fileName } = fields;
    if (!uploadToken) {
        throw tokensError(`${where}: the upload token is empty. Remove the entry, or check the step that writes the file.`);
    }
    if (CONTROL_CHARACTER.test(uploadToken)) {
        throw tokensError(`${where}: the upload token contains a control character, which no upload token has. Check the step that writes the file.`);
    }
    if (/\s/.test(uploadToken)) {
        throw tokensError(`${where}: the upload token contains a space, which no upload token has.${textLine ? ' Separate the token, the file name and the description with a TAB.' : ''}`);
    }
    const nameLength = (0,inputs/* countCharacters */.wZ)(fileName ?? '');
    if (nameLength > src_files/* MAX_FILE_NAME */.kM) {
        throw tokensError(`${where}: the file name is ${nameLength} characters long; Google Photos allows at most ${src_files/* MAX_FILE_NAME */.kM}. Shorten it.`);
    }
    const descriptionLength = (0,inputs/* countCharacters */.wZ)(description ?? '');
    if (descriptionLength >= inputs/* DESCRIPTION_LENGTH_LIMIT */._n) {
        throw tokensError(`${where}: the description is ${descriptionLength} characters long; it must be under ${inputs/* DESCRIPTION_LENGTH_LIMIT */._n}. Shorten it.`);
    }
    return {
        uploadToken,
        ...(fileName ? { fileName } : {}),
        ...(description ? { description } : {}),
        source: where
    };
}
async function readMediaItemIdsFile(path, displayName) {
    return parseMediaItemIdsFile(readBounded(inputs/* Inputs */.G0.MediaItemIdsFile, path, displayName), displayName);
}
/**
 * A JSON array of ids (`null` for an item that failed upstream, as in the action's
 * `media-item-ids` output), or one id a line (blank and `#` lines ignored).
 */
function parseMediaItemIdsFile(text, displayName) {
    const body = text.replace(/^\uFEFF/, '');
    const idsError = (message) => new errors/* InputError */.d(inputs/* Inputs */.G0.MediaItemIdsFile, message);
    const found = [];
    if (body.trimStart().startsWith('[')) {
        found.push(...(0,media_item_ids/* parseIdArray */.O)(body, displayName, idsError));
    }
    else {
        body.split(/\r?\n/).forEach((line, i) => {
            const id = line.trim();
            if (id && !id.startsWith('#'))
                found.push({ id, where: `${displayName}:${i + 1}` });
        });
    }
    for (const { id, where } of found) {
        if (id !== null && !inputs/* ID_PATTERN */.pw.test(id)) {
            throw idsError(`${where}: "${id.slice(0, 80)}" is not a media item id (letters, digits, \`-\` and \`_\` only). Write one id a line, or a JSON array of strings.`);
        }
    }
    return found.map(({ id }) => id);
}

;// CONCATENATED MODULE: ./src/items.ts
/** The run's input items, in input order: upload tokens first, then local files, then release assets. */





/**
 * `onFirstItem` is called once, as soon as an item is known while the rest are still
 * being found: from then on, no input error can come of collecting them. Not with a release,
 * whose listing can still find one (a missing release, a refused token).
 */
async function collectCreateItems(config, release, onFirstItem = () => undefined) {
    let told = release !== undefined;
    const itemFound = () => {
        if (told)
            return;
        told = true;
        onFirstItem();
    };
    const items = [];
    const results = [];
    const addFile = (file) => {
        const index = items.length;
        items.push({ kind: 'file', index, file, description: config.description });
        results.push({
            index,
            source: file.source,
            fileName: file.fileName,
            outcome: 'planned',
            size: file.size,
            ...(file.mimeType ? { mimeType: file.mimeType } : {}),
            ...(config.description ? { description: config.description } : {})
        });
    };
    if (config.tokensFile) {
        const display = (0,paths/* displayPath */.Gt)(config.tokensFile);
        const entries = await readTokensFile(config.tokensFile, display);
        for (const entry of entries) {
            const index = items.length;
            const description = entry.description ?? config.description;
            items.push({ kind: 'token', index, entry, description });
            results.push({
                index,
                source: entry.source,
                ...(entry.fileName ? { fileName: entry.fileName } : {}),
                outcome: 'planned',
                ...(description ? { description } : {})
            });
        }
        if (items.length > 0)
            itemFound();
    }
    const hints = [];
    const fileWarnings = [];
    if (config.filePatterns.length > 0) {
        const expanded = await (0,src_files/* expandFiles */.CC)(config.filePatterns, {
            workspace: (0,paths/* workspaceDir */.zf)(),
            onFirstFile: itemFound
        });
        const { files, warnings } = expanded;
        hints.push(...expanded.hints);
        fileWarnings.push(...warnings);
        for (const file of files)
            addFile(file);
    }
    const listing = release ? await release.list() : undefined;
    for (const file of listing?.files ?? [])
        addFile(file);
    if (items.length === 0) {
        throw listing?.nothingMatched
            ? new errors/* InputError */.d(config.release?.pattern ? 'release-asset-pattern' : 'release-assets', `${listing.nothingMatched}${config.filePatterns.length > 0 || config.tokensFile ? ' No file or upload token was found either.' : ''} Nothing to create.`)
            : noItemsError(config, hints);
    }
    // Without any item, the step fails with one error that carries the hints instead.
    for (const warning of fileWarnings)
        core/* warning */.$e(warning);
    if (listing?.nothingMatched)
        core/* warning */.$e(listing.nothingMatched);
    return { items, results };
}
function noItemsError(config, hints) {
    if (config.tokensFile && config.filePatterns.length > 0) {
        return new errors/* InputError */.d('files', 'no file matched, and `tokens-file` holds no upload token: nothing to create. Check the patterns and the tokens file.');
    }
    if (config.tokensFile) {
        return new errors/* InputError */.d('tokens-file', `${config.tokensFile} holds no upload token: nothing to create. Check the step that writes it.`);
    }
    if (hints.length > 0) {
        return new errors/* InputError */.d('files', `no file matched, so nothing to create. ${hints.join(' ')}`);
    }
    return new errors/* InputError */.d('files', 'no file matched any pattern: nothing to create. Check the patterns (they are relative to ' +
        'the workspace) and that the build step wrote the files.');
}
/** Status of a `null` id: an item that failed or was skipped in the step that made the list. */
const NO_ID_UPSTREAM = 'No media item id: the item failed or was skipped upstream.';
async function collectIds(config) {
    const entries = config.mediaItemIds.map((id, i) => ({ id, where: `media-item-ids[${i}]` }));
    if (config.mediaItemIdsFile) {
        const display = (0,paths/* displayPath */.Gt)(config.mediaItemIdsFile);
        const ids = await readMediaItemIdsFile(config.mediaItemIdsFile, display);
        entries.push(...ids.map((id, i) => ({ id, where: `${display}[${i}]` })));
    }
    if (entries.length === 0) {
        throw new errors/* InputError */.d(config.mediaItemIdsFile ? 'media-item-ids-file' : 'media-item-ids', 'no media item id given: nothing to get. Pass ids separated by newlines, commas or spaces.');
    }
    return entries.map(({ id, where }, index) => id === null
        ? { index, source: where, outcome: 'skipped', status: { code: 0, message: NO_ID_UPSTREAM } }
        : { index, source: id, outcome: 'planned' });
}

;// CONCATENATED MODULE: ./src/photos/client.ts
class PhotosClient {
    http;
    apiEndpoint;
    constructor(http, apiEndpoint) {
        this.http = http;
        this.apiEndpoint = apiEndpoint;
    }
    url(path) {
        return `${this.apiEndpoint}${path}`;
    }
    /**
     * batchCreate, sent once. It is not idempotent: the caller decides what to do
     * when the answer is lost (see create.ts).
     */
    async batchCreate(body) {
        const res = await this.http.send({
            op: 'batchCreate',
            method: 'POST',
            url: this.url('/v1/mediaItems:batchCreate'),
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
            idempotent: false
        });
        const parsed = JSON.parse(res.body);
        return parsed.newMediaItemResults ?? [];
    }
    /** batchGet of 1 to 50 distinct ids; results in request order. */
    async batchGet(ids) {
        const query = ids.map((id) => `mediaItemIds=${encodeURIComponent(id)}`).join('&');
        const res = await this.http.send({
            op: 'batchGet',
            method: 'GET',
            url: this.url(`/v1/mediaItems:batchGet?${query}`),
            idempotent: true
        });
        const parsed = JSON.parse(res.body);
        return parsed.mediaItemResults ?? [];
    }
    /** Every app-created album, all pages. */
    async listAlbums() {
        const albums = [];
        let pageToken;
        do {
            const query = new URLSearchParams({ pageSize: '50', excludeNonAppCreatedData: 'true' });
            if (pageToken)
                query.set('pageToken', pageToken);
            const res = await this.http.send({
                op: 'albums.list',
                method: 'GET',
                url: this.url(`/v1/albums?${query.toString()}`),
                idempotent: true
            });
            const page = JSON.parse(res.body);
            albums.push(...(page.albums ?? []));
            pageToken = page.nextPageToken || undefined;
        } while (pageToken);
        return albums;
    }
    async getAlbum(id) {
        const res = await this.http.send({
            op: 'albums.get',
            method: 'GET',
            url: this.url(`/v1/albums/${encodeURIComponent(id)}`),
            idempotent: true
        });
        return JSON.parse(res.body);
    }
    /** albums.create is a write, but a lost answer only risks an empty duplicate album. */
    async createAlbum(title) {
        const res = await this.http.send({
            op: 'albums.create',
            method: 'POST',
            url: this.url('/v1/albums'),
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ album: { title } }),
            idempotent: false
        });
        return JSON.parse(res.body);
    }
    /**
     * Every media item of an album, in album order, all pages. With `scopeOptional`, a token
     * without the read scope gets its 403 back and the run goes on.
     */
    async listAlbumItems(albumId, opts = {}) {
        const items = [];
        let pageToken;
        do {
            const res = await this.http.send({
                op: 'search',
                method: 'POST',
                url: this.url('/v1/mediaItems:search'),
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ albumId, pageSize: 100, ...(pageToken ? { pageToken } : {}) }),
                idempotent: true,
                ...(opts.scopeOptional ? { scopeOptional: true } : {})
            });
            const page = JSON.parse(res.body);
            items.push(...(page.mediaItems ?? []));
            pageToken = page.nextPageToken || undefined;
        } while (pageToken);
        return items;
    }
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
;// CONCATENATED MODULE: ./src/progress.ts
/** Progress lines for long runs: every 10 s or every further 10% of the work. */
function formatBytes(n) {
    if (n >= 1024 ** 3)
        return `${(n / 1024 ** 3).toFixed(2)} GB`;
    if (n >= 1024 ** 2)
        return `${(n / 1024 ** 2).toFixed(1)} MB`;
    if (n >= 1024)
        return `${(n / 1024).toFixed(1)} KB`;
    return `${Math.round(n)} B`;
}
function formatRate(bytesPerSecond) {
    return `${formatBytes(bytesPerSecond)}/s`;
}
function formatDuration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60)
        return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m} min ${s % 60} s`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
}
/** A span that has passed, with its detail kept when short: "0 s" reads as if nothing happened. */
function formatElapsed(ms) {
    if (ms < 1000)
        return `${Math.max(0, Math.round(ms))} ms`;
    if (ms < 9_950)
        return `${(ms / 1000).toFixed(1)} s`;
    return formatDuration(ms);
}
/**
 * Counts files and bytes as they settle. A file counts once its upload ends: uploaded
 * (its bytes were confirmed as they went) or failed (its bytes count as settled, so that
 * the share of bytes and the share of files move together). Once halted, it prints nothing.
 */
class Progress {
    opts;
    uploaded = 0;
    failed = 0;
    bytes = 0;
    settledBytes = 0;
    halted = false;
    lastLogAt;
    /** Files and bytes settled at the last line, as fractions of the totals. */
    logged = { items: 0, bytes: 0 };
    startedAt;
    now;
    intervalMs;
    constructor(opts) {
        this.opts = opts;
        this.now = opts.now ?? (() => Date.now());
        this.intervalMs = opts.intervalMs ?? 10_000;
        this.startedAt = this.now();
        this.lastLogAt = this.startedAt;
    }
    /** A file's upload ended; a failed one's bytes count as settled. */
    itemDone(ok, size = 0) {
        if (ok)
            this.uploaded++;
        else {
            this.failed++;
            this.settledBytes += size;
        }
        this.tick();
    }
    /** Bytes the server confirmed (a negative count takes back bytes it lost). */
    bytesSent(n) {
        this.bytes += n;
    }
    get settledItems() {
        return this.uploaded + this.failed;
    }
    fractions() {
        const { totalItems, totalBytes } = this.opts;
        return {
            items: totalItems ? this.settledItems / totalItems : 1,
            bytes: totalBytes ? (this.bytes + this.settledBytes) / totalBytes : 0
        };
    }
    /** Logs when 10 s passed or another 10% of the files or of the bytes was done. */
    tick(force = false) {
        // The last file is reported by finish().
        if (this.halted || this.opts.totalItems === 0)
            return;
        if (this.settledItems === this.opts.totalItems)
            return;
        const now = this.now();
        const done = this.fractions();
        if (!force &&
            now - this.lastLogAt < this.intervalMs &&
            done.items - this.logged.items < 0.1 &&
            done.bytes - this.logged.bytes < 0.1)
            return;
        this.lastLogAt = now;
        this.logged = done;
        this.opts.log(this.line(now));
    }
    line(now = this.now()) {
        const elapsed = Math.max(1, now - this.startedAt);
        const rate = this.bytes / (elapsed / 1000);
        const total = this.opts.totalBytes;
        const settled = this.bytes + this.settledBytes;
        const pct = Math.floor(this.fractions()[total ? 'bytes' : 'items'] * 100);
        const leftMs = rate > 0 ? ((total - settled) / rate) * 1000 : 0;
        const left = leftMs >= 1000 ? `, about ${formatDuration(leftMs)} left` : '';
        const failed = this.failed > 0 ? `, ${this.failed} failed` : '';
        return (`Uploaded ${this.uploaded} of ${this.opts.totalItems} files${failed}, ` +
            `${formatBytes(this.bytes)} of ${formatBytes(total)} (${pct}%), ${formatRate(rate)}${left}`);
    }
    /** The closing line of a run whose uploads all ended. */
    finish() {
        if (this.halted || this.opts.totalItems === 0)
            return;
        this.halted = true;
        const elapsed = Math.max(1, this.now() - this.startedAt);
        const rate = this.bytes / (elapsed / 1000);
        const failed = this.failed > 0 ? `, ${this.failed} failed` : '';
        this.opts.log(`Uploads done: ${this.uploaded} of ${this.opts.totalItems} files${failed}, ` +
            `${formatBytes(this.bytes)} in ${formatElapsed(elapsed)} (${formatRate(rate)})`);
    }
    /** The run stopped: one line of where uploads stood, and nothing after it. */
    halt() {
        if (this.halted || this.opts.totalItems === 0)
            return;
        this.halted = true;
        this.opts.log(`Uploads stopped: ${this.uploaded} of ${this.opts.totalItems} files uploaded ` +
            `(${formatBytes(this.bytes)} of ${formatBytes(this.opts.totalBytes)}).`);
    }
}

;// CONCATENATED MODULE: ./src/pipeline.ts
/**
 * Uploads and creation as one pipeline: bytes go up `concurrency` files at a time, in
 * input order, while batches are created one at a time, in input order, as soon as
 * each batch's uploads are done.
 */







async function uploadAndCreate(items, opts) {
    const { uploader, creator, results } = opts;
    const http = opts.client.http;
    // Cleared uploads reject (instead of never settling) when the run must stop.
    const limit = (0,p_limit/* default */.A)({ concurrency: opts.concurrency, rejectOnClear: true });
    // Files rejected before upload (type, size) or skipped are already settled.
    const files = items.filter((i) => i.kind === 'file' && results[i.index]?.outcome === 'planned');
    const progress = new Progress({
        totalItems: files.length,
        totalBytes: files.reduce((sum, i) => sum + (i.kind === 'file' ? i.file.size : 0), 0),
        log: (line) => core/* info */.pq(line)
    });
    const ticker = setInterval(() => progress.tick(), 1000);
    ticker.unref();
    let finished = false;
    const finishUploads = () => {
        if (finished)
            return;
        finished = true;
        clearInterval(ticker);
        if (http.stopped)
            progress.halt();
        else
            progress.finish();
    };
    // Once the run stops, progress says so once and claims nothing more.
    const onStop = () => {
        clearInterval(ticker);
        progress.halt();
    };
    http.stopSignal.addEventListener('abort', onStop, { once: true });
    let stop;
    /** Stops the run for a failure that every later request would meet. */
    const halt = (error) => {
        stop ??= error instanceof photos_errors/* StoppedError */.Ko ? error.reason : error;
        limit.clearQueue();
        if (!http.stopped)
            http.stop(stop);
    };
    const stats = { uploaded: 0, failed: 0, bytes: 0 };
    const uploads = new Map();
    for (const item of files) {
        if (item.kind !== 'file')
            continue;
        // The first uploads go out before the rest are queued (a turn of the event loop, in
        // which p-limit starts them): queuing 300 took about 3 ms, which they waited for.
        if (uploads.size === opts.concurrency)
            await (0,promises_.setImmediate)();
        const file = item.file;
        const upload = limit(async () => {
            if (stop || http.stopped)
                return { error: stop ?? http.stopReason };
            try {
                await opts.fetchBytes?.(file, http.stopSignal);
                const token = await uploader.upload(file, (n) => progress.bytesSent(n));
                stats.uploaded++;
                stats.bytes += file.size;
                progress.itemDone(true);
                return { token };
            }
            catch (error) {
                stats.failed++;
                if (isFatal(error))
                    halt(error);
                else
                    progress.itemDone(false, file.size);
                return { error };
            }
        });
        // Uploads cleared from the queue reject; those the creation loop never reaches must
        // not become unhandled rejections.
        upload.catch(() => undefined);
        uploads.set(item.index, upload);
    }
    void Promise.allSettled(uploads.values()).then(finishUploads);
    try {
        let batch = [];
        for (const item of items) {
            if (stop || http.stopped)
                break;
            const result = results[item.index];
            if (!result || result.outcome !== 'planned')
                continue;
            const createItem = await toCreateItem(item, uploads.get(item.index), uploader, result);
            if (createItem === undefined)
                continue;
            batch.push(createItem);
            if (batch.length === MAX_BATCH_SIZE) {
                await creator.createBatch(batch);
                batch = [];
            }
        }
        if (!stop && !http.stopped)
            await creator.createBatch(batch);
    }
    catch (error) {
        if (!isFatal(error))
            throw error;
        halt(error);
        throw stop;
    }
    finally {
        limit.clearQueue();
        finishUploads();
        http.stopSignal.removeEventListener('abort', onStop);
    }
    if (http.stopped)
        stop ??= http.stopReason;
    if (stop)
        throw stop;
    await opts.onProgress();
    return stats;
    async function toCreateItem(item, upload, up, result) {
        const base = {
            index: item.index,
            fileName: result.fileName,
            description: item.description
        };
        if (item.kind === 'token')
            return { ...base, uploadToken: item.entry.uploadToken };
        const outcome = await (upload ?? Promise.resolve({ error: 'not uploaded' })).catch((error) => ({ error: stop ?? error }));
        if ('error' in outcome) {
            if (isFatal(outcome.error)) {
                halt(outcome.error);
                return undefined;
            }
            result.outcome = 'failed';
            result.status = statusOfError(outcome.error);
            // Not waited for: the write before the next batchCreate carries it.
            opts.onProgress().catch(() => undefined);
            return undefined;
        }
        return { ...base, uploadToken: outcome.token, reupload: () => up.upload(item.file) };
    }
}

;// CONCATENATED MODULE: ./src/plan.ts
/** Dry run: the batches a run would make, and the API calls they would cost. */


function planCreate(items, results, opts) {
    const pending = items.filter((item) => results[item.index]?.outcome === 'planned');
    const apiCalls = {};
    const add = (op, n) => {
        if (n > 0)
            apiCalls[op] = (apiCalls[op] ?? 0) + n;
    };
    if (opts.createAlbum)
        add('albums.create', 1);
    for (const item of pending) {
        if (item.kind !== 'file')
            continue;
        if (item.file.size < opts.upload.resumableThreshold) {
            add('upload', 1);
        }
        else {
            add('upload.start', 1);
            add('upload.chunk', Math.ceil(item.file.size / opts.upload.chunkSize));
        }
    }
    const batches = chunk(pending, MAX_BATCH_SIZE).map((batch, i) => {
        for (const item of batch) {
            const r = results[item.index];
            if (r)
                r.batch = i + 1;
        }
        return {
            number: i + 1,
            size: batch.length,
            position: !opts.hasAlbum
                ? 'no album'
                : i === 0
                    ? opts.firstPosition
                    : `after the last item created by batch ${i}`,
            firstIndex: batch[0]?.index ?? 0,
            lastIndex: batch[batch.length - 1]?.index ?? 0
        };
    });
    add('batchCreate', batches.length);
    if (opts.verify)
        add('batchGet', batches.length);
    return { batches, apiCalls };
}
function planGet(results) {
    const distinct = idsToGet(results);
    const batches = chunk(distinct, MAX_BATCH_SIZE).map((ids, i) => ({
        number: i + 1,
        size: ids.length,
        position: 'batchGet (distinct ids)',
        firstIndex: i * MAX_BATCH_SIZE,
        lastIndex: i * MAX_BATCH_SIZE + ids.length - 1
    }));
    return { batches, apiCalls: { batchGet: batches.length } };
}

;// CONCATENATED MODULE: ./src/report/log.ts
/**
 * The end of the log: each failed item by name with its reason (the first ones in full,
 * then a count), so that the log alone says what went wrong. Plain lines, not annotations:
 * GitHub shows at most 10 error annotations a step, and the step's own error is one.
 */


/** Failed items named in full in the log; the rest are counted. */
const NAMED_FAILURES = 10;
function logFailures(report, opts, log = (line) => core/* info */.pq(line)) {
    const failed = report.items.filter((item) => item.outcome === 'failed');
    const own = failed.filter((item) => !failedByStop(item));
    const byStop = failed.length - own.length;
    if (own.length > 0) {
        log(`${own.length} item(s) failed:`);
        for (const item of own.slice(0, NAMED_FAILURES)) {
            log(`  #${item.index + 1} ${nameOf(item)}: ${item.status?.message ?? 'no reason given'}`);
        }
        if (own.length > NAMED_FAILURES) {
            const where = opts.summary ? 'the job summary' : 'the JSON report (`results-file` output)';
            log(`  … and ${own.length - NAMED_FAILURES} more; see ${where}.`);
        }
    }
    if (byStop > 0) {
        const verb = report.mode === 'get' ? 'read' : 'created';
        const why = report.state === 'cancelled' ? 'the run was cancelled' : 'the run stopped';
        log(`${byStop} item(s) not ${verb} because ${why}, for this reason:`);
    }
}
/** The file name, with its source when that says more (a path, `tokens.txt:3`). */
function nameOf(item) {
    if (!item.fileName)
        return item.source;
    return item.source === item.fileName ? item.fileName : `${item.fileName} (${item.source})`;
}

;// CONCATENATED MODULE: ./src/report/outputs.ts
/** Step outputs, set from the report (also when the step fails). */


function setOutputs(report, resultsFile) {
    const ids = report.items.map((item) => (item.outcome === 'created' || item.outcome === 'found') && item.mediaItemId
        ? item.mediaItemId
        : null);
    const totals = countTotals(report.items);
    core/* setOutput */.uH('media-item-ids', JSON.stringify(ids));
    core/* setOutput */.uH('created-count', String(totals.created));
    core/* setOutput */.uH('failed-count', String(totals.failed));
    core/* setOutput */.uH('skipped-count', String(totals.skipped));
    core/* setOutput */.uH('total-count', String(totals.total));
    core/* setOutput */.uH('album-id', report.album?.id ?? '');
    core/* setOutput */.uH('album-url', report.album?.url ?? '');
    core/* setOutput */.uH('results-file', resultsFile);
}

;// CONCATENATED MODULE: ./src/report/summary.ts
/**
 * The job summary: a pure renderer and one write. Everything that came from a file name,
 * a description, an album title or an API message is escaped; only https:// URLs become
 * links; the whole stays under GitHub's 1 MiB limit for a step.
 */



/** GitHub refuses a step summary over 1 MiB; keep a margin. */
const MAX_SUMMARY_BYTES = 1_000_000;
const MARK = {
    created: '✅ created',
    found: '✅ found',
    skipped: '⏭️ skipped',
    failed: '❌ failed',
    planned: '🗓️ planned'
};
const ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;'
};
/**
 * Text safe in a Markdown table cell: no HTML, no Markdown syntax, one line. One pass, so
 * that the entities it writes are never escaped again. `:` and the dot of `www.` are
 * escaped too: GitHub turns `http://…` and `www.…` in plain text into links.
 */
function escapeCell(text) {
    if (!NEEDS_ESCAPE.test(text))
        return text;
    return text
        .replace(/\r\n|\r|\n/g, ' ')
        .replace(/[&<>"'\\`*_[\]()#~!|:]|(?<=\bwww)\./gi, (c) => ENTITIES[c] ?? `&#${c.charCodeAt(0)};`);
}
/** Whether `escapeCell` changes the text: most file names and messages need nothing. */
const NEEDS_ESCAPE = /[\r\n&<>"'\\`*_[\]()#~!|:]|www\./i;
/** The URL, ready for an href attribute, when it is a plain https:// URL; else undefined. */
function safeHref(url) {
    if (!url || !/^https:\/\/[^\s<>"'`\\]+$/i.test(url))
        return undefined;
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return undefined;
    }
    if (parsed.protocol !== 'https:' || !parsed.hostname)
        return undefined;
    // A raw `|` would split the table cell even inside an attribute.
    return parsed.href.replace(/&/g, '&amp;').replace(/\|/g, '%7C');
}
/** A link only for https:// URLs; anything else is shown as escaped text. */
function summary_link(text, url) {
    return summary_anchor(text, safeHref(url));
}
function summary_anchor(text, href) {
    return href ? `<a href="${href}">${escapeCell(text)}</a>` : escapeCell(text);
}
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
function renderSummary(report, opts) {
    const maxBytes = opts.maxBytes ?? MAX_SUMMARY_BYTES;
    const totals = countTotals(report.items);
    const planned = report.items.filter((i) => i.outcome === 'planned').length;
    const head = [`## ${heading(report, totals, planned)}`, ''];
    if (report.state === 'stopped') {
        const reason = (report.stoppedReason ?? 'unknown reason').slice(0, 2000);
        head.push('> [!CAUTION]', `> The run stopped: ${escapeCell(reason)}`, '');
    }
    else if (report.state === 'cancelled') {
        const reason = (report.stoppedReason ?? 'The run was cancelled.').slice(0, 2000);
        head.push('> [!CAUTION]', `> ${escapeCell(reason)}`, '');
    }
    else if (report.state === 'running') {
        head.push('> [!WARNING]', '> The run did not finish; this is what it had done.', '');
    }
    const done = report.mode === 'get' ? 'found' : 'created';
    const [countName, count] = report.dryRun ? ['planned', planned] : [done, totals.created];
    head.push(`| total | ${countName} | failed | skipped |`, '| ---: | ---: | ---: | ---: |', `| ${totals.total} | ${count} | ${totals.failed} | ${totals.skipped} |`, '');
    if (report.album) {
        const name = report.album.title ?? (report.album.id || 'new album');
        const origin = report.album.created
            ? report.dryRun
                ? 'would be created'
                : 'created by this run'
            : 'existing album';
        head.push(`**Album:** ${summary_link(name, report.album.url)} (${origin})`, '');
    }
    if (report.dryRun && opts.plan) {
        head.push('### Plan', '', 'Nothing was changed. The run would make these batches:', '');
        head.push('| batch | items | position |', '| ---: | --- | --- |');
        // A plan never takes more than half of the room: the item rows matter more.
        let planBytes = 0;
        const batches = opts.plan.batches;
        let shown = 0;
        for (const b of batches) {
            const row = `| ${b.number} | ${b.size} (#${b.firstIndex + 1}–#${b.lastIndex + 1}) | ${escapeCell(b.position)} |`;
            planBytes += Buffer.byteLength(row) + 1;
            if (planBytes > maxBytes / 2)
                break;
            head.push(row);
            shown++;
        }
        if (shown < batches.length) {
            const more = batches.length - shown;
            head.push('', `${more} more ${more === 1 ? 'batch' : 'batches'} not shown.`);
        }
        head.push('');
    }
    const calls = Object.entries(report.apiCalls);
    if (calls.length > 0) {
        const total = calls.reduce((sum, [, n]) => sum + n, 0);
        const label = report.dryRun ? 'API calls it will cost' : 'API calls made';
        head.push(`**${label}:** ${total} (${calls.map(([op, n]) => `${escapeCell(op)} ${n}`).join(', ')})`, '');
    }
    head.push(...verificationLines(report));
    const reportLine = `Full report: <code>${escapeCell(opts.resultsFile)}</code>`;
    const { header, row, sections } = itemTables(report.items, totals, report.mode);
    const parts = [...head];
    let bytes = Buffer.byteLength(parts.join('\n') + '\n');
    // Room for the closing lines: a section's end, the left-out line, the report line.
    const reserve = 300 + Buffer.byteLength(reportLine);
    const fits = (lines) => {
        const size = Buffer.byteLength(lines.join('\n')) + 1;
        if (bytes + size + reserve > maxBytes)
            return false;
        parts.push(...lines);
        bytes += size;
        return true;
    };
    const rowCount = report.items.length;
    let shown = 0;
    for (const [k, section] of sections.entries()) {
        if (!fits([...(k > 0 ? [''] : []), ...section.open, header]))
            break;
        let all = true;
        for (const item of section.items) {
            if (!fits([row(item)])) {
                all = false;
                break;
            }
            shown++;
        }
        parts.push(...section.close);
        if (!all)
            break;
    }
    parts.push('');
    if (shown < rowCount) {
        const failedFirst = totals.failed > 0 && totals.failed < totals.total;
        parts.push(`${rowCount - shown} of ${rowCount} rows left out to stay within GitHub's summary size limit${failedFirst ? ' (failed items are listed first)' : ''}. ${reportLine}`);
    }
    else {
        parts.push(reportLine);
    }
    parts.push('');
    return parts.join('\n');
}
function heading(report, totals, planned) {
    if (report.dryRun) {
        const mode = report.mode === 'get' ? 'get, ' : '';
        return `Google Photos: dry run, ${mode}${plural(planned, 'item')} planned`;
    }
    if (report.mode === 'get') {
        return `Google Photos: get, ${totals.created} found, ${totals.failed} failed`;
    }
    const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
    return `Google Photos: ${totals.created} created, ${totals.failed} failed${skipped}`;
}
/**
 * A run of more than this many items folds every row but those of items that failed on
 * their own into `<details>`, as test reporters do, so that failures are what the page shows.
 */
const FOLD_ROWS_OVER = 20;
const COLUMNS = [
    { header: '#', align: '---:', cell: (i) => String(i.index + 1) },
    { header: 'file', align: '---', cell: fileCell },
    { header: 'outcome', align: '---', cell: (i) => MARK[i.outcome] },
    { header: 'status', align: '---', cell: statusCell },
    { header: 'details', align: '---', cell: detailsCell },
    { header: 'media item', align: '---', cell: mediaCell }
];
/**
 * Failed items first, then the others, each group in input order. A small run is one
 * table; a large one shows its failures open and folds the rest: items that were never
 * tried because the run stopped (the reason is given once, above), then the others.
 * Every table has the same columns (those that at least one row fills), so one header
 * and one row renderer serve them all.
 */
function itemTables(items, totals, mode) {
    // A column is used once one row fills it (most are by the first row); the rows
    // themselves are rendered only as far as the summary's size allows, not for all 10,000.
    const columns = COLUMNS.filter((c) => items.some((item) => c.cell(item) !== ''));
    const header = [
        `| ${columns.map((c) => c.header).join(' | ')} |`,
        `| ${columns.map((c) => c.align).join(' | ')} |`
    ].join('\n');
    const row = (item) => `| ${columns.map((c) => c.cell(item)).join(' | ')} |`;
    const failed = items.filter((i) => i.outcome === 'failed');
    const others = items.filter((i) => i.outcome !== 'failed');
    if (items.length <= FOLD_ROWS_OVER) {
        const failedFirst = totals.failed > 0 && totals.failed < totals.total;
        const open = failedFirst ? ['Failed items are listed first.', ''] : [];
        return { header, row, sections: [{ open, items: [...failed, ...others], close: [] }] };
    }
    const notTried = failed.filter(neverTried);
    const ownFailures = failed.filter((i) => !neverTried(i));
    const sections = [];
    if (ownFailures.length > 0) {
        sections.push({
            open: [`### ${plural(ownFailures.length, 'failed item')}`, ''],
            items: ownFailures,
            close: []
        });
    }
    for (const [group, label] of [
        [notTried, notTriedLabel(notTried, mode)],
        [others, countsLabel(others)]
    ]) {
        if (group.length === 0)
            continue;
        sections.push({
            // GitHub renders Markdown inside <details> only after a blank line.
            open: [`<details><summary>${label}</summary>`, ''],
            items: group,
            close: ['', '</details>']
        });
    }
    return { header, row, sections };
}
/** Failed only because the run stopped or was cancelled before the item was sent. */
function neverTried(item) {
    return item.status?.code === STOPPED_CODE || item.status?.code === CANCELLED_CODE;
}
const STOPPED_CODE = 10;
const CANCELLED_CODE = 1;
/**
 * Why the items of the group were not made: the run was cancelled, or it stopped (some may
 * have been uploaded, none was sent to batchCreate).
 */
function notTriedLabel(group, mode) {
    const n = group.length;
    if (group.every((i) => i.status?.code === CANCELLED_CODE)) {
        const verb = mode === 'get' ? 'read' : 'created';
        return `${n} cancelled before ${n === 1 ? 'it was' : 'they were'} ${verb}`;
    }
    return `${n} not attempted: the run stopped first`;
}
/** "490 created, 7 skipped": the outcomes of a folded group, in a fixed order. */
function countsLabel(group) {
    const order = ['created', 'found', 'skipped', 'planned'];
    return order
        .map((outcome) => [outcome, group.filter((i) => i.outcome === outcome).length])
        .filter(([, n]) => n > 0)
        .map(([outcome, n]) => `${n} ${outcome}`)
        .join(', ');
}
function fileCell(item) {
    const name = item.fileName ?? item.source;
    return item.fileName && item.source !== item.fileName
        ? `${escapeCell(name)}<br><sub>${escapeCell(item.source)}</sub>`
        : escapeCell(name);
}
function statusCell(item) {
    const status = item.status?.message ?? (item.outcome === 'planned' && item.batch ? `batch ${item.batch}` : '');
    return escapeCell(status);
}
/** What the item is, compactly: "image/png · 1920×1080 · 1.2 MB · 2026-11-01". */
function detailsCell(item) {
    const meta = item.mediaMetadata;
    const day = /^\d{4}-\d{2}-\d{2}/.exec(meta?.creationTime ?? '')?.[0];
    const parts = [
        item.mimeType,
        meta?.width && meta.height ? `${meta.width}×${meta.height}` : undefined,
        item.size !== undefined ? formatBytes(item.size) : undefined,
        day,
        item.videoStatus ? `video ${item.videoStatus}` : undefined
    ];
    return escapeCell(parts.filter(Boolean).join(' · '));
}
/** The media item's file name, linked to it in Google Photos; ids are in the report. */
function mediaCell(item) {
    // One URL parse a row: a summary of 300 items spent half its time on a second one.
    const href = item.mediaItemId ? safeHref(item.productUrl) : undefined;
    return href ? summary_anchor(item.fileName ?? 'open', href) : '';
}
/** With `verify`: one line on how many created items batchGet found again. */
function verificationLines(report) {
    const v = report.verification;
    if (!v)
        return [];
    const error = v.error ? ` The read-back stopped: ${escapeCell(v.error.slice(0, 500))}` : '';
    return [`**Verified:** ${describeVerification(v)}.${error}`, ''];
}
/** The same, synchronously: for the last moment of a cancelled run. */
function writeSummarySync(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (file)
        external_node_fs_default().appendFileSync(file, markdown);
}
/** Appends to $GITHUB_STEP_SUMMARY (read now, not cached); nothing when it is unset. */
async function writeSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file)
        return;
    await external_node_fs_default().promises.appendFile(file, markdown);
}

;// CONCATENATED MODULE: ./src/upload.ts
/**
 * Bytes → upload tokens, streamed from disk. Small files go in one raw request; files at
 * or above the threshold use the resumable protocol in chunks aligned to the server's
 * granularity, and after an interruption resume from what the server says it received.
 */



const DEFAULT_UPLOAD_OPTIONS = {
    resumableThreshold: 16 * 1024 * 1024,
    // Every chunk costs a round trip and the server's handling of one request; memory does
    // not grow with it (reads stay 1 MiB pieces). 128 MiB: a 1 GiB video in 8 chunks, at
    // about 4% more bytes a second than in 16 of 64 MiB (and 64 MiB had a quarter of the
    // calls of 16 MiB).
    chunkSize: 128 * 1024 * 1024
};
/** Google's documented granularity, for a server that does not name one. */
const DEFAULT_GRANULARITY = 256 * 1024;
/** Files up to this size are read whole; larger ones in READ_BUFFER pieces. */
const READ_WHOLE_BYTES = 1024 * 1024;
const READ_BUFFER = 1024 * 1024;
class Uploader {
    http;
    apiEndpoint;
    options;
    spareBuffers = [];
    constructor(http, apiEndpoint, options = {}) {
        this.http = http;
        this.apiEndpoint = apiEndpoint;
        this.options = { ...DEFAULT_UPLOAD_OPTIONS, ...options };
    }
    /** Uploads the file and returns its upload token; `onBytes` gets bytes the server confirmed. */
    async upload(file, onBytes = () => undefined) {
        if (this.readsWhole(file))
            return this.raw(file, this.bytesOf(file), onBytes);
        const handle = await external_node_fs_default().promises.open(file.path);
        // Buffers of a finished upload serve the next: allocated for each file, they were
        // 600 MB of external memory for 200 files of 5 MiB, and 0.8 s of garbage collection.
        const buffers = this.spareBuffers.pop() ?? readBuffers();
        const reader = rangeReader(handle, file, buffers);
        try {
            // The size was checked when the file was found; a file that changed since would fail
            // every attempt with a length mismatch, so say so at once.
            const { size } = await handle.stat();
            if (size !== file.size)
                throw changed(file, size);
            const token = file.size >= this.options.resumableThreshold
                ? await this.resumable(file, reader.range, onBytes)
                : await this.raw(file, reader.range(0, file.size), onBytes);
            // Answered, so every byte was sent; after a failure the socket may still hold some.
            await reader.idle();
            this.spareBuffers.push(buffers);
            return token;
        }
        finally {
            await handle.close();
        }
    }
    readsWhole(file) {
        return file.size <= READ_WHOLE_BYTES && file.size < this.options.resumableThreshold;
    }
    /**
     * A small file, read at its turn. Synchronously: for files this small, the reads of the
     * promise API cost ten times the CPU (open, stat, read and close, each a trip to the
     * thread pool), and that was time during which upload slots stood idle.
     */
    bytesOf(file) {
        const bytes = external_node_fs_default().readFileSync(file.path);
        if (bytes.length !== file.size)
            throw changed(file, bytes.length);
        return bytes;
    }
    async raw(file, body, onBytes) {
        // A lost answer only costs an unused token: raw uploads are safe to repeat.
        const res = await this.http.send({
            op: 'upload',
            method: 'POST',
            url: `${this.apiEndpoint}/v1/uploads`,
            headers: {
                'content-type': 'application/octet-stream',
                'content-length': String(file.size),
                'x-goog-upload-content-type': file.mimeType ?? 'application/octet-stream',
                'x-goog-upload-protocol': 'raw'
            },
            body,
            bodyBytes: file.size,
            idempotent: true
        });
        const token = res.body.trim();
        if (!token)
            throw new Error(`upload of ${file.fileName}: the server answered without an upload token`);
        onBytes(file.size);
        return token;
    }
    async resumable(file, range, onBytes) {
        const start = await this.http.send({
            op: 'upload.start',
            method: 'POST',
            url: `${this.apiEndpoint}/v1/uploads`,
            headers: {
                'content-length': '0',
                'x-goog-upload-command': 'start',
                'x-goog-upload-content-type': file.mimeType ?? 'application/octet-stream',
                'x-goog-upload-protocol': 'resumable',
                'x-goog-upload-raw-size': String(file.size)
            },
            idempotent: true
        });
        const location = start.headers['x-goog-upload-url'];
        if (!location)
            throw new Error(`upload of ${file.fileName}: no X-Goog-Upload-URL in the answer`);
        const sessionUrl = new URL(location, this.apiEndpoint).toString();
        const granularity = Number(start.headers['x-goog-upload-chunk-granularity']) || DEFAULT_GRANULARITY;
        const chunkSize = Math.max(granularity, this.options.chunkSize - (this.options.chunkSize % granularity));
        let offset = 0;
        let failures = 0;
        const policy = this.http.policy;
        for (;;) {
            const from = offset;
            const end = Math.min(file.size, from + chunkSize);
            const last = end === file.size;
            try {
                const res = await this.http.send({
                    op: 'upload.chunk',
                    method: 'POST',
                    url: sessionUrl,
                    headers: {
                        'content-length': String(end - from),
                        'x-goog-upload-command': last ? 'upload, finalize' : 'upload',
                        'x-goog-upload-offset': String(from),
                        'x-goog-upload-protocol': 'resumable'
                    },
                    // The finalize after a chunk that arrived whole but unanswered carries no bytes.
                    // The next chunk's first piece is read while this one's answer is awaited.
                    body: end > from
                        ? range(from, end, last ? undefined : Math.min(file.size, end + chunkSize))
                        : '',
                    bodyBytes: end - from,
                    idempotent: true,
                    // This loop resumes by itself from what the server received.
                    maxAttempts: 1
                });
                onBytes(end - from);
                failures = 0;
                if (last) {
                    const token = res.body.trim();
                    if (!token)
                        throw new Error(`upload of ${file.fileName}: finalize answered without a token`);
                    return token;
                }
                offset = end;
            }
            catch (err) {
                if (err instanceof photos_errors/* DailyQuotaError */.M$)
                    throw err;
                if (!isResumable(err))
                    throw err;
                failures++;
                if (failures >= policy.maxAttempts)
                    throw err;
                const wait = err instanceof photos_errors/* PhotosApiError */.Ox && err.isRateLimit
                    ? (0,photos_retry/* rateLimitDelay */.nl)(policy, err.retryAfterMs)
                    : (0,photos_retry/* backoffDelay */.EY)(policy, failures);
                if (wait > policy.maxRetryAfterMs)
                    throw err;
                await this.http.sleep(wait, 'upload.chunk');
                const status = await this.query(sessionUrl);
                if (status.final) {
                    if (!status.token)
                        throw new Error(`upload of ${file.fileName}: the finished session gave no token`);
                    onBytes(file.size - from);
                    return status.token;
                }
                const received = Math.min(status.received, file.size);
                if (received > from) {
                    onBytes(received - from);
                    // Part of the chunk arrived: that is progress, not another failure in a row.
                    failures = 0;
                }
                else if (received < from) {
                    // The server lost bytes it had confirmed; count them again when resent.
                    onBytes(received - from);
                }
                offset = received;
            }
        }
    }
    async query(sessionUrl) {
        const res = await this.http.send({
            op: 'upload.query',
            method: 'POST',
            url: sessionUrl,
            headers: {
                'content-length': '0',
                'x-goog-upload-command': 'query',
                'x-goog-upload-protocol': 'resumable'
            },
            idempotent: true
        });
        const received = Number(res.headers['x-goog-upload-size-received'] ?? 0);
        return {
            final: res.headers['x-goog-upload-status']?.trim().toLowerCase() === 'final',
            received: Number.isSafeInteger(received) && received >= 0 ? received : 0,
            token: res.body.trim()
        };
    }
}
/** A chunk failure after which the session may still be asked what it holds. */
function isResumable(err) {
    if (err instanceof photos_errors/* ConnectionError */.Rc)
        return true;
    return err instanceof photos_errors/* PhotosApiError */.Ox && (err.isTransient || err.isRateLimit);
}
function changed(file, size) {
    return new Error(`${file.fileName} changed while the action ran (${file.size} bytes when checked, ${size} now)`);
}
/**
 * Bytes [from, to) of an open file, in 1 MiB pieces from three buffers used in turn for
 * every request of the file (and then of later files): one is read while the one before
 * it is sent. A buffer is filled again only after the piece that followed it was taken by
 * the socket, and the socket takes a piece only once what came before it has gone out, so
 * no byte is overwritten before it is sent. (Streams of 64 KiB reads made garbage faster
 * than it was collected: 164 MB RSS for a 1 GiB video.)
 *
 * A range given `nextTo` reads the first piece of [to, nextTo) once its own last piece was
 * taken, so that the next chunk's request starts with bytes in hand instead of a read
 * (the turn of the buffers goes on across ranges, which keeps the rule above). A range
 * that starts elsewhere (a resume after a failure) waits for that read and drops it.
 */
function rangeReader(handle, file, buffers) {
    /** The read an abandoned request may have left running; the next request waits for it. */
    let lastRead = Promise.resolve();
    let turn = 0;
    let ahead;
    const idle = () => lastRead.then(() => undefined, () => undefined);
    const read = (at, to) => {
        const buffer = buffers[turn++ % buffers.length];
        const length = Math.min(buffer.length, to - at);
        const piece = handle.read(buffer, 0, length, at).then(({ bytesRead }) => {
            if (bytesRead < length)
                throw changed(file, at + bytesRead);
            return buffer.subarray(0, length);
        });
        // A read whose request was abandoned is waited for by the next, never thrown unseen.
        piece.catch(() => undefined);
        lastRead = piece;
        return { at, length, piece };
    };
    const range = (from, to, nextTo) => async function* () {
        let position = from;
        /** The read of the next piece of the range, if any is left. */
        const readOn = () => {
            if (position >= to)
                return undefined;
            const r = read(position, to);
            position += r.length;
            return r.piece;
        };
        let next;
        const first = ahead;
        ahead = undefined;
        if (first && first.at === from && first.length === Math.min(READ_BUFFER, to - from)) {
            next = first.piece;
            position += first.length;
        }
        else {
            await idle();
            next = readOn();
        }
        while (next) {
            const piece = await next;
            next = readOn();
            yield piece;
        }
        if (nextTo !== undefined && to < nextTo)
            ahead = read(to, nextTo);
    };
    return { range, idle };
}
function readBuffers() {
    return [0, 1, 2].map(() => Buffer.allocUnsafe(READ_BUFFER));
}

;// CONCATENATED MODULE: ./src/verify.ts
/**
 * `verify`: the created items are read back with batchGet, and what Google reports (type,
 * size, creation time, a video's processing status) goes into the report. The items exist
 * whatever this finds, so its problems are warnings, never a failed step.
 */





async function verifyCreated(client, report, onProgress) {
    const created = report.items.filter((r) => r.outcome === 'created' && r.mediaItemId !== undefined);
    const verification = { items: created.length, found: 0, notFound: 0 };
    report.verification = verification;
    if (created.length === 0) {
        core/* info */.pq('verify: no item was created, so there is nothing to read back.');
        return;
    }
    const ids = created.map((r) => r.mediaItemId);
    const createdById = itemsById(created, (r) => r.mediaItemId);
    core/* info */.pq(`verify: reading ${created.length} created item(s) back in ${batchGetCalls(ids)} batchGet call(s)`);
    try {
        await batchGetAll(client, ids, async (answers) => {
            for (const [id, answer] of answers)
                for (const r of createdById.get(id) ?? []) {
                    if (answer.mediaItem?.id) {
                        r.verified = true;
                        verification.found++;
                        applyMetadata(r, answer.mediaItem);
                        if (r.videoStatus === 'FAILED') {
                            core/* warning */.$e(`verify: ${describe(r)}: Google Photos could not process this video (status FAILED). Check the file plays, and upload it again.`);
                        }
                    }
                    else {
                        r.verified = false;
                        r.verifyStatus = {
                            code: answer.status?.code ?? 5,
                            message: answer.status?.message ?? 'Missing from the batchGet response.'
                        };
                        verification.notFound++;
                        core/* warning */.$e(`verify: ${describe(r)} was created, but batchGet did not find it again (${r.verifyStatus.message}). ` +
                            'It may have been deleted in Google Photos since; look for it there before relying on its id.');
                    }
                }
            await onProgress();
        });
    }
    catch (err) {
        // A cancellation (or a stop elsewhere) ends the run as such; main settles it.
        if (err instanceof photos_errors/* StoppedError */.Ko)
            throw err;
        verification.error = (0,errors/* errorMessage */.g)(err);
        const unread = created.length - verification.found - verification.notFound;
        core/* warning */.$e(`verify: ${unread} of ${created.length} created item(s) could not be read back: ${verification.error} ` +
            'They were created all the same; only the check is missing (set `verify: false` to skip it).');
    }
    core/* info */.pq(`verify: ${describeVerification(verification)}${videoCounts(created)}`);
}
function describe(r) {
    return `item ${r.index + 1}, ${r.fileName ?? r.source} (media item ${r.mediaItemId})`;
}
function videoCounts(items) {
    const counts = new Map();
    for (const r of items) {
        if (r.verified && r.videoStatus)
            counts.set(r.videoStatus, (counts.get(r.videoStatus) ?? 0) + 1);
    }
    if (counts.size === 0)
        return '';
    return `; videos: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`;
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: ./src/main.ts
/** The pipeline, top to bottom: inputs → plan → upload → create → verify → report. */



























/** The package's version, inlined by the bundler: never a second constant that drifts. */
const REPORT_VERSION = package_namespaceObject.rE;
async function run(overrides = {}, cancellation) {
    let config;
    try {
        config = (0,inputs/* readConfig */.Xg)();
    }
    catch (err) {
        setEmptyOutputs();
        core/* setFailed */.C1((0,errors/* errorMessage */.g)(err));
        return;
    }
    logProxies();
    const report = {
        version: REPORT_VERSION,
        mode: config.mode,
        dryRun: config.dryRun,
        state: 'running',
        album: null,
        totals: { total: 0, created: 0, failed: 0, skipped: 0 },
        apiCalls: {},
        startedAt: new Date().toISOString(),
        items: []
    };
    const writer = new ReportWriter(config.resultsFile);
    const policy = { ...photos_retry/* DEFAULT_RETRY_POLICY */.cO, ...overrides.retry };
    const uploadOptions = { ...DEFAULT_UPLOAD_OPTIONS, ...overrides.upload };
    // The refresh grant goes through the same connections and proxies as every other request.
    const tokens = createTokenSource(config.credentials, config.tokenEndpoint, {
        through: () => http.dispatcher,
        timeoutMs: policy.requestTimeoutMs
    });
    const http = new PhotosHttp(tokens, policy, ({ op, attempt, delayMs, reason }) => core/* info */.pq(`${op}: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1})`), config.concurrency + 1);
    const client = new PhotosClient(http, config.apiEndpoint);
    const save = async () => {
        report.apiCalls = { ...http.calls };
        report.totals = writer.totals(report.items);
        await writer.write(report);
    };
    let plan;
    let fatal;
    let inputError;
    let credentialCheck;
    /** Sends the credentials check's requests, once; `signIn` tells what they found. */
    const startSignIn = () => (credentialCheck ??= startCredentialCheck({
        tokens,
        config,
        dispatcher: http.dispatcher,
        timeoutMs: policy.requestTimeoutMs
    }));
    const signIn = () => startSignIn()();
    /** What of the record is written already, for a second signal during the clean-up. */
    const written = { outputs: false, summary: false, final: false };
    const summaryText = () => renderSummary(report, {
        resultsFile: config.resultsFile,
        ...(plan && config.dryRun ? { plan } : {})
    });
    const closeReport = () => {
        report.finishedAt = new Date().toISOString();
        report.apiCalls =
            plan && config.dryRun ? { ...http.calls, ...plan.apiCalls } : { ...http.calls };
        report.totals = writer.totals(report.items);
    };
    cancellation?.listen({
        cancel: (reason) => {
            core/* info */.pq(`${reason.signal} received: cancelling. Nothing new starts; a batchCreate in flight gets up to ${Math.round((overrides.cancelGraceMs ?? CANCEL_GRACE_MS) / 1000)} s to answer.`);
            http.cancel(reason, overrides.cancelGraceMs ?? CANCEL_GRACE_MS);
        },
        // A second signal: what is known now is written at once, synchronously.
        force: () => {
            if (written.final)
                return;
            if (report.state === 'running') {
                settleUnfinished(report, http.stopReason ?? new CancelledError('SIGTERM'));
            }
            closeReport();
            writer.writeSync(report);
            if (!written.outputs)
                setOutputs(report, config.resultsFile);
            if (config.summary && !written.summary)
                writeSummarySync(summaryText());
            core/* setFailed */.C1(report.stoppedReason ?? 'The run was cancelled.');
        }
    });
    try {
        if (config.mode === 'get') {
            report.items = writer.track(await collectIds(config));
            sizeHeapFor(report.items.length);
            await signIn();
            if (config.dryRun)
                plan = planGet(report.items);
            else
                await core/* group */.Os('Reading media items', () => getItems(client, report.items, save));
        }
        else {
            plan = await runCreate({
                config,
                report,
                writer,
                client,
                uploadOptions,
                save,
                startSignIn
            });
        }
        if (http.stopped)
            throw http.stopReason;
        if (config.verify && !config.dryRun) {
            // After the stop check: a failed read-back warns, and never fails what was created.
            await core/* group */.Os('Reading the created media items back (verify)', () => verifyCreated(client, report, save));
        }
        report.state = 'complete';
    }
    catch (err) {
        if (err instanceof errors/* InputError */.d) {
            inputError = err;
        }
        else {
            fatal = err instanceof photos_errors/* StoppedError */.Ko ? err.reason : err;
            settleUnfinished(report, fatal);
        }
    }
    finally {
        // After a stop, requests still in flight are abandoned rather than waited for.
        await (fatal === undefined ? http.close() : http.destroy(fatal));
    }
    if (inputError) {
        // Found once the items or the album were looked at, but a wrong input like any other.
        written.final = true;
        setEmptyOutputs();
        core/* setFailed */.C1(inputError.message);
        return;
    }
    closeReport();
    await writer.write(report);
    setOutputs(report, config.resultsFile);
    written.outputs = true;
    if (config.summary) {
        written.summary = true;
        await writeSummary(summaryText());
    }
    written.final = true;
    finish(config, report, fatal);
}
/** Where requests go on a runner behind a proxy; a proxy's password is masked like a token. */
function logProxies() {
    const { proxies, notUrls } = (0,photos_dispatcher/* proxiesFrom */.Nn)();
    if (proxies) {
        for (const password of (0,photos_dispatcher/* proxyPasswords */.PK)(proxies))
            core/* setSecret */.Pq(password);
        core/* info */.pq((0,photos_dispatcher/* describeProxies */.oz)(proxies));
    }
    for (const name of notUrls) {
        core/* warning */.$e(`${name} is set, but not to a proxy's URL (http://, https:// or socks5://), so no request goes through it. Set it to one, such as http://proxy.example:3128.`);
    }
}
/** After a stop or a cancellation: every item not finished gets its final outcome and reason. */
function settleUnfinished(report, reason) {
    const cancelled = reason instanceof CancelledError;
    report.state = cancelled ? 'cancelled' : 'stopped';
    report.stoppedReason = (0,errors/* errorMessage */.g)(reason);
    for (const item of report.items) {
        if (item.outcome !== 'planned')
            continue;
        item.outcome = 'failed';
        const sent = item.status?.message.startsWith('batchCreate sent') === true;
        item.status = sent
            ? {
                code: 2,
                message: `${cancelled ? 'Cancelled while its batchCreate was in flight' : 'The run stopped while its batchCreate was in flight'}: sent, but no answer came; the item may exist (look in the album, or re-run with \`skip-existing: true\`).`
            }
            : cancelled
                ? { code: 1, message: cancelledBefore(report.mode) }
                : { code: 10, message: NOT_ATTEMPTED };
    }
}
async function runCreate(stage) {
    const { config, client } = stage;
    // Octokit is loaded only by the runs that read a release.
    const release = config.release
        ? new (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(581), __webpack_require__.e(413), __webpack_require__.e(202)]).then(__webpack_require__.bind(__webpack_require__, 4202))).ReleaseAssets(config.release, client.http.policy, (line) => core/* info */.pq(line))
        : undefined;
    try {
        return await createItems(stage, release);
    }
    finally {
        // The downloaded copies go, however the run ended.
        await release?.close();
    }
}
async function createItems(stage, release) {
    const { config, report, writer, client, uploadOptions, save, startSignIn } = stage;
    const collected = await collectCreateItems(config, release, startSignIn);
    const items = collected.items;
    const results = writer.track(collected.results);
    sizeHeapFor(results.length);
    report.items = results;
    rejectUnacceptableFiles(items, results);
    const access = await startSignIn()();
    const album = await resolveAlbum(client, config);
    report.album = album?.info ?? null;
    const albumId = report.album?.id || undefined;
    // The album's items are listed once, for skip-existing and for the relative item's check.
    const checkRelative = config.position === 'AFTER_MEDIA_ITEM' &&
        (config.skipExisting || (config.dryRun && access.canRead === true));
    if (albumId && (config.skipExisting || checkRelative)) {
        const inAlbum = await client.listAlbumItems(albumId);
        if (checkRelative)
            checkRelativeItem(config, inAlbum);
        if (config.skipExisting)
            skipExisting(namesOf(inAlbum), items, results);
    }
    else if (albumId && config.dryRun && config.position === 'AFTER_MEDIA_ITEM') {
        core/* info */.pq('Dry run: `relative-item-id` not checked against the album: the token is not known to have the read scope (photoslibrary.readonly.appcreateddata).');
    }
    // The first record goes out while the uploads start: nothing exists yet that it must
    // show, and the write before the first batchCreate waits for it. A failure surfaces there.
    void save().catch(() => undefined);
    const placement = { position: config.position, relativeItemId: config.relativeItemId };
    if (config.dryRun) {
        const plan = planCreate(items, results, {
            hasAlbum: report.album !== null,
            firstPosition: describePosition(positionFor(placement, undefined)),
            createAlbum: report.album?.created === true,
            upload: uploadOptions,
            verify: config.verify
        });
        const verifyCalls = plan.apiCalls.batchGet;
        core/* info */.pq(`Dry run: ${plan.batches.length} batchCreate call(s) for ` +
            `${results.filter((r) => r.outcome === 'planned').length} item(s)` +
            `${verifyCalls ? `, then ${verifyCalls} batchGet call(s) to verify them` : ''}; nothing was changed.`);
        return plan;
    }
    const creator = new Creator({
        client,
        albumId,
        albumItemsBefore: album?.itemsBefore,
        placement,
        results,
        log: (line) => core/* info */.pq(line),
        onProgress: save
    });
    const stats = await core/* group */.Os('Uploading and creating media items', () => uploadAndCreate(items, {
        client,
        uploader: new Uploader(client.http, config.apiEndpoint, uploadOptions),
        creator,
        concurrency: config.concurrency,
        results,
        onProgress: save,
        ...(release ? { fetchBytes: (file, signal) => release.download(file, signal) } : {})
    }));
    logStages(items, results, creator, stats, release?.stats);
    return undefined;
}
/** Files that Google Photos would refuse are reported and never uploaded. */
function rejectUnacceptableFiles(items, results) {
    for (const item of items) {
        const r = results[item.index];
        if (item.kind !== 'file' || !item.file.rejection || !r)
            continue;
        r.outcome = 'failed';
        r.status = { code: 3, message: `Not uploaded: ${item.file.rejection}` };
    }
}
/** `relative-item-id` must be in the album: every batch is placed after it until one item is made. */
function checkRelativeItem(config, inAlbum) {
    const id = config.relativeItemId;
    if (!id || inAlbum.some((item) => item.id === id))
        return;
    throw new errors/* InputError */.d('relative-item-id', `${id} is not in the album (${inAlbum.length} media item(s) listed), so no item could be ` +
        'placed after it. Check that the id is in the album and was made by this OAuth client.');
}
function skipExisting(names, items, results) {
    let skipped = 0;
    for (const item of items) {
        const r = results[item.index];
        if (!r || r.outcome !== 'planned' || !r.fileName)
            continue;
        const existing = names.get(r.fileName);
        if (existing === undefined)
            continue;
        r.outcome = 'skipped';
        r.status = { code: 0, message: `Already in the album as ${existing.id}` };
        r.mediaItemId = existing.id;
        if (existing.productUrl)
            r.productUrl = existing.productUrl;
        skipped++;
    }
    core/* info */.pq(`skip-existing: ${names.size} file name(s) in the album; ${skipped} item(s) skipped.`);
}
function logStages(items, results, creator, stats, downloads) {
    const files = items.filter((i) => i.kind === 'file').length;
    const tokens = items.length - files;
    const assets = items.filter((i) => i.kind === 'file' && i.file.releaseAsset).length;
    const rejected = results.filter((r) => r.status?.message.startsWith('Not uploaded:')).length;
    const totals = countTotals(results);
    const lines = [
        `Input: ${items.length} item(s): ${tokens} upload token(s), ${files - assets} file(s)${downloads ? `, ${assets} release asset(s)` : ''}`,
        `Checks: ${rejected} file(s) rejected before upload, ${totals.skipped} item(s) skipped (already in the album)`,
        ...(downloads
            ? [
                `Release assets: ${downloads.downloaded} downloaded (${formatBytes(downloads.bytes)}), ${downloads.failed} failed`
            ]
            : []),
        `Uploads: ${stats.uploaded} file(s) uploaded (${formatBytes(stats.bytes)}), ${stats.failed} failed`,
        `Creation: ${totals.created} created, ${totals.failed} failed in all, in ${creator.batches} batch(es) and ${creator.calls} batchCreate call(s)`
    ];
    for (const line of lines)
        core/* info */.pq(line);
}
function finish(config, report, fatal) {
    const { total, failed } = report.totals;
    logFailures(report, { summary: config.summary });
    if (fatal !== undefined) {
        core/* setFailed */.C1((0,errors/* errorMessage */.g)(fatal));
        return;
    }
    if (failed === 0)
        return;
    const mayExist = report.items.filter((i) => i.status?.message.startsWith('May exist:')).length;
    const message = `${failed} of ${total} item(s) failed` +
        (mayExist > 0 ? `, ${mayExist} of which may exist after a lost answer` : '') +
        ' (named above, with their reasons).';
    if (config.failOnError)
        core/* setFailed */.C1(message);
    else
        core/* warning */.$e(`${message.replace(/\.$/, '')}; fail-on-error is false, so the step succeeds.`);
}
function setEmptyOutputs() {
    core/* setOutput */.uH('media-item-ids', '[]');
    for (const name of ['created-count', 'failed-count', 'skipped-count', 'total-count']) {
        core/* setOutput */.uH(name, '0');
    }
    core/* setOutput */.uH('album-id', '');
    core/* setOutput */.uH('album-url', '');
    core/* setOutput */.uH('results-file', '');
}

;// CONCATENATED MODULE: ./src/action.ts
/**
 * The action's process: what it loads before V8's flags are set, a run, the signals that
 * cancel it, and the unexpected error.
 */





/**
 * Loads what this run's inputs will need of the modules that the action otherwise loads on
 * the way, while V8's flags are still the defaults (see `index.ts`), so that the built-ins
 * among them come with Node's precompiled code. Wrong values are left to the inputs' own
 * check. Spawn to the first upload, paired medians of alternated rounds:
 *
 * - `release-assets`: the release listing (Octokit); a release of 10 assets, −19 ms (24).
 * - `refresh-token`: Node's fetch implementation, whose WHATWG `Headers` google-auth-library's
 *   HTTP client (gaxios) builds every request with (reading the global loads it); a
 *   300-file glob, −11 and −6 ms (20 and 16).
 * - `refresh-token`, and every run on Windows: `node:crypto`, which google-auth-library
 *   loads with it, and the outputs' delimiters where there is no `/dev/urandom` (see the
 *   patch of `@actions/core`); other runs never load it.
 * - Every run: Node's `performance` (`perf_hooks` and eight internal modules), which
 *   undici reads when a connection goes idle, the first time after the credentials check's
 *   answer; 1.4-1.6 ms with Node's code, 5-10 ms compiled from source (4 fresh processes
 *   each).
 * - Any endpoint over TLS (Google's are): `node:tls`, which undici loads at the first such
 *   connection; 1.2 ms with Node's code, 3.5–9 ms compiled from source (4 fresh processes
 *   each). A run whose endpoints are all plain `http://` (the emulator) never needs it.
 */
async function preload() {
    const release = (0,inputs/* isYamlTrue */.Yg)(core/* getInput */.V4(inputs/* Inputs */.G0.ReleaseAssets));
    if (release)
        await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(581), __webpack_require__.e(413), __webpack_require__.e(202)]).then(__webpack_require__.bind(__webpack_require__, 4202));
    const refresh = Boolean(core/* getInput */.V4(inputs/* Inputs */.G0.RefreshToken));
    if (refresh)
        void globalThis.Headers;
    if (refresh || process.platform === 'win32')
        await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7598, 23));
    void globalThis.performance;
    const endpoints = [
        core/* getInput */.V4(inputs/* Inputs */.G0.ApiEndpoint) || inputs/* DEFAULT_API_ENDPOINT */.HA,
        core/* getInput */.V4(inputs/* Inputs */.G0.TokenEndpoint) || inputs/* DEFAULT_TOKEN_ENDPOINT */.Km,
        ...(release ? [process.env.GITHUB_API_URL || 'https://api.github.com'] : [])
    ];
    if (!endpoints.every((url) => /^http:\/\//i.test(url.trim())))
        await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1692, 23));
}
async function start() {
    const cancellation = new Cancellation();
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.on(signal, () => {
            // A second signal: the record was written synchronously; end now.
            if (cancellation.receive(signal))
                process.exit(1);
        });
    }
    try {
        await run({}, cancellation);
    }
    catch (err) {
        // run() reports every expected failure itself; this is for the unexpected (a full disk).
        core/* setFailed */.C1(`Unexpected error: ${(0,errors/* errorMessage */.g)(err)}`);
    }
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ InputError),
/* harmony export */   g: () => (/* binding */ errorMessage)
/* harmony export */ });
/** Errors that the entry point turns into one clear failure message. */
/** A wrong or missing input. The message names the input and the fix. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`Input \`${input}\`: ${message}`);
        this.name = 'InputError';
        this.input = input;
    }
}
/** Text of any thrown value, including non-Error throws. */
function errorMessage(err) {
    if (err instanceof Error)
        return err.message;
    if (typeof err === 'string')
        return err;
    try {
        return JSON.stringify(err);
    }
    catch {
        return String(err);
    }
}


/***/ }),

/***/ 9148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CC: () => (/* binding */ expandFiles),
/* harmony export */   EH: () => (/* binding */ loadFileTypes),
/* harmony export */   kM: () => (/* binding */ MAX_FILE_NAME),
/* harmony export */   vH: () => (/* binding */ checkFile)
/* harmony export */ });
/* unused harmony exports MAX_PHOTO_BYTES, MAX_VIDEO_BYTES, ACCEPTED_EXTENSIONS, typeFromName, typeFromContent */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8422);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8431);





const MAX_PHOTO_BYTES = 200 * 1024 * 1024;
const MAX_VIDEO_BYTES = 20 * 1024 * 1024 * 1024;
const MAX_FILE_NAME = 255;
/** Matches between two turns of the event loop during a walk. */
const YIELD_EVERY = 100;
/**
 * The extensions of the types Google Photos accepts, as the `mime` database maps them (a
 * test checks each against it), and the camera formats that the database lacks: RAW stills
 * and camcorder containers. A name with one of these extensions is typed without the
 * database; `mime` builds its database as it loads, and it is needed only to name the type
 * of a file that is refused (300 PNGs, from the end of the walk to the files checked: 16–30
 * ms with it, 8–14 ms without).
 */
const ACCEPTED_EXTENSIONS = new Map([
    ['avif', 'image/avif'],
    ['bmp', 'image/bmp'],
    ['dib', 'image/bmp'],
    ['gif', 'image/gif'],
    ['heic', 'image/heic'],
    ['heif', 'image/heif'],
    ['heics', 'image/heic-sequence'],
    ['heifs', 'image/heif-sequence'],
    ['ico', 'image/vnd.microsoft.icon'],
    ['jpg', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['jpe', 'image/jpeg'],
    ['jfif', 'image/pjpeg'],
    ['png', 'image/png'],
    ['tif', 'image/tiff'],
    ['tiff', 'image/tiff'],
    ['webp', 'image/webp'],
    ['dng', 'image/x-adobe-dng'],
    ['3gp', 'video/3gpp'],
    ['3gpp', 'video/3gpp'],
    ['3g2', 'video/3gpp2'],
    ['asf', 'video/x-ms-asf'],
    ['asx', 'video/x-ms-asf'],
    ['avi', 'video/x-msvideo'],
    ['m2t', 'video/mp2t'],
    ['m2ts', 'video/mp2t'],
    ['mts', 'video/mp2t'],
    ['m4v', 'video/x-m4v'],
    ['mkv', 'video/x-matroska'],
    ['mk3d', 'video/x-matroska'],
    ['mks', 'video/x-matroska'],
    ['qt', 'video/quicktime'],
    ['mov', 'video/quicktime'],
    ['mp4', 'video/mp4'],
    ['mp4v', 'video/mp4'],
    ['mpg4', 'video/mp4'],
    ['mpeg', 'video/mpeg'],
    ['mpg', 'video/mpeg'],
    ['mpe', 'video/mpeg'],
    ['m1v', 'video/mpeg'],
    ['m2v', 'video/mpeg'],
    ['wmv', 'video/x-ms-wmv'],
    // Not in the database.
    ['cr2', 'image/x-canon-cr2'],
    ['cr3', 'image/x-canon-cr3'],
    ['crw', 'image/x-canon-crw'],
    ['nef', 'image/x-nikon-nef'],
    ['nrw', 'image/x-nikon-nrw'],
    ['arw', 'image/x-sony-arw'],
    ['sr2', 'image/x-sony-sr2'],
    ['srf', 'image/x-sony-srf'],
    ['raf', 'image/x-fuji-raf'],
    ['orf', 'image/x-olympus-orf'],
    ['rw2', 'image/x-panasonic-rw2'],
    ['pef', 'image/x-pentax-pef'],
    ['srw', 'image/x-samsung-srw'],
    ['kdc', 'image/x-kodak-kdc'],
    ['mrw', 'image/x-minolta-mrw'],
    ['x3f', 'image/x-sigma-x3f'],
    ['3fr', 'image/x-hasselblad-3fr'],
    ['rwl', 'image/x-leica-rwl'],
    ['divx', 'video/divx'],
    ['mmv', 'video/x-mmv'],
    ['mod', 'video/x-mod'],
    ['tod', 'video/x-tod']
]);
/** The `mime` database, once a name needs it (see `loadFileTypes`). */
let database;
/**
 * Loads the type database unless every one of `names` has an accepted type's extension
 * (with no names, always); `typeFromName` may then be asked about them.
 */
async function loadFileTypes(names) {
    if (database || names?.every((name) => ACCEPTED_EXTENSIONS.has(extensionOf(name) ?? ''))) {
        return;
    }
    database ??= (await __webpack_require__.e(/* import() */ 86).then(__webpack_require__.bind(__webpack_require__, 5086))).default;
}
/** The extension that `mime` would look up for a name (its `getType` rules), lower case. */
function extensionOf(name) {
    const last = name.replace(/^.*[/\\]/s, '').toLowerCase();
    const ext = last.replace(/^.*\./s, '');
    const hasDot = ext.length < last.length - 1;
    return !hasDot && last.length < name.length ? undefined : ext;
}
/**
 * What Google Photos accepts (its help page "File types you can upload"): photos AVIF,
 * BMP, GIF, HEIC, ICO, JPG, PNG, TIFF, WEBP and RAW; videos 3GP, 3G2, ASF, AVI, DIVX,
 * M2T, M2TS, M4V, MKV, MMV, MOD, MOV, MP4, MPG, MTS, TOD, WMV.
 */
const PHOTO_TYPES = new Set([
    'image/avif',
    'image/bmp',
    'image/x-ms-bmp',
    'image/gif',
    'image/heic',
    'image/heif',
    'image/heic-sequence',
    'image/heif-sequence',
    'image/vnd.microsoft.icon',
    'image/x-icon',
    'image/jpeg',
    'image/pjpeg',
    'image/png',
    'image/tiff',
    'image/webp',
    'image/x-adobe-dng',
    'image/x-canon-cr2',
    'image/x-canon-cr3',
    'image/x-canon-crw',
    'image/x-nikon-nef',
    'image/x-nikon-nrw',
    'image/x-sony-arw',
    'image/x-sony-sr2',
    'image/x-sony-srf',
    'image/x-fuji-raf',
    'image/x-olympus-orf',
    'image/x-panasonic-rw2',
    'image/x-pentax-pef',
    'image/x-samsung-srw',
    'image/x-kodak-kdc',
    'image/x-minolta-mrw',
    'image/x-sigma-x3f',
    'image/x-hasselblad-3fr',
    'image/x-leica-rwl'
]);
const VIDEO_TYPES = new Set([
    'video/3gpp',
    'video/3gpp2',
    'video/x-ms-asf',
    'video/x-msvideo',
    'video/divx',
    'video/mp2t',
    'video/x-m4v',
    'video/x-matroska',
    'video/x-mmv',
    'video/x-mod',
    'video/quicktime',
    'video/mp4',
    'video/mpeg',
    'video/x-tod',
    'video/x-ms-wmv'
]);
/**
 * `.ts` shares video/mp2t with M2T, M2TS and MTS, but Google Photos does not list it, and
 * in a repository it is far more often TypeScript than video.
 */
const NOT_ACCEPTED_EXTENSIONS = new Set(['.ts']);
function formatSize(bytes) {
    if (bytes >= 1024 ** 3)
        return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
    return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
/**
 * The extension says nothing of the type: there is none, the database does not know it,
 * or it names only "some bytes". Such a file's type is read from its content.
 */
function typeFromName(fileName) {
    const accepted = ACCEPTED_EXTENSIONS.get(extensionOf(fileName) ?? '');
    if (accepted)
        return accepted;
    if (!database)
        throw new Error('typeFromName before loadFileTypes');
    const type = database.getType(fileName);
    return type && type !== 'application/octet-stream' ? type : undefined;
}
/** As many bytes as `file-type` itself samples from a stream (its `sampleSize` default). */
const CONTENT_SAMPLE_BYTES = 4100;
/**
 * The type that the first bytes of a file show (magic numbers, via `file-type`), or
 * undefined when they show none it knows. Reads only those bytes.
 */
async function typeFromContent(file) {
    const handle = await node_fs__WEBPACK_IMPORTED_MODULE_0___default().promises.open(file, 'r');
    try {
        const head = Buffer.alloc(CONTENT_SAMPLE_BYTES);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        // Loaded here: only files whose name says nothing need it.
        const { fileTypeFromBuffer } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(377)]).then(__webpack_require__.bind(__webpack_require__, 8377));
        return (await fileTypeFromBuffer(head.subarray(0, bytesRead)))?.mime;
    }
    finally {
        await handle.close();
    }
}
/**
 * Type, kind and the reason a file cannot be accepted, if any. Pure: `contentType` is
 * what the file's bytes showed, asked for only when its name says nothing.
 */
function checkFile(fileName, size, contentType) {
    const ext = node_path__WEBPACK_IMPORTED_MODULE_1___default().extname(fileName).toLowerCase();
    const mimeType = typeFromName(fileName) ?? contentType;
    const kind = !mimeType || NOT_ACCEPTED_EXTENSIONS.has(ext)
        ? undefined
        : PHOTO_TYPES.has(mimeType)
            ? 'photo'
            : VIDEO_TYPES.has(mimeType)
                ? 'video'
                : undefined;
    const base = { ...(mimeType ? { mimeType } : {}), ...(kind ? { kind } : {}) };
    if (!kind) {
        const what = NOT_ACCEPTED_EXTENSIONS.has(ext)
            ? `${ext} files`
            : (mimeType ?? `unknown type${ext ? ` ${ext}` : ''}`);
        return {
            ...base,
            rejection: `not a type Google Photos accepts (${what}); it takes photos and videos`
        };
    }
    const nameLength = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .countCharacters */ .wZ)(fileName);
    if (nameLength > MAX_FILE_NAME) {
        return {
            ...base,
            rejection: `the file name is ${nameLength} characters; Google Photos allows at most ${MAX_FILE_NAME}`
        };
    }
    if (size === 0)
        return { ...base, rejection: 'the file is empty' };
    if (kind === 'photo' && size > MAX_PHOTO_BYTES) {
        return { ...base, rejection: `too large: ${formatSize(size)}, photos may be up to 200 MB` };
    }
    if (kind === 'video' && size > MAX_VIDEO_BYTES) {
        return { ...base, rejection: `too large: ${formatSize(size)}, videos may be up to 20 GB` };
    }
    return base;
}
/**
 * Patterns in the order given; the matches of one pattern sorted by path; a file matched
 * twice is taken once, at its first place; `!pattern` lines exclude.
 */
async function expandFiles(patterns, opts) {
    let onFirstFile = opts.onFirstFile;
    const files = [];
    const warnings = [];
    /** For patterns that matched nothing: what they were probably meant to say. */
    const hints = [];
    const seen = new SeenFiles();
    const absolute = (pattern) => node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(pattern) ? pattern : node_path__WEBPACK_IMPORTED_MODULE_1___default().join(opts.workspace, pattern);
    // `!pattern` lines exclude from every pattern, wherever they stand.
    const exclusions = patterns
        .filter((p) => p.startsWith('!'))
        .map((p) => `!${absolute(p.slice(1).trim())}`);
    // Loaded here, so that a run of upload tokens alone does not pay for it at start.
    const glob = await Promise.all(/* import() */[__webpack_require__.e(581), __webpack_require__.e(860)]).then(__webpack_require__.bind(__webpack_require__, 1479));
    for (const pattern of patterns) {
        if (pattern.startsWith('!'))
            continue;
        const globber = await glob.create([absolute(pattern), ...exclusions].join('\n'), {
            implicitDescendants: false,
            matchDirectories: false,
            followSymbolicLinks: true
        });
        const matches = [];
        // The walk is synchronous (patched: its calls are, and an async generator cost a
        // promise and several turns of the event loop for each entry); it pauses below. Each
        // match comes with the stat the walk made of it (of a link's target): the size and the
        // kind of file are read from it, not from a second stat.
        for (const [match, stat] of globber.globEntries()) {
            // Only what is used of the stat: 300 whole ones, kept to the end of the walk, made
            // the walk slower by about what the second stats had cost.
            const isFile = stat.isFile();
            matches.push({ match, isFile, size: stat.size, dev: stat.dev, ino: stat.ino });
            // The first file of the first pattern that matches one: it is added below.
            if (onFirstFile && isFile) {
                onFirstFile();
                onFirstFile = undefined;
                // The walk's calls are synchronous: a turn of the event loop now and then lets
                // the requests sent meanwhile connect and go out.
                await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_2__.setImmediate)();
            }
            else if (matches.length % YIELD_EVERY === 0)
                await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_2__.setImmediate)();
        }
        matches.sort((a, b) => (a.match < b.match ? -1 : a.match > b.match ? 1 : 0));
        await loadFileTypes(matches.map(({ match }) => node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(match)));
        let added = 0;
        for (const found of matches) {
            const { match, size } = found;
            if (seen.has(found))
                continue;
            if (!found.isFile)
                continue;
            const fileName = node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(match);
            const contentType = typeFromName(fileName) || size === 0 ? undefined : await typeFromContent(match);
            const check = checkFile(fileName, size, contentType);
            const rel = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(opts.workspace, match);
            files.push({
                index: files.length,
                path: match,
                source: rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(rel) ? match : rel,
                fileName,
                size,
                ...check
            });
            added++;
        }
        if (added === 0 && matches.length === 0) {
            const hint = await hintFor(pattern, absolute(pattern));
            warnings.push(`No file matched the pattern "${pattern}"${hint ? `: ${hint}` : '.'}`);
            if (hint)
                hints.push(`"${pattern}": ${hint}`);
        }
    }
    return { files, warnings, hints };
}
/**
 * The files taken so far, so that one matched twice (by two patterns, or through a link)
 * is taken once. Two paths are the same file when their real paths are; real paths are
 * resolved only for paths that share a device and inode, the only ones that can be the
 * same file (hard links share them too, and are kept apart, as their real paths differ).
 */
class SeenFiles {
    byInode = new Map();
    /** Whether the file was seen already; remembers it when not. */
    has({ match, dev, ino }) {
        const key = `${dev}:${ino}`;
        const same = this.byInode.get(key);
        if (!same) {
            this.byInode.set(key, { paths: [match] });
            return false;
        }
        // Synchronous, as the walk's calls: a trip to the thread pool for each cost five times
        // the CPU of the call itself.
        const reals = (same.reals ??= new Set(same.paths.map(_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .realOrSelf */ .er)));
        const real = (0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .realOrSelf */ .er)(match);
        if (reals.has(real))
            return true;
        reals.add(real);
        return false;
    }
}
/** What a pattern that matched nothing was probably meant to say, if that can be told. */
async function hintFor(pattern, absolutePattern) {
    const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0___default().promises.stat(absolutePattern).catch(() => undefined);
    if (stat?.isDirectory()) {
        const dir = pattern.replace(/[\\/]+$/, '');
        return `it is a directory. Write \`${dir}/**\` for every file below it, or \`${dir}/*.png\` for some.`;
    }
    const parts = pattern
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
    if (parts.length > 1) {
        return `patterns go one a line, not separated by commas. Write ${parts.map((p) => `\`${p}\``).join(', ')} on lines of their own.`;
    }
    return undefined;
}


/***/ }),

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G0: () => (/* binding */ Inputs),
/* harmony export */   HA: () => (/* binding */ DEFAULT_API_ENDPOINT),
/* harmony export */   Km: () => (/* binding */ DEFAULT_TOKEN_ENDPOINT),
/* harmony export */   Xg: () => (/* binding */ readConfig),
/* harmony export */   Yg: () => (/* binding */ isYamlTrue),
/* harmony export */   _n: () => (/* binding */ DESCRIPTION_LENGTH_LIMIT),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   pw: () => (/* binding */ ID_PATTERN),
/* harmony export */   wZ: () => (/* binding */ countCharacters)
/* harmony export */ });
/* unused harmony exports MAX_CONCURRENCY, parseFilePatterns, parseMediaItemIds, parsePosition */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6784);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _media_item_ids_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5684);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8431);
/** Inputs → a typed, validated Config. Every wrong input throws one InputError that says the fix. */








/** Input names: one place (action.yml is the contract). */
const Inputs = {
    Mode: 'mode',
    Files: 'files',
    TokensFile: 'tokens-file',
    AlbumId: 'album-id',
    AlbumTitle: 'album-title',
    Position: 'position',
    RelativeItemId: 'relative-item-id',
    Description: 'description',
    MediaItemIds: 'media-item-ids',
    MediaItemIdsFile: 'media-item-ids-file',
    AccessToken: 'access-token',
    ClientId: 'client-id',
    ClientSecret: 'client-secret',
    RefreshToken: 'refresh-token',
    Concurrency: 'concurrency',
    SkipExisting: 'skip-existing',
    Verify: 'verify',
    FailOnError: 'fail-on-error',
    DryRun: 'dry-run',
    ResultsFile: 'results-file',
    Summary: 'summary',
    ApiEndpoint: 'api-endpoint',
    TokenEndpoint: 'token-endpoint',
    ReleaseAssets: 'release-assets',
    ReleaseAssetPattern: 'release-asset-pattern',
    ReleaseTag: 'release-tag',
    GithubToken: 'github-token'
};
const SECRET_INPUTS = [
    Inputs.AccessToken,
    Inputs.ClientSecret,
    Inputs.RefreshToken,
    Inputs.GithubToken
];
/** Inputs that only one mode uses. The switches count only when true: their default is false. */
const CREATE_ONLY = [
    Inputs.Files,
    Inputs.TokensFile,
    Inputs.AlbumId,
    Inputs.AlbumTitle,
    Inputs.Position,
    Inputs.RelativeItemId,
    Inputs.Description,
    Inputs.SkipExisting,
    Inputs.Verify
];
const GET_ONLY = [Inputs.MediaItemIds, Inputs.MediaItemIdsFile];
const POSITIONS = {
    'last-in-album': 'LAST_IN_ALBUM',
    'first-in-album': 'FIRST_IN_ALBUM',
    'after-media-item': 'AFTER_MEDIA_ITEM',
    'after-enrichment-item': 'AFTER_ENRICHMENT_ITEM'
};
const DEFAULT_CONCURRENCY = 6;
const MAX_CONCURRENCY = 32;
/**
 * Google Photos limits: album titles up to 500 characters, descriptions under 1000.
 * Google counts characters (code points), so 600 emoji are 600, not 1200 UTF-16 units.
 */
const MAX_ALBUM_TITLE_LENGTH = 500;
const DESCRIPTION_LENGTH_LIMIT = 1000;
const DEFAULT_API_ENDPOINT = 'https://photoslibrary.googleapis.com';
const DEFAULT_TOKEN_ENDPOINT = 'https://oauth2.googleapis.com/token';
const DEFAULT_RESULTS_FILE_NAME = 'photos-results.json';
/** Characters as Google counts them: Unicode code points, not UTF-16 units. */
function countCharacters(text) {
    return [...text].length;
}
/** Media item, album and enrichment ids: this also keeps them safe inside URLs. */
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const ID_CHARACTERS = 'letters, digits, `-` and `_` only';
/** An input's value, trimmed as core.getInput does; '' when not set. */
function get(name) {
    return _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
}
function readConfig() {
    maskSecrets();
    const mode = readMode();
    const skipExisting = readBoolean(Inputs.SkipExisting, false);
    const verify = readBoolean(Inputs.Verify, false);
    refuseOtherModeInputs(mode, { [Inputs.SkipExisting]: skipExisting, [Inputs.Verify]: verify });
    const filePatterns = parseFilePatterns(get(Inputs.Files));
    const release = readRelease(mode);
    if (mode === 'create' && filePatterns.length === 0 && !get(Inputs.TokensFile) && !release) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.Files, "nothing to create: set `files` (glob patterns of images and videos), `tokens-file` (upload tokens made elsewhere) or `release-assets: true` (a release's assets).");
    }
    if (mode === 'get' && !get(Inputs.MediaItemIds) && !get(Inputs.MediaItemIdsFile)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.MediaItemIds, '`mode: get` needs media item ids: set `media-item-ids` (separated by newlines, commas or spaces) or `media-item-ids-file`.');
    }
    const { albumId, albumTitle } = readAlbum();
    const hasAlbum = Boolean(albumId || albumTitle);
    const { position, relativeItemId } = readPosition(hasAlbum);
    const description = readDescription();
    if (skipExisting && !hasAlbum) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.SkipExisting, 'compares file names with those already in an album: set `album-id` or `album-title`, or remove `skip-existing`.');
    }
    const mediaItemIds = readMediaItemIds();
    const credentials = readCredentials();
    const concurrency = readConcurrency();
    const failOnError = readBoolean(Inputs.FailOnError, true);
    const dryRun = readBoolean(Inputs.DryRun, false);
    const summary = readBoolean(Inputs.Summary, true);
    const apiEndpoint = readEndpoint(Inputs.ApiEndpoint, DEFAULT_API_ENDPOINT);
    const tokenEndpoint = readEndpoint(Inputs.TokenEndpoint, DEFAULT_TOKEN_ENDPOINT);
    const tokensFile = readExistingFile(Inputs.TokensFile);
    const mediaItemIdsFile = readExistingFile(Inputs.MediaItemIdsFile);
    const resultsFile = readResultsFile();
    return {
        mode,
        filePatterns,
        ...(tokensFile ? { tokensFile } : {}),
        ...(albumId ? { albumId } : {}),
        ...(albumTitle ? { albumTitle } : {}),
        position,
        ...(relativeItemId ? { relativeItemId } : {}),
        ...(description ? { description } : {}),
        mediaItemIds,
        ...(mediaItemIdsFile ? { mediaItemIdsFile } : {}),
        credentials,
        concurrency,
        skipExisting,
        verify,
        failOnError,
        dryRun,
        resultsFile,
        summary,
        apiEndpoint,
        tokenEndpoint,
        ...(release ? { release } : {})
    };
}
/** Masked before anything can throw, so that no error or log line can show them. */
function maskSecrets() {
    for (const name of SECRET_INPUTS) {
        const value = get(name);
        if (!value)
            continue;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
        // The runner masks line by line: a value that spans lines is masked per line as well.
        const lines = value.split(/\r?\n/).map((l) => l.trim());
        if (lines.length > 1)
            for (const line of lines)
                if (line)
                    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(line);
    }
}
function readMode() {
    const text = get(Inputs.Mode);
    const mode = (text || 'create').toLowerCase();
    if (mode !== 'create' && mode !== 'get') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.Mode, `"${text}" is not a mode. Use \`create\` (make media items) or \`get\` (read media items with batchGet).`);
    }
    return mode;
}
function refuseOtherModeInputs(mode, switches) {
    const foreign = mode === 'get' ? CREATE_ONLY : GET_ONLY;
    for (const name of foreign) {
        const given = switches[name] ?? get(name) !== '';
        if (!given)
            continue;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, mode === 'get'
            ? 'is for `mode: create`; `mode: get` only reads media items. Remove it, or set `mode: create`.'
            : 'is for `mode: get` (reading media items); this step creates them (`mode: create`). Remove it, or set `mode: get`.');
    }
}
/** Newline-separated glob patterns, in order; blank and `#` lines dropped. */
function parseFilePatterns(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
}
/** Ids separated by newlines, commas or whitespace; order and duplicates kept. */
function parseMediaItemIds(text) {
    return text.split(/[\s,]+/).filter(Boolean);
}
function readAlbum() {
    const albumId = get(Inputs.AlbumId);
    // Untrimmed, to tell a title of only spaces from no title.
    const rawTitle = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(Inputs.AlbumTitle, { trimWhitespace: false });
    const albumTitle = rawTitle.trim();
    if (albumId && rawTitle) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.AlbumId, 'is set together with `album-title`; give one: `album-id` for an album this OAuth client created, or `album-title` to find or create one by title.');
    }
    if (albumId && !ID_PATTERN.test(albumId)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.AlbumId, `"${albumId}" has characters an album id cannot have (${ID_CHARACTERS}). Copy the id from the album's API answer or an earlier run's \`album-id\` output.`);
    }
    if (rawTitle && !albumTitle) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.AlbumTitle, 'is only spaces. Give the album a title, or remove `album-title`.');
    }
    const titleLength = countCharacters(albumTitle);
    if (titleLength > MAX_ALBUM_TITLE_LENGTH) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.AlbumTitle, `is ${titleLength} characters long; Google Photos allows at most ${MAX_ALBUM_TITLE_LENGTH}. Shorten it.`);
    }
    return { ...(albumId ? { albumId } : {}), ...(albumTitle ? { albumTitle } : {}) };
}
/** A position name of ours or of the API (`FIRST_IN_ALBUM`), in any case. */
function parsePosition(text) {
    return POSITIONS[text.trim().toLowerCase().replace(/_/g, '-')];
}
function readPosition(hasAlbum) {
    const text = get(Inputs.Position);
    const relativeItemId = get(Inputs.RelativeItemId);
    const position = text ? parsePosition(text) : 'LAST_IN_ALBUM';
    if (!position) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.Position, `"${text}" is not a position. Use \`last-in-album\`, \`first-in-album\`, \`after-media-item\` or \`after-enrichment-item\` (or the API's names such as \`FIRST_IN_ALBUM\`).`);
    }
    if (position !== 'LAST_IN_ALBUM' && !hasAlbum) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.Position, `\`${text}\` needs an album: set \`album-id\` or \`album-title\`, or remove \`position\`.`);
    }
    const isAfter = position === 'AFTER_MEDIA_ITEM' || position === 'AFTER_ENRICHMENT_ITEM';
    if (isAfter && !relativeItemId) {
        const what = position === 'AFTER_MEDIA_ITEM' ? 'media item' : 'enrichment item';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.Position, `\`${text}\` needs \`relative-item-id\`: set it to the id of the ${what} to insert after.`);
    }
    if (!isAfter && relativeItemId) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.RelativeItemId, `is only used with \`position: after-media-item\` or \`after-enrichment-item\`, not with \`${text || 'last-in-album'}\`. Remove it, or set one of those positions.`);
    }
    if (relativeItemId && !ID_PATTERN.test(relativeItemId)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.RelativeItemId, `"${relativeItemId}" has characters an id cannot have (${ID_CHARACTERS}).`);
    }
    return { position, ...(relativeItemId ? { relativeItemId } : {}) };
}
function readDescription() {
    const description = get(Inputs.Description);
    const length = countCharacters(description);
    if (length >= DESCRIPTION_LENGTH_LIMIT) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.Description, `is ${length} characters long; Google Photos takes descriptions under ${DESCRIPTION_LENGTH_LIMIT} characters. Shorten it.`);
    }
    return description || undefined;
}
/**
 * Ids separated by newlines, commas or spaces, or a JSON array: the `media-item-ids`
 * output of a create step, whose `null` entries (items that failed there) are kept.
 */
function readMediaItemIds() {
    const text = get(Inputs.MediaItemIds);
    const fail = (message) => new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.MediaItemIds, message);
    const ids = text.startsWith('[')
        ? (0,_media_item_ids_js__WEBPACK_IMPORTED_MODULE_7__/* .parseIdArray */ .O)(text, 'the JSON array', fail).map(({ id }) => id)
        : parseMediaItemIds(text);
    ids.forEach((id, i) => {
        if (id !== null && !ID_PATTERN.test(id)) {
            throw fail(`id ${i + 1}, "${id.slice(0, 80)}", has characters a media item id cannot have (${ID_CHARACTERS}). Separate ids with newlines, commas or spaces, or pass a JSON array of strings.`);
        }
    });
    if (text && ids.length === 0 && !get(Inputs.MediaItemIdsFile)) {
        throw fail(`"${text.slice(0, 40)}" holds no media item id: nothing to get. Pass ids separated by newlines, commas or spaces, or a JSON array such as the \`media-item-ids\` output of a create step.`);
    }
    return ids;
}
function readCredentials() {
    const accessToken = get(Inputs.AccessToken);
    const trio = {
        [Inputs.ClientId]: get(Inputs.ClientId),
        [Inputs.ClientSecret]: get(Inputs.ClientSecret),
        [Inputs.RefreshToken]: get(Inputs.RefreshToken)
    };
    const names = Object.keys(trio);
    const given = names.filter((name) => trio[name]);
    const missing = names.filter((name) => !trio[name]);
    const list = (items) => items.map((name) => `\`${name}\``).join(', ');
    if (accessToken && given.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.AccessToken, `is set together with ${list(given)}; give either \`access-token\`, or all of \`client-id\`, \`client-secret\` and \`refresh-token\`, not both.`);
    }
    if (accessToken)
        return { kind: 'access-token', accessToken };
    if (given.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.AccessToken, 'no credentials: set `access-token`, or all of `client-id`, `client-secret` and `refresh-token` (from secrets) so that the action refreshes access tokens itself.');
    }
    const [firstMissing] = missing;
    if (firstMissing) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(firstMissing, `is not set: \`client-id\`, \`client-secret\` and \`refresh-token\` go together. Missing: ${list(missing)}; set ${missing.length > 1 ? 'them' : 'it'} from secrets, or use \`access-token\` instead.`);
    }
    return {
        kind: 'refresh-token',
        clientId: trio[Inputs.ClientId],
        clientSecret: trio[Inputs.ClientSecret],
        refreshToken: trio[Inputs.RefreshToken]
    };
}
function readConcurrency() {
    const text = get(Inputs.Concurrency);
    if (!text)
        return DEFAULT_CONCURRENCY;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > MAX_CONCURRENCY) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.Concurrency, `"${text}" is not a whole number from 1 to ${MAX_CONCURRENCY}. Set one in that range, or remove it for the default (${DEFAULT_CONCURRENCY}).`);
    }
    return n;
}
/** `true` in the YAML 1.2 core schema, as core.getBooleanInput reads it. */
function isYamlTrue(text) {
    return text === 'true' || text === 'True' || text === 'TRUE';
}
/** The YAML 1.2 core schema's booleans, as core.getBooleanInput, but with our own error. */
function readBoolean(name, fallback) {
    const text = get(name);
    if (!text)
        return fallback;
    if (isYamlTrue(text))
        return true;
    if (['false', 'False', 'FALSE'].includes(text))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, `"${text}" is not a boolean. Use \`true\` or \`false\` (words such as yes, on or 1 are not taken).`);
}
/** 127.0.0.0/8, ::1 and localhost: where plain http stays on the machine. */
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (host === 'localhost')
        return true;
    if (node_net__WEBPACK_IMPORTED_MODULE_2___default().isIPv4(host))
        return host.startsWith('127.');
    return node_net__WEBPACK_IMPORTED_MODULE_2___default().isIPv6(host) && host === '::1';
}
function readEndpoint(name, fallback) {
    const text = get(name) || fallback;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, `"${text}" is not an absolute URL. Write it in full, such as ${fallback}, or remove the input for that default.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, `"${text}" is not an http(s) URL. Write it in full, such as ${fallback}, or remove the input for that default.`);
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, `"${text}" must use https: tokens would travel in clear text. Plain http is allowed only on loopback (127.0.0.1, ::1, localhost), for emulators.`);
    }
    if (url.username || url.password) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, 'holds a user name or password, which would show in logs. Remove them from the URL.');
    }
    // Request paths are appended to the API base URL, which a query or fragment would break.
    if (name === Inputs.ApiEndpoint && /[?#]/.test(text)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, `"${text}" is a base URL, to which paths such as /v1/uploads are appended: remove the query or fragment.`);
    }
    const base = text.replace(/\/+$/, '');
    // Google's docs write the base URL with its version; the client adds `/v1` itself.
    return name === Inputs.ApiEndpoint ? base.replace(/\/v1$/, '') : base;
}
function readExistingFile(name) {
    const text = get(name);
    if (!text)
        return undefined;
    const file = (0,_paths_js__WEBPACK_IMPORTED_MODULE_6__/* .resolveInputPath */ .qL)(text);
    let stat;
    try {
        stat = node_fs__WEBPACK_IMPORTED_MODULE_1___default().statSync(file);
    }
    catch (err) {
        const code = err.code;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, code === 'ENOENT' || code === 'ENOTDIR'
            ? `${file} does not exist. Check the path (relative paths start at the workspace, ${(0,_paths_js__WEBPACK_IMPORTED_MODULE_6__/* .workspaceDir */ .zf)()}) and the step that writes the file.`
            : `${file} cannot be read (${code ?? String(err)}). Check its permissions.`);
    }
    if (!stat.isFile()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, `${file} is not a regular file${stat.isDirectory() ? ' (it is a directory)' : ''}. Give the path of the file itself.`);
    }
    return file;
}
function readResultsFile() {
    const text = get(Inputs.ResultsFile);
    if (!text) {
        return node_path__WEBPACK_IMPORTED_MODULE_4___default().join(process.env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_3___default().tmpdir(), DEFAULT_RESULTS_FILE_NAME);
    }
    const file = (0,_paths_js__WEBPACK_IMPORTED_MODULE_6__/* .resolveInputPath */ .qL)(text);
    if (node_fs__WEBPACK_IMPORTED_MODULE_1___default().statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ResultsFile, `${file} is a directory. Give a file path, such as ${node_path__WEBPACK_IMPORTED_MODULE_4___default().join(file, DEFAULT_RESULTS_FILE_NAME)}.`);
    }
    checkWritable(file);
    return file;
}
/**
 * The report is written next to its target and renamed over it, so its directory must
 * exist (it is created) and be writable; this is known before any API call.
 */
function checkWritable(file) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(file);
    try {
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(dir, { recursive: true });
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().accessSync(dir, (node_fs__WEBPACK_IMPORTED_MODULE_1___default().constants).W_OK);
        if (node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(file))
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().accessSync(file, (node_fs__WEBPACK_IMPORTED_MODULE_1___default().constants).W_OK);
    }
    catch (err) {
        const code = err.code ?? String(err);
        const why = code === 'ENOTDIR' || code === 'EEXIST'
            ? 'a part of its directory path is a file, not a directory'
            : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
                ? 'the runner user may not write there'
                : code;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ResultsFile, `${file} cannot be written (${why}). Give a path in a writable directory, such as one under RUNNER_TEMP or the workspace, or remove the input for the default.`);
    }
}
/** The event's own release, read when the run starts (the toolkit's `context` is read at import). */
function eventRelease() {
    if (process.env.GITHUB_EVENT_NAME !== 'release')
        return undefined;
    const file = process.env.GITHUB_EVENT_PATH;
    let payload = {};
    try {
        if (file)
            payload = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(file, 'utf8'));
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ReleaseTag, `the \`release\` event's payload (${file}) cannot be read (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .g)(err)}). Set \`release-tag\` to name the release.`);
    }
    const { id, tag_name: tag } = payload.release ?? {};
    if (typeof id !== 'number' || typeof tag !== 'string') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ReleaseTag, "the `release` event's payload holds no release. Set `release-tag` to name the release.");
    }
    return { id, tag };
}
function readRelease(mode) {
    const wanted = readBoolean(Inputs.ReleaseAssets, false);
    // `github.ref` of a tag push is `refs/tags/<tag>`: taken as the tag itself.
    const tag = get(Inputs.ReleaseTag).replace(/^refs\/tags\//, '');
    const pattern = get(Inputs.ReleaseAssetPattern);
    if (!wanted) {
        for (const name of [Inputs.ReleaseTag, Inputs.ReleaseAssetPattern]) {
            if (get(name)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(name, "is only read with `release-assets: true`. Set `release-assets: true` to take the release's assets, or remove it.");
            }
        }
        return undefined;
    }
    if (mode === 'get') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ReleaseAssets, 'is for `mode: create`; `mode: get` only reads media items. Remove it, or set `mode: create`.');
    }
    const githubToken = get(Inputs.GithubToken);
    if (!githubToken) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.GithubToken, "is empty, and `release-assets` reads the release with it. Remove the input for its default (`${{ github.token }}`), or pass a token that may read the repository's contents.");
    }
    if (pattern.includes('/')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ReleaseAssetPattern, `"${pattern}" has a \`/\`, which no asset name has: the pattern matches asset names, such as \`*.png\` or \`shot-*.{jpg,mp4}\`.`);
    }
    const fromEvent = tag ? undefined : eventRelease();
    if (!tag && !fromEvent) {
        const event = process.env.GITHUB_EVENT_NAME || 'unknown';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ReleaseTag, `is needed with \`release-assets: true\` on a \`${event}\` event (only a \`release\` event brings its own release). Set it to the release's tag, such as \`v1.2.0\`.`);
    }
    const [owner, repo, ...rest] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo || rest.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ReleaseAssets, "reads a release of the workflow's repository, named by GITHUB_REPOSITORY (`owner/name`), which is not set. The runner sets it; set it yourself when running the action elsewhere.");
    }
    const apiUrl = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(apiUrl) || !URL.canParse(apiUrl)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .InputError */ .d(Inputs.ReleaseAssets, `reads the release from GITHUB_API_URL, which is "${apiUrl}", not an http(s) URL. The runner sets it (https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server).`);
    }
    return {
        ...(fromEvent ? { tag: fromEvent.tag, id: fromEvent.id } : { tag }),
        ...(pattern ? { pattern } : {}),
        githubToken,
        owner,
        repo,
        apiUrl
    };
}


/***/ }),

/***/ 5684:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ kindOf),
/* harmony export */   O: () => (/* binding */ parseIdArray)
/* harmony export */ });
/** A JSON array of ids and nulls; each id trimmed. `fail` makes the input's error. */
function parseIdArray(text, displayName, fail) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (err) {
        throw fail(`${displayName} is not valid JSON (${err.message}).`);
    }
    if (!Array.isArray(parsed)) {
        throw fail(`${displayName} must be a JSON array of media item ids (strings, or null).`);
    }
    return parsed.map((value, i) => {
        const where = `${displayName}[${i}]`;
        if (value === null)
            return { id: null, where };
        if (typeof value !== 'string') {
            throw fail(`${where}: expected a media item id (a string) or null, not ${kindOf(value)}.`);
        }
        return { id: value.trim(), where };
    });
}
/** What a JSON value is, for error messages: `an object`, `a number`, … */
function kindOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}


/***/ }),

/***/ 8431:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gt: () => (/* binding */ displayPath),
/* harmony export */   er: () => (/* binding */ realOrSelf),
/* harmony export */   qL: () => (/* binding */ resolveInputPath),
/* harmony export */   zf: () => (/* binding */ workspaceDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/** Paths of inputs: relative ones start at the workspace; absolute ones may be anywhere. */


function workspaceDir() {
    return process.env.GITHUB_WORKSPACE || process.cwd();
}
/** An input path, resolved against the workspace when relative. */
function resolveInputPath(text) {
    return node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(workspaceDir(), text);
}
/** How the report names a path: relative to the workspace when under it, else absolute. */
function displayPath(file) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(workspaceDir(), file);
    return rel === '' || rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(rel) ? file : rel;
}
/** The real path (links resolved), or the path itself when it does not exist yet. */
function realOrSelf(p) {
    try {
        return node_fs__WEBPACK_IMPORTED_MODULE_0___default().realpathSync.native(p);
    }
    catch {
        return p;
    }
}


/***/ }),

/***/ 848:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nn: () => (/* binding */ proxiesFrom),
/* harmony export */   PK: () => (/* binding */ proxyPasswords),
/* harmony export */   SM: () => (/* binding */ createDispatcher),
/* harmony export */   oz: () => (/* binding */ describeProxies)
/* harmony export */ });
/* harmony import */ var undici_lib_dispatcher_agent_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7405);
/* harmony import */ var undici_lib_dispatcher_agent_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(undici_lib_dispatcher_agent_js__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var undici_lib_api_api_connect_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2279);
/* harmony import */ var undici_lib_api_api_connect_js__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(undici_lib_api_api_connect_js__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var undici_lib_dispatcher_dispatcher_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(883);
/* harmony import */ var undici_lib_dispatcher_dispatcher_js__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(undici_lib_dispatcher_dispatcher_js__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var undici_lib_dispatcher_env_http_proxy_agent_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3137);
/* harmony import */ var undici_lib_dispatcher_env_http_proxy_agent_js__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(undici_lib_dispatcher_env_http_proxy_agent_js__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var undici_lib_dispatcher_pool_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(628);
/* harmony import */ var undici_lib_dispatcher_pool_js__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(undici_lib_dispatcher_pool_js__WEBPACK_IMPORTED_MODULE_4__);





/*
 * undici's dispatchers, imported file by file: its index also loads fetch, WebSocket,
 * EventSource, the caches and the mocks (1 MB of the 1.8 MB the action loads at start,
 * about 15 ms of a cold start), none of which the action uses. Of the calls the index makes
 * methods of every dispatcher, the action's requests need none (they go through `dispatch`);
 * a proxy's CONNECT goes through `connect`, so that one is added. (`request` and the other
 * stream calls loaded a readable-stream class and four modules at start.)
 */
Object.assign((undici_lib_dispatcher_dispatcher_js__WEBPACK_IMPORTED_MODULE_2___default().prototype), { connect: (undici_lib_api_api_connect_js__WEBPACK_IMPORTED_MODULE_1___default()) });
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
/**
 * The proxies the environment names (undefined when it names none), and the variables set
 * to something that is not a URL, which the log names: such a run goes to the hosts directly.
 */
function proxiesFrom(env = process.env) {
    const notUrls = [];
    const read = (names) => {
        const name = names.find((n) => env[n]?.trim());
        if (!name)
            return undefined;
        const url = proxyUrl(env[name] ?? '');
        if (!url)
            notUrls.push(name);
        return url;
    };
    const http = read(['http_proxy', 'HTTP_PROXY']);
    // As curl and the toolkit do: an https URL without HTTPS_PROXY goes through HTTP_PROXY.
    const https = read(['https_proxy', 'HTTPS_PROXY']) ?? http;
    if (!http && !https)
        return { notUrls };
    const noProxy = [env.no_proxy || env.NO_PROXY || '', ...LOOPBACK_HOSTS].filter(Boolean).join(',');
    return { proxies: { ...(http ? { http } : {}), ...(https ? { https } : {}), noProxy }, notUrls };
}
/**
 * Options of every dispatcher. HTTP/1.1 only: undici 8 would otherwise offer HTTP/2 to a
 * TLS server, and Google's would take it, so real runs would go over a protocol that no
 * test and no benchmark here exercises (the emulator speaks HTTP/1.1), on one connection
 * instead of one an upload slot; with neither HTTP/2 nor a header limit to read from
 * `node:http` (Node's default is given), neither module is loaded (see undici's patch): a
 * tokens-only run's first request went out about 15 ms sooner (14 alternated rounds).
 */
const BASE_OPTIONS = { allowH2: false, maxHeaderSize: 16 * 1024 };
function createDispatcher(given, proxies = proxiesFrom().proxies) {
    const options = { ...BASE_OPTIONS, ...given };
    if (!proxies)
        return new (undici_lib_dispatcher_agent_js__WEBPACK_IMPORTED_MODULE_0___default())(options);
    return new (undici_lib_dispatcher_env_http_proxy_agent_js__WEBPACK_IMPORTED_MODULE_3___default())({
        ...options,
        // The connection to the proxy itself, which carries the CONNECT of an https host, gets
        // the same header limit: undici's default factory gives it none, and the client then
        // loaded `node:http` to read Node's. (A plain http:// host is forwarded by a client of
        // undici's own making, which still does; only the tests use one.)
        clientFactory: (origin, opts) => new (undici_lib_dispatcher_pool_js__WEBPACK_IMPORTED_MODULE_4___default())(origin, { ...opts, maxHeaderSize: options.maxHeaderSize }),
        ...(proxies.http ? { httpProxy: proxies.http } : {}),
        ...(proxies.https ? { httpsProxy: proxies.https } : {}),
        noProxy: proxies.noProxy
    });
}
/** What the log says of the proxies: their origins, never a user name or password. */
function describeProxies(proxies) {
    const origin = (url) => (url ? new URL(url).origin : undefined);
    const [https, http] = [origin(proxies.https), origin(proxies.http)];
    const via = https === http
        ? `through ${https}`
        : [https ? `https through ${https}` : '', http ? `http through ${http}` : '']
            .filter(Boolean)
            .join(', ');
    return `Requests go ${via}, except to localhost, 127.0.0.1, ::1 and the hosts in NO_PROXY.`;
}
/** The passwords in the proxies' URLs, decoded, each once: to be masked. */
function proxyPasswords(proxies) {
    const passwords = [proxies.http, proxies.https].map((url) => url ? decodeURIComponent(new URL(url).password) : '');
    return [...new Set(passwords)].filter(Boolean);
}
/** Schemes of proxies that undici can go through. */
const PROXY_PROTOCOLS = new Set(['http:', 'https:', 'socks5:']);
/** A proxy variable's value as a URL; `proxy:3128` means `http://proxy:3128`, as for curl. */
function proxyUrl(value) {
    const text = value.trim();
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
    try {
        const parsed = new URL(url);
        return PROXY_PROTOCOLS.has(parsed.protocol) ? parsed.toString() : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 3362:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ StoppedError),
/* harmony export */   M$: () => (/* binding */ DailyQuotaError),
/* harmony export */   Mh: () => (/* binding */ SCOPE_READ),
/* harmony export */   Ox: () => (/* binding */ PhotosApiError),
/* harmony export */   Rc: () => (/* binding */ ConnectionError),
/* harmony export */   YZ: () => (/* binding */ SCOPE_APPEND),
/* harmony export */   lR: () => (/* binding */ AuthError)
/* harmony export */ });
/* unused harmony exports SCOPE_EDIT, scopeFor, isDailyQuotaMessage */
/** Errors of the Google Photos client, with the likely cause and the fix. */
const SCOPE_APPEND = 'https://www.googleapis.com/auth/photoslibrary.appendonly';
const SCOPE_READ = 'https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata';
const SCOPE_EDIT = 'https://www.googleapis.com/auth/photoslibrary.edit.appcreateddata';
const WRITE_OPS = new Set([
    'upload',
    'upload.start',
    'upload.chunk',
    'upload.query',
    'batchCreate',
    'albums.create'
]);
/** The scope an operation needs, for the message of a 403 insufficient scopes. */
function scopeFor(op) {
    return WRITE_OPS.has(op) ? SCOPE_APPEND : SCOPE_READ;
}
/** An HTTP answer that is an error. */
class PhotosApiError extends Error {
    op;
    httpStatus;
    apiStatus;
    apiMessage;
    retryAfterMs;
    constructor(op, httpStatus, apiMessage, apiStatus, retryAfterMs) {
        super(`${op}: HTTP ${httpStatus}${apiStatus ? ` ${apiStatus}` : ''}: ${apiMessage}${hintFor(op, httpStatus, apiMessage)}`);
        this.name = 'PhotosApiError';
        this.op = op;
        this.httpStatus = httpStatus;
        this.apiStatus = apiStatus;
        this.apiMessage = apiMessage;
        this.retryAfterMs = retryAfterMs;
    }
    get isDailyQuota() {
        return isDailyQuotaMessage(this.httpStatus, this.apiMessage);
    }
    /** A per-minute or concurrent-write limit: wait and send again. */
    get isRateLimit() {
        const limited = this.httpStatus === 429 ||
            (this.httpStatus === 400 && /quota|rate limit/i.test(this.apiMessage));
        return limited && !this.isDailyQuota;
    }
    get isTransient() {
        return this.httpStatus >= 500 || this.httpStatus === 408;
    }
    /** 403: the token lacks the scope this call needs. */
    get isInsufficientScopes() {
        return this.httpStatus === 403 && /insufficient authentication scopes/i.test(this.apiMessage);
    }
    /**
     * An answer that every later request of the run would get too: a token refused or short
     * of a scope, full storage, an album this client may not add to, or (for batchCreate) a
     * relative item that is not in the album, which every batch is placed after until one
     * item is created.
     */
    get haltsRun() {
        if (this.httpStatus === 401 || this.httpStatus === 403)
            return true;
        return this.isStorageFull || this.isForeignAlbum || this.isMissingRelativeItem;
    }
    get isStorageFull() {
        return STORAGE_FULL.test(this.apiMessage);
    }
    get isForeignAlbum() {
        return FOREIGN_ALBUM.test(this.apiMessage);
    }
    get isMissingRelativeItem() {
        return (this.op === 'batchCreate' &&
            this.httpStatus === 400 &&
            (RELATIVE_ITEM.test(this.apiMessage) || INVALID_MEDIA_ITEM_ID.test(this.apiMessage)));
    }
    /** A read refused because an id is not one of this client's media items. */
    get isInvalidMediaItemId() {
        return this.httpStatus === 400 && INVALID_MEDIA_ITEM_ID.test(this.apiMessage);
    }
    /**
     * A batch refused whole for an upload token: invalid, expired, or (Google does not say)
     * already used by an earlier call.
     */
    get isInvalidUploadToken() {
        return this.httpStatus === 400 && /upload token/i.test(this.apiMessage);
    }
}
/** No answer, or no whole answer: a reset, a refused connection, a timeout. */
class ConnectionError extends Error {
    op;
    code;
    /** True when the request may have reached the server (so a write may have been done). */
    maybeProcessed;
    constructor(op, code, detail, maybeProcessed) {
        super(`${op}: ${detail} (${code})`);
        this.name = 'ConnectionError';
        this.op = op;
        this.code = code;
        this.maybeProcessed = maybeProcessed;
    }
}
/** The daily request quota is spent: stop now, re-run later. */
class DailyQuotaError extends Error {
    constructor(cause) {
        super(`The project's daily Google Photos API quota is spent (${cause.apiMessage}). ` +
            'The quota resets at midnight Pacific Time: re-run the workflow then ' +
            '(with `skip-existing: true` for files, items already created are not uploaded again).');
        this.name = 'DailyQuotaError';
    }
}
/**
 * A request not started, or abandoned in flight, because the run stopped (a fatal answer
 * elsewhere, or a cancellation). `reason` is what stopped the run.
 */
class StoppedError extends Error {
    op;
    reason;
    sent;
    constructor(op, reason, 
    /** True when the request was on its way: a write may have been done. */
    sent) {
        super(`${op}: not finished: the run stopped`);
        this.op = op;
        this.reason = reason;
        this.sent = sent;
        this.name = 'StoppedError';
    }
}
/** Credentials that cannot give an access token. */
class AuthError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AuthError';
    }
}
const STORAGE_FULL = /remaining storage in the user's account is not enough/i;
const FOREIGN_ALBUM = /no permission to add media items to this album/i;
const RELATIVE_ITEM = /relative (media|enrichment) item/i;
const INVALID_MEDIA_ITEM_ID = /invalid media item id/i;
const TOO_LARGE = /max file size limit/i;
/**
 * The daily request quota ("… limit 'All requests per day' …"). Per-minute and
 * concurrent-write limits ("… 'Write requests per minute per user' …",
 * `WritesPerMinutePerUser`, "… 'concurrent write request' …") pass within a minute and
 * are never taken for it.
 */
function isDailyQuotaMessage(httpStatus, message) {
    if (httpStatus !== 429 && httpStatus !== 400)
        return false;
    if (/per ?minute|per ?user|concurrent/i.test(message))
        return false;
    return /per ?day|daily/i.test(message);
}
function hintFor(op, httpStatus, message) {
    if (httpStatus === 403 && /insufficient authentication scopes/i.test(message)) {
        return (` The token lacks the scope this step needs (${scopeFor(op)}). ` +
            'Authorize the OAuth client with that scope and use the new refresh or access token.');
    }
    if (FOREIGN_ALBUM.test(message)) {
        return (' The Library API adds items only to albums created by this same OAuth client; ' +
            'albums made in the Google Photos app or by another client cannot be used. ' +
            'Use `album-title` to let the action create (and later reuse) an album of its own.');
    }
    if (STORAGE_FULL.test(message)) {
        return (" The Google account's storage is full, so no media item can be created. Free space " +
            '(in Google Photos, Gmail or Drive) or buy more storage at https://one.google.com, then ' +
            're-run (with `skip-existing: true` for files, items already created are not made again).');
    }
    if (op === 'batchCreate' && RELATIVE_ITEM.test(message)) {
        return (' Every batch is placed after `relative-item-id` until an item is created, so none can be: ' +
            'check that the id is in the album and was made by this OAuth client.');
    }
    if (INVALID_MEDIA_ITEM_ID.test(message)) {
        return op === 'batchCreate'
            ? ' Check that `relative-item-id` is in the album and was made by this OAuth client: ' +
                'the Library API can only use media items that this same client created.'
            : ' Only media items that this same OAuth client created can be read: items made in the ' +
                'Google Photos app or by another client are invisible to it.';
    }
    if (httpStatus === 413 || TOO_LARGE.test(message)) {
        return (' The size check before upload let this file through (photos up to 200 MB, videos up to ' +
            '20 GB), so the file changed after it, or the limit did.');
    }
    if (httpStatus === 401) {
        return ' The access token was refused: it has expired or is not valid for this API.';
    }
    return '';
}


/***/ }),

/***/ 463:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   cO: () => (/* binding */ DEFAULT_RETRY_POLICY),
/* harmony export */   lh: () => (/* binding */ timeoutFor),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   nl: () => (/* binding */ rateLimitDelay)
/* harmony export */ });
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The one retry policy: which failures are retried, and how long to wait.
 *
 * 5xx, connection resets and timeouts back off exponentially with jitter from 1 s;
 * 429 waits for Retry-After, or at least 30 s (Google's guidance). The waits are
 * fields of the policy so that tests can shrink them; they are not user inputs.
 */

const DEFAULT_RETRY_POLICY = {
    maxAttempts: 6,
    baseDelayMs: 1000,
    maxDelayMs: 32_000,
    rateLimitDelayMs: 30_000,
    retryAfterScale: 1,
    maxRetryAfterMs: 10 * 60_000,
    requestTimeoutMs: 60_000,
    timeoutPerMiBMs: 10_000,
    random: Math.random,
    sleep: (ms, signal) => (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(ms, undefined, signal ? { signal } : {})
};
/** Backoff before attempt `attempt + 1` (attempt counts from 1): full jitter over the upper half. */
function backoffDelay(policy, attempt) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (ceiling / 2) * policy.random());
}
/** Wait after a 429: Retry-After when given, never less than the policy's floor without it. */
function rateLimitDelay(policy, retryAfterMs) {
    if (retryAfterMs !== undefined)
        return Math.round(retryAfterMs * policy.retryAfterScale);
    return policy.rateLimitDelayMs + Math.round(policy.baseDelayMs * policy.random());
}
/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
function parseRetryAfter(value, now = Date.now()) {
    if (value === undefined || value.trim() === '')
        return undefined;
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed))
        return Math.round(Number(trimmed) * 1000);
    const date = Date.parse(trimmed);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
function timeoutFor(policy, bodyBytes) {
    return policy.requestTimeoutMs + Math.ceil(bodyBytes / (1024 * 1024)) * policy.timeoutPerMiBMs;
}


/***/ })

};
