export const id = 918;
export const ids = [918];
export const modules = {

/***/ 4918:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S: () => (/* binding */ createAgent)
});

// UNUSED EXPORTS: DEFAULT_MAX_RESPONSE_BYTES

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
var external_node_tls_default = /*#__PURE__*/__webpack_require__.n(external_node_tls_);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./src/engine/net/errors.ts
var errors = __webpack_require__(63);
;// CONCATENATED MODULE: ./src/engine/net/meter.ts



/** Counts what an agent opened, and keeps each response under the cap. */
class Meter {
    host;
    maxBytes;
    counts = { requests: 0, connections: 0, tlsHandshakes: 0 };
    lastStatus;
    /** The last response's round trip on the wire, ms (see NetAgent.lastRoundTrip). */
    lastRoundTripMs;
    constructor(host, maxBytes) {
        this.host = host;
        this.maxBytes = maxBytes;
    }
    request(req) {
        this.counts.requests++;
        // From the request's last byte handed to the socket: a request queued behind a connection being made (TCP, TLS,
        // a proxy's tunnel) is sent once it is up, so the handshakes are not counted.
        let sentAt;
        req.once('finish', () => (sentAt = external_node_perf_hooks_.performance.now()));
        req.once('response', (res) => {
            this.lastRoundTripMs = sentAt === undefined ? undefined : external_node_perf_hooks_.performance.now() - sentAt;
            this.response(req, res);
        });
    }
    connection(socket) {
        this.counts.connections++;
        if (socket instanceof (external_node_tls_default()).TLSSocket)
            this.handshake(socket);
    }
    handshake(socket) {
        socket.once('secureConnect', () => this.counts.tlsHandshakes++);
    }
    /**
     * Notes the status, and fails the response as soon as it is known to be too large: by its Content-Length, or by
     * the bytes that arrive on its socket while it is read. Destroying the response (not the socket) hands the error
     * to whoever reads it.
     */
    response(req, res) {
        this.lastStatus = res.statusCode;
        const encoding = res.headers['content-encoding'];
        if (encoding && encoding !== 'identity' && req.getHeader('accept-encoding') === undefined) {
            // httpx would inflate it whatever the request said, and the wire count says nothing about the inflated size.
            delete res.headers['content-encoding'];
            return fail(res, new errors/* UnrequestedEncodingError */.hn(this.host, encoding));
        }
        if (Number(res.headers['content-length']) > this.maxBytes)
            return fail(res, new errors/* ResponseTooLargeError */.by(this.host, this.maxBytes));
        const socket = res.socket;
        if (!socket)
            return;
        let seen = 0;
        const count = (chunk) => {
            seen += chunk.length;
            if (seen > this.maxBytes) {
                stop();
                fail(res, new errors/* ResponseTooLargeError */.by(this.host, this.maxBytes));
            }
        };
        const stop = () => {
            socket.off('data', count);
        };
        socket.on('data', count);
        res.once('end', stop);
        res.once('close', stop);
    }
}
/**
 * Hands `err` to whoever reads the response. Destroying emits the error within the current tick, so a response
 * nobody listens to yet (httpx attaches its reader a few microtasks after the response event) is destroyed once a
 * reader appears; one that is being read is destroyed at once.
 */
function fail(res, err) {
    const destroy = () => {
        // Nobody reading must not crash the process either.
        res.on('error', () => undefined);
        res.destroy(err);
    };
    if (res.listenerCount('error') > 0)
        return destroy();
    const onListener = (event) => {
        if (event !== 'error' && event !== 'data' && event !== 'readable' && event !== 'end')
            return;
        res.off('newListener', onListener);
        process.nextTick(destroy);
    };
    res.on('newListener', onListener);
}

// EXTERNAL MODULE: ./src/engine/net/address.ts
var address = __webpack_require__(7290);
// EXTERNAL MODULE: ./node_modules/https-proxy-agent/dist/index.js + 4 modules
var dist = __webpack_require__(7659);
;// CONCATENATED MODULE: ./src/engine/net/proxied-agent.ts



