// About the least a Node program can do for a mode's SAE requests, for `npm run bench:wan`: what the action's wall
// time is compared with besides the floor. It opens one connection to the endpoint by host name, sends the TCP
// handshake before `tls` loads (the action's order, src/net/early-socket.ts), then sends the requests one after the
// other on that connection, each once the previous answer is in. The requests come signed from the harness; nothing
// is parsed, planned, logged or written.
//
//   BENCH_REFERENCE='{"hostname":"localhost","port":443,"requests":["GET / HTTP/1.1\r\n…"]}' node reference-client.cjs
//
// Exits 1 unless every answer is HTTP 200: a reference that failed fast must not pass for a floor.
'use strict'
const net = require('node:net')

const { hostname, port, requests } = JSON.parse(process.env.BENCH_REFERENCE ?? '{}')

function fail(why) {
  process.stderr.write(`reference client: ${why}\n`)
  process.exitCode = 1
}

const socket = net.connect({ host: hostname, port })
socket.on('error', err => fail(err.message))
// 'lookup' is emitted just before the connect is made, in the same callback: tls loads after that callback ('connect'
// for an IP address, which has no lookup).
let starting = false
const start = () => {
  if (!starting) setImmediate(startTls)
  starting = true
}
socket.once('lookup', start).once('connect', start)

function startTls() {
  const tls = require('node:tls')
  const secure = tls.connect({ socket, servername: hostname })
  let sent = 0
  let answered = 0
  let buffered = Buffer.alloc(0)
  const send = () => secure.write(requests[sent++])
  secure.once('secureConnect', send)
  secure.on('error', err => fail(err.message))
  secure.on('data', chunk => {
    buffered = Buffer.concat([buffered, chunk])
    const headEnd = buffered.indexOf('\r\n\r\n')
    if (headEnd < 0) return
    const head = buffered.subarray(0, headEnd).toString('latin1')
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1])
    if (!Number.isInteger(length)) {
      fail(`answer ${answered + 1} has no content-length: ${head.split('\r\n')[0]}`)
      secure.destroy()
      return
    }
    if (buffered.length < headEnd + 4 + length) return
    if (!head.startsWith('HTTP/1.1 200 ')) fail(`answer ${answered + 1}: ${head.split('\r\n')[0]} ${buffered.subarray(headEnd + 4, headEnd + 4 + length)}`)
    buffered = buffered.subarray(headEnd + 4 + length)
    answered++
    if (sent < requests.length) send()
    else secure.destroy()
  })
  secure.on('close', () => {
    if (answered < requests.length) fail(`the connection closed after ${answered} of ${requests.length} answers`)
  })
}
