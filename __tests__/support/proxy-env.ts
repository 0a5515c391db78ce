// The proxy variables are read from process.env by @actions/http-client (it takes no environment parameter), so
// tests set them here and put back whatever the machine running the suite had (a CI runner may have its own).
export const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const

export type ProxyVariables = Partial<Record<(typeof PROXY_VARIABLES)[number], string>>

/** Replaces all six variables by `values` (absent ones are unset); returns the function that restores them. */
export function setProxyEnv(values: ProxyVariables): () => void {
  const saved = PROXY_VARIABLES.map(name => [name, process.env[name]] as const)
  for (const name of PROXY_VARIABLES) {
    if (values[name] === undefined) delete process.env[name]
    else process.env[name] = values[name]
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** For a test file: every test starts with no proxy variables; `use` sets some for the current test. */
export function useProxyEnv(): { use(values: ProxyVariables): void } {
  let restore: (() => void) | undefined
  beforeEach(() => {
    restore = setProxyEnv({})
  })
  afterEach(() => restore?.())
  return { use: values => void setProxyEnv(values) }
}
