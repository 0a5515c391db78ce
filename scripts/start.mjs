// `npm start`: the bundled action, run as the runner runs it, against the loopback SAE emulator.
// No cloud account needed; prints what a user would see: the log, the step outputs and the job summary.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../emulator/index.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const seed = JSON.parse(await readFile(path.join(root, 'examples', 'emulator-seed.json'), 'utf8'))
const keys = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' }
const emulator = await startEmulator({ credentials: [keys], ingresses: seed.ingresses })

const temp = await mkdtemp(path.join(tmpdir(), 'sae-ingress-start-'))
const outputFile = path.join(temp, 'output.txt')
const summaryFile = path.join(temp, 'summary.md')
await writeFile(outputFile, '')
await writeFile(summaryFile, '')

const env = {
  PATH: process.env.PATH ?? '',
  GITHUB_WORKSPACE: root,
  GITHUB_OUTPUT: outputFile,
  GITHUB_STEP_SUMMARY: summaryFile,
  RUNNER_TEMP: temp,
  ALIBABA_CLOUD_ACCESS_KEY_ID: keys.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.accessKeySecret,
  'INPUT_INGRESS-FILE': process.argv[2] ?? 'examples/ingress.json',
  INPUT_ENDPOINT: emulator.url,
  'INPUT_REGION-ID': 'cn-hangzhou',
  INPUT_TIMEOUT: '60',
  'INPUT_RULES-MODE': process.env.RULES_MODE ?? 'replace',
  'INPUT_DRY-RUN': process.env.DRY_RUN ?? 'false'
}

const line = title => console.log(`\n\x1b[1m── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}\x1b[0m`)
line(`node dist/index.js against the SAE emulator at ${emulator.url}`)
const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] })
const code = await new Promise(resolve => child.on('close', resolve))

line('step outputs ($GITHUB_OUTPUT)')
const outputs = await readFile(outputFile, 'utf8')
for (const match of outputs.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) console.log(`${match[1]} = ${match[3]}`)
line('job summary ($GITHUB_STEP_SUMMARY)')
console.log(await readFile(summaryFile, 'utf8'))
line(`exit code ${code}; the emulator received ${emulator.requests.length} request(s): ${emulator.requests.map(r => r.action).join(', ')}`)
await emulator.close()
process.exit(code ?? 1)
