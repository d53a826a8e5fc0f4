/**
 * Which addresses Whip may fetch from (server-side request forgery guard). A URL from a feed item, a redirect or
 * a chat command must not make the bot read an internal service: only http(s), and the host must resolve to
 * public unicast addresses only — no loopback, private, link-local (incl. the 169.254.169.254 metadata service),
 * unique-local, multicast, carrier-grade NAT, reserved or IPv4-embedding IPv6 ranges. The same check runs on the
 * address actually connected to (see fetch.ts), so a DNS answer that changes between check and connect is refused.
 * WHIP_FETCH_ALLOW_HOSTS lists hosts (or host:port) an operator trusts anyway (an intranet feed; the tests'
 * loopback servers); nothing is allowed by default.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to its addresses (injectable so tests never send DNS queries or traffic). */
export type Resolver = (host: string) => Promise<string[]>;

export interface NetPolicy {
  /** Lower-cased `host` or `host:port` entries (IPv6 hosts without brackets). */
  allowHosts: ReadonlySet<string>;
  resolve: Resolver;
}

/** The one message for a refused or unreachable address: it never tells an open port from a closed one. */
export const REFUSED = 'could not fetch URL: refused/unreachable';

export class RefusedError extends Error {
  override name = 'RefusedError';
  constructor() {
    super(REFUSED);
  }
}

export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Parse WHIP_FETCH_ALLOW_HOSTS: `host` or `host:port` (IPv6 as `[::1]:8080`), comma-separated. */
export function parseAllowHosts(value: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
    if (v6) out.add(v6[2] ? `${v6[1]}:${v6[2]}` : (v6[1] ?? ''));
    else out.add(entry);
  }
  return out;
}

/** Whether a WHIP_FETCH_ALLOW_HOSTS value is well formed (for the config schema). */
export function validAllowHosts(value: string): boolean {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((e) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(e));
}

/** The policy of a validated configuration. */
export function policyFromConfig(config: { WHIP_FETCH_ALLOW_HOSTS?: string }): NetPolicy {
  return { allowHosts: parseAllowHosts(config.WHIP_FETCH_ALLOW_HOSTS), resolve: systemResolver };
}

/** The policy of the environment (WHIP_FETCH_ALLOW_HOSTS), with the system resolver. */
export function policyFromEnv(env: Record<string, string | undefined> = process.env): NetPolicy {
  return { allowHosts: parseAllowHosts(env.WHIP_FETCH_ALLOW_HOSTS), resolve: systemResolver };
}

/** Whether the allow list covers this URL's host (with or without its port). */
export function isAllowedHost(url: URL, policy: NetPolicy): boolean {
  const host = stripBrackets(url.hostname.toLowerCase());
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return policy.allowHosts.has(host) || policy.allowHosts.has(`${host}:${port}`);
}

/**
 * Whether an address is public unicast. IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as its IPv4 address; every
 * other special IPv6 range (6to4, Teredo, NAT64, which can embed a private IPv4 address) is refused outright.
 */
export function isPublicAddress(address: string): boolean {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(stripBrackets(address));
  } catch {
    return false;
  }
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

/** Throws RefusedError unless every address the host resolves to is public (or the host is allowed). */
export async function checkUrl(url: URL, policy: NetPolicy): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RefusedError();
  if (isAllowedHost(url, policy)) return;
  const host = stripBrackets(url.hostname);
  if (ipaddr.isValid(host)) {
    if (!isPublicAddress(host)) throw new RefusedError();
    return;
  }
  let addresses: string[];
  try {
    addresses = await policy.resolve(host);
  } catch {
    throw new RefusedError();
  }
  if (!addresses.length || !addresses.every(isPublicAddress)) throw new RefusedError();
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls.connect that resolves through the policy's resolver and refuses a non-public answer:
 * the address connected to is the address checked (no DNS-rebinding gap). `allowed` skips the address check for
 * a host on the allow list.
 */
export function guardedLookup(policy: NetPolicy, allowed: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => {
    policy
      .resolve(hostname)
      .then((addresses) => {
        const ok = addresses.filter((a) => allowed || isPublicAddress(a));
        if (!ok.length || (!allowed && ok.length !== addresses.length)) {
          const err: NodeJS.ErrnoException = new RefusedError();
          err.code = 'EWHIPREFUSED';
          callback(err, '', 0);
          return;
        }
        const entries = ok.map((address) => ({ address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 }));
        if (options?.all) callback(null, entries);
        else callback(null, entries[0]?.address ?? '', entries[0]?.family ?? 4);
      })
      .catch(() => {
        const err: NodeJS.ErrnoException = new RefusedError();
        err.code = 'EWHIPREFUSED';
        callback(err, '', 0);
      });
  };
}
