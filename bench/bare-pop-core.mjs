// The bare pop-core script the benches compare the action with: what a user might hand-write instead of it.
// @alicloud/pop-core's ROAClient imported the normal way (unbundled, from node_modules), one keep-alive agent so that
// its calls share one connection (as the action's do), the ingress file read as it is, and the SAE calls asked for,
// one after the other: D = DescribeIngress of the file's IngressId, U = UpdateIngress with the file. Nothing is
// validated, planned, compared or reported; an error answer throws (exit 1).
//
//   ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=… SAE_ENDPOINT=https://host:port \
//     node bench/bare-pop-core.mjs examples/ingress.json 'D U D'
//
// `npm run bench` times it making one U against the loopback emulator (start-up); `npm run bench:wan` making a
// mode's calls (D, D U or D U D) over TLS through the delay proxy.
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import Core from '@alicloud/pop-core'

const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'
const [file = 'examples/ingress.json', callList = 'U'] = process.argv.slice(2)
const calls = callList.split(/[\s,]+/).filter(Boolean)
if (!calls.every(call => call === 'D' || call === 'U')) throw new Error(`calls "${callList}": D (DescribeIngress) or U (UpdateIngress), e.g. 'D U D'`)
const ingress = JSON.parse(readFileSync(file, 'utf8'))
const endpoint = process.env.SAE_ENDPOINT ?? 'https://sae.cn-hangzhou.aliyuncs.com'
const agent = new (endpoint.startsWith('https:') ? https : http).Agent({ keepAlive: true })
const client = new Core.ROAClient({
  accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
  accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  endpoint,
  apiVersion: '2019-05-06',
  opts: { agent }
})

// UpdateIngress: every top-level key but $schema and Rules is a query parameter (objects as JSON), Rules the form body.
const query = {}
for (const [key, value] of Object.entries(ingress)) {
  if (key === '$schema' || key === 'Rules') continue
  query[key] = typeof value === 'object' ? JSON.stringify(value) : String(value)
}
const body = new URLSearchParams({ Rules: JSON.stringify(ingress.Rules) }).toString()

for (const call of calls) {
  if (call === 'D') {
    const result = await client.request('GET', INGRESS_PATH, { IngressId: String(ingress.IngressId) })
    console.log(`DescribeIngress ${ingress.IngressId}: ${result.Data?.Rules?.length ?? 0} rules, RequestId ${result.RequestId}`)
  } else {
    const result = await client.request('PUT', INGRESS_PATH, query, body, { 'content-type': 'application/x-www-form-urlencoded' })
    console.log(`UpdateIngress ${ingress.IngressId}: RequestId ${result.RequestId}`)
  }
}
