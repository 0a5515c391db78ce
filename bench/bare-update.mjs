// The baseline for `npm run bench`: what a user would hand-write instead of the action.
// Imports @alicloud/pop-core the normal way (unbundled, from node_modules), reads the ingress file
// and sends one signed UpdateIngress. No validation, no plan, no verification, no outputs.
//
//   ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=… SAE_ENDPOINT=http://127.0.0.1:port \
//     node bench/bare-update.mjs examples/ingress.json
import { readFileSync } from 'node:fs'
import Core from '@alicloud/pop-core'

const file = JSON.parse(readFileSync(process.argv[2] ?? 'examples/ingress.json', 'utf8'))
const client = new Core.ROAClient({
  accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
  accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  endpoint: process.env.SAE_ENDPOINT ?? 'https://sae.cn-hangzhou.aliyuncs.com',
  apiVersion: '2019-05-06'
})

// Every top-level key but $schema and Rules is a query parameter; objects go as JSON strings.
const query = {}
for (const [key, value] of Object.entries(file)) {
  if (key === '$schema' || key === 'Rules') continue
  query[key] = typeof value === 'object' ? JSON.stringify(value) : String(value)
}
const body = new URLSearchParams({ Rules: JSON.stringify(file.Rules) }).toString()
const result = await client.request('PUT', '/pop/v1/sam/ingress/Ingress', query, body, {
  'content-type': 'application/x-www-form-urlencoded'
})
console.log(`UpdateIngress ${file.IngressId}: RequestId ${result.RequestId}`)
