// @ts-check
// A throwaway certificate authority for loopback TLS: the WAN bench and the proxy tests serve the emulator over
// https with a certificate for real-looking host names (sae.cn-hangzhou.aliyuncs.com), trusted by the action's process
// through NODE_EXTRA_CA_CERTS. Verification stays on everywhere. Made with the openssl command line (on every machine
// of this project's kind), fresh for each call, in a temporary folder.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * @typedef {object} TestCa
 * @property {string} dir folder holding ca.pem (for NODE_EXTRA_CA_CERTS), key.pem and cert.pem
 * @property {string} caFile path of the CA certificate
 * @property {string} caPem
 * @property {string} keyPem the server's private key
 * @property {string} certPem the server's certificate, signed by the CA, for every name asked for
 */

/**
 * @param {string[]} hostnames DNS names (and IP addresses) the server certificate is valid for
 * @returns {TestCa}
 */
export function createTestCa(hostnames = ['localhost', '127.0.0.1']) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sae-test-ca-'))
  const file = (/** @type {string} */ name) => path.join(dir, name)
  const openssl = (/** @type {string[]} */ args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
  const san = hostnames.map(name => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',')
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=sae-ingress-action test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', 'ca-key.pem', '-out', 'ca.pem'])
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${hostnames[0] ?? 'localhost'}`, '-keyout', 'key.pem', '-out', 'server.csr'])
  writeFileSync(file('ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`)
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', 'cert.pem'])
  return {
    dir,
    caFile: file('ca.pem'),
    caPem: readFileSync(file('ca.pem'), 'utf8'),
    keyPem: readFileSync(file('key.pem'), 'utf8'),
    certPem: readFileSync(file('cert.pem'), 'utf8')
  }
}
