// The GitHub API half of the proxy story: @actions/github's getOctokit already routes through the proxy the
// environment names (its defaults build an undici ProxyAgent from @actions/http-client's rules when the module is
// loaded), so the action passes nothing for it. This proves it against the loopback proxy and GitHub fake.
import { startGitHubFake, type GitHubFake } from '../emulator/index.mjs'
import { startConnectProxy, type ConnectProxy } from './support/connect-proxy.js'
import { setProxyEnv } from './support/proxy-env.js'

const API_HOST = 'api.github.emulator.test'
let github: GitHubFake
let proxy: ConnectProxy
let restore: () => void
const savedApiUrl = process.env.GITHUB_API_URL

beforeAll(async () => {
  github = await startGitHubFake()
  proxy = await startConnectProxy({
    routes: { [`${API_HOST}:80`]: Number(new URL(github.url).port) },
    auth: { username: 'runner', password: 'gh-proxy-pw-55' }
  })
  github.addComment('octo', 'demo', 7, 'hello through the proxy')
  // @actions/github reads GITHUB_API_URL and the proxy variables once, when it is first loaded.
  restore = setProxyEnv({ HTTP_PROXY: proxy.urlWith('runner', 'gh-proxy-pw-55'), NO_PROXY: 'example.com' })
  process.env.GITHUB_API_URL = `http://${API_HOST}`
})

afterAll(async () => {
  restore()
  if (savedApiUrl === undefined) delete process.env.GITHUB_API_URL
  else process.env.GITHUB_API_URL = savedApiUrl
  await Promise.all([proxy.close(), github.close()])
})

test('getOctokit goes through the authenticating proxy without being told', async () => {
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit('ghs_fakeTokenForProxyTest')

  const comments = await octokit.rest.issues.listComments({ owner: 'octo', repo: 'demo', issue_number: 7 })

  expect(comments.data.map(comment => comment.body)).toEqual(['hello through the proxy'])
  expect(proxy.tunnels).toEqual([{ target: `${API_HOST}:80`, authorization: 'right', status: 200 }])
  expect(github.requests).toHaveLength(1)
})
