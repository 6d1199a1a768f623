/**
 * The hosts a client may fetch, checked before the first request and before
 * every redirect is followed. "host" allows any port, "host:port" exactly that
 * port (e.g. "127.0.0.1:43123" for a local replay server). Pure.
 */
export interface HostAllowlist {
  allows(url: string | URL): boolean;
}

export function hostAllowlist(hosts: readonly string[]): HostAllowlist {
  const allowed = hosts.map((host) => host.trim().toLowerCase()).filter(Boolean);
  if (allowed.length === 0) throw new Error('createHttpClient: allowedHosts must name at least one host');
  return {
    allows(target) {
      let url: URL;
      try {
        url = typeof target === 'string' ? new URL(target) : target;
      } catch {
        return false;
      }
      const host = url.host.toLowerCase();
      const hostname = url.hostname.toLowerCase();
      return allowed.some((entry) => (entry.includes(':') ? entry === host : entry === hostname));
    },
  };
}