/** CONNECT tunnels through the proxy; a refusal or a 407 becomes a ProxyError instead of a fake HTTP answer. */
class ProxiedAgent extends dist/* HttpsProxyAgent */.b {
    meter;
    tlsOptions;
    proxyAddress;
    credentialsSent;
    secureTarget;
    constructor(target, route, meter, tlsOptions) {
        // The URL handed to the library carries no credentials (it prints it under DEBUG=https-proxy-agent); they go
        // in the header instead.
        super(route.url.href, {
            keepAlive: true,
            headers: route.authorization ? { 'Proxy-Authorization': route.authorization } : {}
        });
        this.meter = meter;
        this.tlsOptions = tlsOptions;
        this.proxyAddress = route.display;
        this.credentialsSent = route.authorization !== undefined;
        this.secureTarget = target.protocol === 'https:';
    }
    /**
     * The library guesses https from the request options or the call stack; httpx's options carry no protocol, and
     * the guess made when a socket is freed (no https frame on the stack) would file it under an http name, so it
     * would never be reused. This agent serves one target, so the answer is known.
     */
    isSecureEndpoint(options) {
        return this.secureTarget ?? super.isSecureEndpoint(options);
    }
    async connect(req, opts) {
        const target = `${opts.host}:${opts.port}`;
        this.meter.counts.connections++;
        let answer;
        const onAnswer = (connect) => {
            answer = connect;
        };
        req.once('proxyConnect', onAnswer);
        let socket;
        try {
            socket = await super.connect(req, this.tlsOptions.ca && opts.secureEndpoint ? { ...opts, ca: this.tlsOptions.ca } : opts);
        }
        catch (err) {
            const code = err.code;
            const cause = typeof code === 'string' ? code : 'closed before answering CONNECT';
            throw new errors/* ProxyError */.T6('ProxyUnreachable', this.proxyAddress, target, { credentialsSent: this.credentialsSent, cause });
        }
        finally {
            req.off('proxyConnect', onAnswer);
        }
        if (answer?.statusCode !== 200) {
            socket.destroy();
            const status = answer?.statusCode;
            throw new errors/* ProxyError */.T6(status === 407 ? 'ProxyAuthenticationRequired' : 'ProxyRefused', this.proxyAddress, target, {
                status,
                statusText: answer?.statusText,
                credentialsSent: this.credentialsSent
            });
        }
        if (socket instanceof (external_node_tls_default()).TLSSocket)
            this.meter.handshake(socket);
        return socket;
    }
    addRequest(req, options) {
        this.meter.request(req);
        dist/* HttpsProxyAgent */.b.prototype.addRequest.call(this, req, options);
    }
    preconnect() {
        // The library opens a tunnel for a request only; the first request opens it.
        return Promise.resolve();
    }
    stats() {
        return { ...this.meter.counts };
    }
    lastStatus() {
        return this.meter.lastStatus;
    }
    lastRoundTrip() {
        return this.meter.lastRoundTripMs;
    }
}

// EXTERNAL MODULE: ./src/engine/net/proxy.ts
var proxy = __webpack_require__(3074);
;// CONCATENATED MODULE: ./src/engine/net/agent.ts
// One agent per host and run: every SAE call of a run (rollback included) shares it, so the run pays one TCP and one
// TLS handshake. It goes direct or through the proxy that ./proxy.ts picks, caps what a response may weigh, can open
// its connection before the first request (preconnect), and counts what it opened for debug logs and tests.
// pop-core (ROA and RPC) takes it as `opts.agent`; node's http/https take it as `agent`.







