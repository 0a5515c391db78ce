#!/usr/bin/env node
// @ts-check
// Runs the SAE/STS emulator as a standalone process, for a workflow job or a person trying the
// action locally:
//   node emulator/cli.mjs [--port N] [--seed ingresses.json] [--access-key-id X --access-key-secret Y]
//                         [--propagation-delay-ms N] [--region R]
// The seed file holds an array of LiveIngress objects or `{ "ingresses": [...] }`. Prints exactly
// one line, "SAE emulator listening on http://127.0.0.1:PORT", which scripts may parse.

import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { startEmulator } from './index.mjs'

/** @param {string} name @param {string | undefined} value */
function integerOption(name, value) {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, got "${value}"`)
  return Number(value)
}

/** @param {string} file */
async function loadSeed(file) {
  const parsed = JSON.parse(await readFile(file, 'utf8'))
  const ingresses = Array.isArray(parsed) ? parsed : parsed?.ingresses
  if (!Array.isArray(ingresses)) throw new Error(`${file}: expected an array of ingresses or {"ingresses": [...]}`)
  return ingresses
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'access-key-id': { type: 'string' },
      'access-key-secret': { type: 'string' },
      'propagation-delay-ms': { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  if (values.help) {
    process.stdout.write(
      'usage: node emulator/cli.mjs [--port N] [--seed file.json] [--access-key-id X --access-key-secret Y]\n' +
        '                             [--propagation-delay-ms N] [--region R]\n'
    )
    return
  }
  const accessKeyId = values['access-key-id']
  const accessKeySecret = values['access-key-secret']
  if ((accessKeyId === undefined) !== (accessKeySecret === undefined)) {
    throw new Error('--access-key-id and --access-key-secret must be given together')
  }

  const emulator = await startEmulator({
    port: integerOption('port', values.port),
    ingresses: values.seed ? await loadSeed(values.seed) : [],
    credentials: accessKeyId && accessKeySecret ? [{ accessKeyId, accessKeySecret }] : undefined,
    propagationDelayMs: integerOption('propagation-delay-ms', values['propagation-delay-ms']),
    region: values.region
  })
  process.stdout.write(`SAE emulator listening on ${emulator.url}\n`)

  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    emulator.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  process.stderr.write(`sae emulator: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
