// Addresses a health check must not be pointed at: link-local ranges and the cloud metadata services, where a URL
// from a pull request could read a runner's instance credentials. Checked on the addresses DNS returns (so a name
// that resolves there is caught too) and on literal IP hosts. Node's BlockList matches IPv4 rules against their
// IPv4-mapped IPv6 forms (::ffff:169.254.169.254) by itself.
import dns from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { AddressNotAllowedError } from './errors.js'

const INTERNAL = new BlockList()
INTERNAL.addSubnet('169.254.0.0', 16, 'ipv4') // IPv4 link-local: AWS, GCP and Azure metadata at 169.254.169.254
INTERNAL.addAddress('100.100.100.200', 'ipv4') // Alibaba Cloud metadata
INTERNAL.addSubnet('fe80::', 10, 'ipv6') // IPv6 link-local
INTERNAL.addAddress('fd00:ec2::254', 'ipv6') // AWS metadata over IPv6
// The same IPv4 targets through a NAT64 gateway (64:ff9b::/96 embeds an IPv4 address).
INTERNAL.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6')
INTERNAL.addAddress('64:ff9b::6464:64c8', 'ipv6')

/** The ranges, for messages and the README. */
export const INTERNAL_RANGES = ['169.254.0.0/16', 'fe80::/10', '100.100.100.200', 'fd00:ec2::254'] as const

/** Whether `address` (an IP literal, brackets allowed) is link-local or a metadata address. Host names are not. */
export function isInternalAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '')
  const family = isIP(bare)
  if (!family) return false
  return INTERNAL.check(bare, family === 6 ? 'ipv6' : 'ipv4')
}

/**
 * A DNS lookup that fails with AddressNotAllowedError when any address the name resolves to is internal (a name
 * with one public and one internal address is refused too: the connection could pick either).
 */
export function refusingInternalAddresses(lookup: LookupFunction = dns.lookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family)
      const addresses = Array.isArray(address) ? address.map(entry => entry.address) : [address]
      const internal = addresses.find(isInternalAddress)
      if (internal !== undefined) return callback(new AddressNotAllowedError(hostname, internal), address, family)
      callback(null, address, family)
    })
  }
}