/** A few MB is far more than any SAE or STS answer; anything larger is broken or hostile. */
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** A keep-alive agent for direct connections, over http.Agent or https.Agent. */
function directAgentClass(Base) {
    return class DirectAgent extends Base {
        proxyAddress = undefined;
        meter;
        target;
        connectOptions;
        /** Opened by preconnect(), handed to the first request that wants this target. */
        early;
        /** While the early TCP connection is still being made: settles once `early` is set, or when it failed. */
        pending;
        tcp;
        opened;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see AgentClass
        constructor(...args) {
            super(args[0]);
            const setup = args[1];
            this.meter = setup.meter;
            this.target = setup.target;
            this.connectOptions = setup.connectOptions;
            this.tcp = setup.tcp;
        }
        preconnect() {
            return (this.opened ??= this.openEarly());
        }
        openEarly() {
            // Kept in this.tcp until adopted, so that destroy() ends it too.
            const tcp = this.tcp;
            // The early TCP connection failed already (DNS, refused): the first request connects, and fails, on its own.
            if (tcp?.destroyed) {
                this.tcp = undefined;
                return Promise.resolve();
            }
            if (!tcp?.connecting)
                return settled(this.adopt(tcp));
            // TLS starts once TCP is up: until then Node may still move on to another of the host's addresses, on a new
            // handle (autoSelectFamily), and TLS started over the first one would not follow.
            const up = new Promise(resolve => {
                const connected = () => {
                    tcp.off('close', failed);
                    resolve(this.adopt(tcp));
                };
                const failed = () => {
                    tcp.off('connect', connected);
                    this.tcp = undefined;
                    resolve(undefined);
                };
                tcp.once('connect', connected).once('close', failed);
            });
            this.pending = up;
            return up.then(socket => (socket ? settled(socket) : undefined));
        }
        /** The early connection: TLS over `tcp` for https, `tcp` itself for http, or a new one without it. */
        adopt(tcp) {
            const host = (0,address/* hostOf */.w)(this.target);
            const options = {
                ...this.connectOptions,
                host,
                port: (0,address/* portOf */.H)(this.target),
                // What node's agent would send as SNI for this host (none for an IP address).
                servername: /^[\d.]+$|:/.test(host) ? '' : host,
                ...(tcp ? { socket: tcp } : {})
            };
            const socket = tcp && this.target.protocol !== 'https:' ? tcp : super.createConnection(options);
            this.meter.connection(socket);
            // A failure here is left to the request: it finds the socket destroyed and connects (and fails) on its own.
            socket.on('error', () => undefined);
            socket.unref?.();
            this.early = socket;
            this.tcp = undefined;
            this.pending = undefined;
            return socket;
        }
        /** The early connection, unless it failed; it now keeps the process alive like any socket in use. */
        takeEarly() {
            const early = this.early;
            this.early = undefined;
            if (!early || early.destroyed)
                return undefined;
            early.ref?.();
            return early;
        }
        createConnection(options, callback) {
            if (String(options.port) === String((0,address/* portOf */.H)(this.target)) && options.host === (0,address/* hostOf */.w)(this.target)) {
                const early = this.takeEarly();
                if (early)
                    return early;
                // The early TCP connection is still being made: the request waits for it rather than open a second one.
                // Node's agent takes the connection from the callback when none is returned.
                const pending = this.pending;
                if (pending && callback) {
                    this.pending = undefined;
                    void pending.then(() => callback(null, this.takeEarly() ?? this.connect(options)));
                    return undefined;
                }
            }
            return this.connect(options, callback);
        }
        connect(options, callback) {
            const socket = super.createConnection(options, callback);
            this.meter.connection(socket);
            return socket;
        }
        addRequest(req, options) {
            this.meter.request(req);
            Base.prototype.addRequest.call(this, req, options);
        }
        stats() {
            return { ...this.meter.counts };
        }
        lastStatus() {
            return this.meter.lastStatus;
        }
        lastRoundTrip() {
            return this.meter.lastRoundTripMs;
        }
        destroy() {
            this.tcp?.destroy();
            this.tcp = undefined;
            this.early?.destroy();
            this.early = undefined;
            super.destroy();
        }
    };
}
/** Resolves once `socket` is ready (TLS done, or connected for plain TCP) or has closed; never rejects. */
function settled(socket) {
    return new Promise(resolve => {
        socket.once(socket instanceof (external_node_tls_default()).TLSSocket ? 'secureConnect' : 'connect', () => resolve());
        socket.once('close', () => resolve());
    });
}
const DirectHttpsAgent = directAgentClass((external_node_https_default()).Agent);
const DirectHttpAgent = directAgentClass((external_node_http_default()).Agent);
/**
 * The agent for requests to `target`'s host: through the proxy the environment names for it (./proxy.ts), else
 * direct with keep-alive. Create one per host and run, and pass it to every request to that host.
 */
function createAgent(target, options = {}) {
    const url = typeof target === 'string' ? new URL(target) : target;
    const meter = new Meter(url.hostname, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    const route = (0,proxy/* proxyFor */.iJ)(url);
    if (route) {
        // A tunnel is opened per request; a direct TCP connection has no use here.
        options.socket?.destroy();
        return new ProxiedAgent(url, route, meter, { ca: options.ca });
    }
    const connectOptions = {};
    if (options.lookup)
        connectOptions.lookup = options.lookup;
    if (options.ca && url.protocol === 'https:')
        connectOptions.ca = options.ca;
    const Direct = url.protocol === 'https:' ? DirectHttpsAgent : DirectHttpAgent;
    const setup = { meter, target: url, connectOptions, tcp: options.socket };
    return new Direct({ keepAlive: true, scheduling: 'lifo', ...connectOptions }, setup);
}


/***/ }),

