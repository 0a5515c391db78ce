// pop-core's transport, httpx 2.3.3 (MIT, © Jackson Tian), cut down to the two calls pop-core makes: request() and
// read(). The bundle maps `httpx` here (tsconfig `paths`) because the original loads `zlib` and `https` (with `tls`)
// and builds an https agent at start-up whatever the endpoint: ~2 ms of every run. Here `https` loads only for an
// https URL and `zlib` only for a compressed answer. Timeouts, error names and messages are httpx's own: the client
// classifies them (RequestTimeoutError), and __tests__/httpx-stub.test.ts checks both answer alike.
'use strict'

const http = require('http')
const { parse, format } = require('url')

const TIMEOUT = 3000
const READ_TIMER = Symbol('TIMER::READ_TIMER')
const READ_TIME_OUT = Symbol('TIMER::READ_TIME_OUT')
const READ_TIMER_START_AT = Symbol('TIMER::READ_TIMER_START_AT')

let defaultAgents
function defaultAgent(isHttps) {
  defaultAgents ??= {}
  const key = isHttps ? 'https' : 'http'
  return (defaultAgents[key] ??= new (isHttps ? require('https') : http).Agent({ keepAlive: true }))
}

function decompress(response) {
  const encoding = response.headers['content-encoding']
  if (encoding === 'gzip') return response.pipe(require('zlib').createGunzip())
  if (encoding === 'deflate') return response.pipe(require('zlib').createInflate())
  return response
}

function append(err, name, message) {
  err.name = name + err.name
  err.message = `${message}. ${err.message}`
  return err
}

const isNumber = num => num !== null && !isNaN(num)

exports.request = function (url, opts = {}) {
  const parsed = typeof url === 'string' ? parse(url) : url

  let readTimeout, connectTimeout
  if (isNumber(opts.readTimeout) || isNumber(opts.connectTimeout)) {
    readTimeout = isNumber(opts.readTimeout) ? Number(opts.readTimeout) : TIMEOUT
    connectTimeout = isNumber(opts.connectTimeout) ? Number(opts.connectTimeout) : TIMEOUT
  } else if (isNumber(opts.timeout)) {
    readTimeout = connectTimeout = Number(opts.timeout)
  } else {
    readTimeout = connectTimeout = TIMEOUT
  }

  const isHttps = parsed.protocol === 'https:'
  const method = (opts.method || 'GET').toUpperCase()
  const options = {
    host: parsed.hostname || 'localhost',
    path: parsed.path || '/',
    method,
    port: parsed.port || (isHttps ? 443 : 80),
    agent: opts.agent || defaultAgent(isHttps),
    headers: opts.headers || {},
    key: opts.key || '',
    cert: opts.cert || '',
    ca: opts.ca || '',
    timeout: connectTimeout
  }
  if (isHttps && typeof opts.rejectUnauthorized !== 'undefined') options.rejectUnauthorized = opts.rejectUnauthorized
  if (opts.compression) options.headers['accept-encoding'] = 'gzip,deflate'
  const httplib = isHttps ? require('https') : http
  const final = typeof opts.beforeRequest === 'function' ? opts.beforeRequest(options) : options

  return new Promise((resolve, reject) => {
    const request = httplib.request(final)
    const body = opts.data

    const rejected = err => {
      err.message += `${method} ${format(parsed)} failed.`
      if (request.socket && request.socket[READ_TIMER]) clearTimeout(request.socket[READ_TIMER])
      reject(err)
    }
    const abort = err => {
      request.abort()
      rejected(err)
    }
    const startResponseTimer = socket => {
      const timer = setTimeout(() => {
        if (socket[READ_TIMER]) {
          clearTimeout(socket[READ_TIMER])
          socket[READ_TIMER] = null
        }
        abort(append(new Error(), 'RequestTimeout', `ReadTimeout(${readTimeout})`))
      }, readTimeout)
      socket[READ_TIME_OUT] = readTimeout
      socket[READ_TIMER] = timer
      socket[READ_TIMER_START_AT] = Date.now()
      timer.unref()
    }

    if (!body || typeof body === 'string' || body instanceof Buffer) {
      request.end(body)
    } else if (typeof body.pipe === 'function') {
      body.pipe(request)
      body.once('error', err => abort(append(err, 'HttpX', 'Stream occor error')))
    }

    request.on('timeout', () => {
      const err = new Error()
      err.name = 'RequestTimeoutError'
      err.message = `ConnectTimeout: Connect ${url} failed.`
      request.destroy()
      reject(err)
    })
    request.on('response', resolve)
    request.on('error', rejected)
    request.once('socket', socket => {
      if (socket.readyState === 'opening') socket.once('connect', () => startResponseTimer(socket))
      else startResponseTimer(socket)
    })
  })
}

exports.read = function (response, encoding) {
  const readable = decompress(response)

  return new Promise((resolve, reject) => {
    const socket = response.socket || response.client
    const makeReadTimeoutError = () => {
      const err = new Error()
      err.name = 'RequestTimeoutError'
      err.message = `ReadTimeout: ${socket[READ_TIME_OUT]}. ${response.req.method} ${response.req.path} failed.`
      return err
    }
    const oldReadTimer = socket[READ_TIMER]
    if (!oldReadTimer) return reject(makeReadTimeoutError())
    const remainTime = socket[READ_TIME_OUT] - (Date.now() - socket[READ_TIMER_START_AT])
    clearTimeout(oldReadTimer)
    if (remainTime <= 0) return reject(makeReadTimeoutError())
    const readTimer = setTimeout(() => reject(makeReadTimeoutError()), remainTime)

    const bufs = []
    let size = 0
    const cleanup = () => {
      readable.removeListener('error', onError)
      readable.removeListener('data', onData)
      readable.removeListener('end', onEnd)
      clearTimeout(readTimer)
    }
    const onData = buf => {
      bufs.push(buf)
      size += buf.length
    }
    const onError = err => {
      cleanup()
      reject(err)
    }
    const onEnd = () => {
      cleanup()
      const buff = Buffer.concat(bufs, size)
      resolve(encoding ? buff.toString(encoding) : buff)
    }
    readable.on('error', onError)
    readable.on('data', onData)
    readable.on('end', onEnd)
  })
}
