// Which requests go through a proxy, read from HTTPS_PROXY / HTTP_PROXY / NO_PROXY as @actions/http-client reads them.
import { describeRoute, proxyFor, ProxyConfigError } from '../src/engine/net/proxy.js'
import { secretForms, secretsFromEnvironment } from '../src/engine/text/secrets.js'
import { useProxyEnv } from './support/proxy-env.js'
import * as proxies from '@actions/http-client/lib/proxy'

const env = useProxyEnv()
const PROXY = 'http://proxy.corp.test:3128'

describe('choosing the proxy', () => {
  test.each([
    ['no variable at all', {}, 'https://sae.cn-hangzhou.aliyuncs.com', undefined],
    ['HTTPS_PROXY for an https URL', { HTTPS_PROXY: PROXY }, 'https://sae.cn-hangzhou.aliyuncs.com', 'proxy.corp.test:3128'],
    ['https_proxy (lower case) works too', { https_proxy: PROXY }, 'https://sts.aliyuncs.com', 'proxy.corp.test:3128'],
    ['lower case wins over upper case', { https_proxy: 'http://lower.test:1', HTTPS_PROXY: 'http://upper.test:2' }, 'https://sts.aliyuncs.com', 'lower.test:1'],
    ['HTTPS_PROXY is not used for http URLs', { HTTPS_PROXY: PROXY }, 'http://health.example.com/', undefined],
    ['HTTP_PROXY for an http URL', { HTTP_PROXY: PROXY }, 'http://health.example.com/', 'proxy.corp.test:3128'],
    ['http_proxy (lower case)', { http_proxy: PROXY }, 'http://health.example.com/', 'proxy.corp.test:3128'],
    ['HTTP_PROXY is not used for https URLs', { HTTP_PROXY: PROXY }, 'https://sae.cn-hangzhou.aliyuncs.com', undefined],
    ['a proxy without port gets the scheme default', { HTTPS_PROXY: 'http://proxy.corp.test' }, 'https://a.example.com', 'proxy.corp.test:80'],
    ['a proxy given without scheme, as an IP address', { HTTPS_PROXY: '10.1.2.3:3128' }, 'https://a.example.com', '10.1.2.3:3128']
  ])('%s', (_name, vars, url, expected) => {
    env.use(vars)
    expect(proxyFor(url, proxies)?.display).toBe(expected)
  })
})

describe('NO_PROXY', () => {
  test.each([
    ['a host name matches itself', 'sae.cn-hangzhou.aliyuncs.com', 'https://sae.cn-hangzhou.aliyuncs.com', true],
    ['a domain matches its subdomains', 'aliyuncs.com', 'https://sae.cn-hangzhou.aliyuncs.com', true],
    ['a leading dot matches subdomains', '.aliyuncs.com', 'https://sae.cn-hangzhou.aliyuncs.com', true],
    ['a domain does not match a longer name that merely ends the same', 'yuncs.com', 'https://sae.cn-hangzhou.aliyuncs.com', false],
    ['matching ignores case', 'ALIYUNCS.COM', 'https://sae.cn-hangzhou.aliyuncs.com', true],
    ['* matches everything', '*', 'https://sae.cn-hangzhou.aliyuncs.com', true],
    ['entries are comma-separated, spaces allowed', 'example.com, aliyuncs.com', 'https://sts.aliyuncs.com', true],
    ['host:port matches that port (443 for https)', 'sae.cn-hangzhou.aliyuncs.com:443', 'https://sae.cn-hangzhou.aliyuncs.com', true],
    ['host:port does not match another port', 'sae.cn-hangzhou.aliyuncs.com:8443', 'https://sae.cn-hangzhou.aliyuncs.com', false],
    ['an explicit port in the URL is matched', 'vpc.example.com:8443', 'https://vpc.example.com:8443/x', true],
    ['an unrelated list does not bypass', 'example.com,github.com', 'https://sae.cn-hangzhou.aliyuncs.com', false]
  ])('%s', (_name, noProxy, url, bypassed) => {
    env.use({ HTTPS_PROXY: PROXY, NO_PROXY: noProxy })
    expect(proxyFor(url, proxies) === undefined).toBe(bypassed)
  })

  test('no_proxy (lower case) wins over NO_PROXY', () => {
    env.use({ HTTPS_PROXY: PROXY, no_proxy: 'example.com', NO_PROXY: 'aliyuncs.com' })
    expect(proxyFor('https://sts.aliyuncs.com', proxies)).toBeDefined()
    expect(proxyFor('https://www.example.com', proxies)).toBeUndefined()
  })

  test.each(['https://localhost:8443/', 'https://127.0.0.1:1234/', 'https://127.9.9.9/', 'https://[::1]:8080/'])(
    'loopback %s is always reached directly',
    url => {
      env.use({ HTTPS_PROXY: PROXY })
      expect(proxyFor(url, proxies)).toBeUndefined()
    }
  )
})

describe('credentials in the proxy URL', () => {
  test('are taken out of the address and sent as Basic authorization', () => {
    env.use({ HTTPS_PROXY: 'http://deploy%40corp:p%40ss%3Aword@proxy.corp.test:3128' })
    const route = proxyFor('https://sae.cn-hangzhou.aliyuncs.com', proxies)!
    expect(route.url.href).toBe('http://proxy.corp.test:3128/')
    expect(route.display).toBe('proxy.corp.test:3128')
    expect(route.authorization).toBe(`Basic ${Buffer.from('deploy@corp:p@ss:word').toString('base64')}`)
    expect(describeRoute('https://sae.cn-hangzhou.aliyuncs.com', proxies)).toBe('through proxy proxy.corp.test:3128 (authenticated)')
  })

  test('are listed for the redactor, raw and decoded', () => {
    env.use({ HTTPS_PROXY: 'http://deploy:p%40ss%3Aword@proxy.corp.test:3128', http_proxy: 'http://u:plain-secret@p.test:1' })
    // The run's one redactor takes them from the environment (src/secrets.ts), in every spelling.
    const secrets = secretsFromEnvironment(process.env).flatMap(secretForms)
    expect(secrets).toEqual(expect.arrayContaining(['p%40ss%3Aword', 'p@ss:word', 'deploy:p%40ss%3Aword', 'deploy:p@ss:word', 'plain-secret', 'u:plain-secret']))
  })

  test('nothing is listed without credentials', () => {
    env.use({ HTTPS_PROXY: PROXY })
    expect(secretsFromEnvironment(process.env)).toEqual([])
    expect(describeRoute('https://sae.cn-hangzhou.aliyuncs.com', proxies)).toBe('through proxy proxy.corp.test:3128')
  })
})

describe('a proxy variable that cannot be used fails instead of going direct', () => {
  test.each([
    ['a name without scheme', 'proxy.corp.test:3128'],
    ['a malformed percent-encoding in the password', 'http://user:100%@proxy.corp.test:3128'],
    ['an unsupported scheme', 'socks5://proxy.corp.test:1080']
  ])('%s', (_name, value) => {
    env.use({ HTTPS_PROXY: value })
    let thrown: unknown
    try {
      proxyFor('https://sae.cn-hangzhou.aliyuncs.com', proxies)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(ProxyConfigError)
    expect((thrown as Error).message).toContain('HTTPS_PROXY')
    expect((thrown as Error).message).not.toContain('100%')
  })
})