/***/ 63:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T6: () => (/* binding */ ProxyError),
/* harmony export */   by: () => (/* binding */ ResponseTooLargeError),
/* harmony export */   gK: () => (/* binding */ AddressNotAllowedError),
/* harmony export */   gl: () => (/* binding */ describeNetworkError),
/* harmony export */   hn: () => (/* binding */ UnrequestedEncodingError)
/* harmony export */ });
// The errors the network layer raises itself, and one reading of every network error a request can end with:
// what happened, in words that name the host (or proxy) and what to check, and whether another attempt can help.
// Messages are built from codes and names only, never from the thrown text (which may carry URLs), except the
// OpenSSL reason of a certificate error.
/** A response larger than the agent's cap (or endless): dropped, never buffered. */
class ResponseTooLargeError extends Error {
    host;
    limitBytes;
    code = 'ResponseTooLarge';
    constructor(host, limitBytes) {
        super(`the response from ${host} exceeded ${limitBytes} bytes and was dropped`);
        this.host = host;
        this.limitBytes = limitBytes;
        this.name = 'ResponseTooLargeError';
    }
}
/** A compressed response nobody asked for: its decoded size cannot be bounded, so it is refused. */
class UnrequestedEncodingError extends Error {
    host;
    encoding;
    code = 'UnrequestedContentEncoding';
    constructor(host, encoding) {
        super(`the response from ${host} was compressed (${encoding}) although the request did not accept compression`);
        this.host = host;
        this.encoding = encoding;
        this.name = 'UnrequestedEncodingError';
    }
}
/** The proxy would not open a tunnel, or could not be reached. `proxy` is `host:port`, never with credentials. */
class ProxyError extends Error {
    code;
    proxy;
    target;
    detail;
    constructor(code, proxy, target, detail) {
        super(code === 'ProxyUnreachable'
            ? `could not connect to the proxy ${proxy} (${detail.cause ?? 'connection failed'})`
            : `the proxy ${proxy} answered ${detail.status ?? '?'}${detail.statusText ? ` ${detail.statusText}` : ''} to CONNECT ${target}`);
        this.code = code;
        this.proxy = proxy;
        this.target = target;
        this.detail = detail;
        this.name = 'ProxyError';
    }
}
/** The health check's host resolved to (or is) a link-local or metadata address. */
class AddressNotAllowedError extends Error {
    host;
    address;
    code = 'AddressNotAllowed';
    constructor(host, address) {
        super(`${host} resolves to ${address}, a link-local or cloud metadata address`);
        this.host = host;
        this.address = address;
        this.name = 'AddressNotAllowedError';
    }
}
const TLS_CERTIFICATE_CODES = /^(CERT_|UNABLE_TO_(GET_ISSUER_CERT|GET_CRL|DECRYPT|DECODE|VERIFY_LEAF)|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|ERR_TLS_CERT_ALTNAME_INVALID$|HOSTNAME_MISMATCH$|INVALID_CA$|INVALID_PURPOSE$|PATH_LENGTH_EXCEEDED$)/;
const TLS_HANDSHAKE_CODES = /^(EPROTO|ERR_SSL_|ERR_TLS_)/;
const CONNECTION_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTDOWN',
    'UND_ERR_SOCKET',
    'ERR_SOCKET_CONNECTION_TIMEOUT'
]);
const field = (value, key) => value !== null && typeof value === 'object' ? value[key] : undefined;
const codeOf = (value) => {
    const code = field(value, 'code');
    return typeof code === 'string' && code ? code : undefined;
};
/** The error itself, its causes, and the members of an AggregateError (happy eyeballs) — first one with a code. */
function findCoded(err, depth = 0) {
    if (depth > 4 || err === null || typeof err !== 'object')
        return undefined;
    const code = codeOf(err);
    if (code)
        return { err, code };
    const errors = field(err, 'errors');
    if (Array.isArray(errors)) {
        for (const inner of errors) {
            const found = findCoded(inner, depth + 1);
            if (found)
                return found;
        }
    }
    return findCoded(field(err, 'cause'), depth + 1);
}
const PROXY_HOW_TO = 'The proxy comes from HTTPS_PROXY (HTTP_PROXY for http:// URLs); hosts listed in NO_PROXY are reached directly.';
function describeProxyError(err, ctx) {
    const { status, credentialsSent, cause } = err.detail;
    if (err.code === 'ProxyAuthenticationRequired') {
        return {
            code: err.code,
            transient: false,
            message: credentialsSent
                ? `The proxy ${err.proxy} refused the user and password given in the proxy variable (HTTP 407). Check them (URL-encode special characters).`
                : `The proxy ${err.proxy} requires authentication (HTTP 407): give http://user:password@host:port in HTTPS_PROXY (URL-encoded).`
        };
    }
    if (err.code === 'ProxyUnreachable') {
        const transient = cause === 'ETIMEDOUT' || cause === 'ECONNRESET' || cause === 'EAI_AGAIN';
        return {
            code: err.code,
            transient,
            message: `Could not connect to the proxy ${err.proxy} (${cause ?? 'connection failed'}). ${PROXY_HOW_TO}`
        };
    }
    // A proxy's 5xx on CONNECT usually means it could not reach the target just now; 4xx is its policy.
    const transient = status !== undefined && status >= 500;
    return {
        code: err.code,
        transient,
        message: `The proxy ${err.proxy} refused the connection to ${err.target} (HTTP ${status ?? '?'}). ` +
            (transient ? 'It could not reach the host.' : `Ask for ${ctx.host} to be allowed, or add it to NO_PROXY if it is reachable directly.`) +
            ` ${PROXY_HOW_TO}`
    };
}
/**
 * What a network error means for the user, or undefined when it is not one this module knows (an API error, a
 * timeout of the caller's own making): the caller then classifies it as before.
 */
function describeNetworkError(err, ctx) {
    if (err instanceof ProxyError)
        return describeProxyError(err, ctx);
    const found = findCoded(err);
    if (!found)
        return undefined;
    if (found.err instanceof ProxyError)
        return describeProxyError(found.err, ctx);
    const { code } = found;
    const via = ctx.proxy ? ` through the proxy ${ctx.proxy}` : '';
    switch (true) {
        case code === 'ENOTFOUND':
            return {
                code: 'HostNotFound',
                transient: false,
                message: `The host ${ctx.host} does not exist (DNS: not found). Check the ${ctx.inputHint} input for a typo.`
            };
        case code === 'EAI_AGAIN' || code === 'EAI_FAIL':
            return {
                code: 'DnsUnavailable',
                transient: true,
                message: `The DNS server did not answer for ${ctx.host} (${code}).`
            };
        case TLS_CERTIFICATE_CODES.test(code): {
            const reason = field(found.err, 'message');
            return {
                code: 'TlsCertificate',
                transient: false,
                message: `The TLS certificate presented for ${ctx.host}${via} was refused (${code}${typeof reason === 'string' ? `: ${reason}` : ''}). ` +
                    'If a proxy or security appliance on this network intercepts TLS, give Node its CA certificate with ' +
                    'NODE_EXTRA_CA_CERTS; certificate verification stays on.'
            };
        }
        case TLS_HANDSHAKE_CODES.test(code):
            return {
                code: 'TlsHandshake',
                transient: false,
                message: `The TLS handshake with ${ctx.host}${via} failed (${code}). Check that the ${ctx.inputHint} input names an https:// endpoint.`
            };
        case code === 'ProxyConfigInvalid':
            return { code, transient: false, message: String(field(found.err, 'message')) };
        case code === 'ResponseTooLarge':
            return { code, transient: false, message: `The answer from ${ctx.host} was larger than the action accepts and was dropped.` };
        case code === 'UnrequestedContentEncoding':
            return { code, transient: false, message: `The answer from ${ctx.host}${via} came compressed although no compression was asked for; it was refused.` };
        case code === 'AddressNotAllowed': {
            const address = field(found.err, 'address');
            return {
                code,
                transient: false,
                message: `${ctx.host} resolves to ${typeof address === 'string' ? address : 'an address'} (link-local or cloud metadata), ` +
                    'which the health check refuses; set health-check-allow-internal: true if this is intended.'
            };
        }
        case CONNECTION_CODES.has(code):
            return { code: 'NetworkError', transient: true, message: `The connection to ${ctx.host}${via} failed (${code}).` };
        default:
            return undefined;
    }
}


/***/ })

};

//# sourceMappingURL=918.index.js.map