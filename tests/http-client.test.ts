import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '#shared/http/client.ts';
import { HttpError } from '#shared/http/errors.ts';
import { silentLogger } from '#shared/runtime/log.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A logged event as the tests read it: its level and name, and its fields. */
type HttpLogEntry = { level: string; event: string; url: string } & Record<string, unknown>;

interface TestServer {
  host: string;
  origin: string;
  hits: { path: string; at: number; userAgent: string | undefined }[];
  hitsTo(path: string): number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

/** A real HTTP server on 127.0.0.1 with one handler per path (robots.txt allows all unless given). */
async function serve(routes: Record<string, Handler>): Promise<TestServer> {
  const hits: TestServer['hits'] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push({ path, at: Date.now(), userAgent: req.headers['user-agent'] });
    const handler = routes[path] ?? (path === '/robots.txt' ? (_q: IncomingMessage, r: ServerResponse) => r.end('User-agent: *\nAllow: /\n') : undefined);
    if (!handler) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const result: TestServer = {
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    hits,
    hitsTo: (path) => hits.filter((hit) => hit.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(result);
  return result;
}

function client(server: TestServer, options: Partial<HttpClientOptions> = {}): { http: HttpClient; logs: HttpLogEntry[] } {
  const logs: HttpLogEntry[] = [];
  const http = createHttpClient({
    version: '9.9.9',
    contactUrl: 'https://example.org/ofsted-watch',
    allowedHosts: [server.host],
    perHostIntervalMs: 0,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (event, fields) => void logs.push({ level: 'warn', event, ...fields } as HttpLogEntry),
      error: (event, fields) => void logs.push({ level: 'error', event, ...fields } as HttpLogEntry),
    },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  clients.push(http);
  return { http, logs };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error('expected the request to fail');
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((http) => http.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const ok = (body: string, type = 'text/html'): Handler => (_req, res) => {
  res.setHeader('content-type', type);
  res.end(body);
};

describe('polite HTTP client', () => {
  it('names itself and its contact URL, and fetches robots.txt once per host', async () => {
    const server = await serve({ '/a': ok('A'), '/b': ok('B') });
    const { http } = client(server);
    const first = await http.get(`${server.origin}/a`);
    const second = await http.get(`${server.origin}/b`);
    expect(first.text()).toBe('A');
    expect(second.status).toBe(200);
    expect(http.userAgent).toBe('ofsted-watch/9.9.9 (+https://example.org/ofsted-watch)');
    expect(server.hits.every((hit) => hit.userAgent === http.userAgent)).toBe(true);
    expect(server.hitsTo('/robots.txt')).toBe(1);
    expect(http.stats()).toMatchObject({ requests: 3, robotsFetches: 1, retries: 0 });
  });

  it('never fetches a host outside the allowlist, not even the first request', async () => {
    const allowed = await serve({ '/a': ok('A') });
    const other = await serve({ '/a': ok('secret') });
    const { http } = client(allowed);
    const error = await failure(http.get(`${other.origin}/a`));
    expect(error.code).toBe('host_not_allowed');
    expect(error.retryable).toBe(false);
    expect(other.hits).toHaveLength(0);
    expect(http.isAllowedHost(`${allowed.origin}/x`)).toBe(true);
    expect(http.isAllowedHost(`${other.origin}/x`)).toBe(false);
  });

  it('follows redirects within the allowlist and refuses one to another host', async () => {
    const other = await serve({ '/file': ok('elsewhere') });
    const server = await serve({
      '/old': (_req, res) => {
        res.writeHead(301, { location: '/new' });
        res.end();
      },
      '/new': ok('moved here'),
      '/away': (_req, res) => {
        res.writeHead(302, { location: `${other.origin}/file` });
        res.end();
      },
      '/loop': (_req, res) => {
        res.writeHead(302, { location: '/loop' });
        res.end();
      },
    });
    const { http } = client(server, { maxRedirects: 3 });
    const moved = await http.get(`${server.origin}/old`);
    expect(moved.text()).toBe('moved here');
    expect(moved.url).toBe(`${server.origin}/new`);
    expect(moved.redirects).toEqual([`${server.origin}/new`]);

    const refused = await failure(http.get(`${server.origin}/away`));
    expect(refused.code).toBe('redirect_not_allowed');
    expect(refused.location).toBe(`${other.origin}/file`);
    expect(other.hits).toHaveLength(0);

    const loop = await failure(http.get(`${server.origin}/loop`));
    expect(loop.code).toBe('too_many_redirects');
    expect(server.hitsTo('/loop')).toBe(4);
  });

  it('keeps a request and its redirects on the hosts the request names, within the client\'s', async () => {
    const feedB = await serve({ '/page': ok('feed B page') });
    const feedA = await serve({
      '/page': ok('feed A page'),
      '/to-b': (_req, res) => {
        res.writeHead(302, { location: `${feedB.origin}/page` });
        res.end();
      },
    });
    const http = createHttpClient({ version: 't', contactUrl: 'https://example.org/c', allowedHosts: [feedA.host, feedB.host], perHostIntervalMs: 0, logger: silentLogger });
    try {
      // The client may fetch both; a request for feed A may not leave feed A's host.
      expect((await http.get(`${feedA.origin}/to-b`)).text()).toBe('feed B page');
      const hits = feedB.hits.length;
      const refused = await failure(http.get(`${feedA.origin}/to-b`, { allowedHosts: [feedA.host] }));
      expect(refused.code).toBe('redirect_not_allowed');
      expect(feedB.hits.length).toBe(hits);
      expect((await failure(http.get(`${feedB.origin}/page`, { allowedHosts: [feedA.host] }))).code).toBe('host_not_allowed');
      // Naming a host the client does not allow does not widen it.
      expect((await failure(http.get('http://127.0.0.2:9/x', { allowedHosts: ['127.0.0.2:9'] }))).code).toBe('host_not_allowed');
    } finally {
      await http.close();
    }
  });

  it('honours a real Retry-After of one second on 429', async () => {
    let calls = 0;
    const server = await serve({
      '/busy': (_req, res) => {
        calls += 1;
        if (calls === 1) {
          res.writeHead(429, { 'retry-after': '1' });
          res.end('slow down');
          return;
        }
        res.end('done');
      },
    });
    const { http, logs } = client(server);
    const started = Date.now();
    const response = await http.get(`${server.origin}/busy`);
    expect(response.text()).toBe('done');
    expect(response.attempts).toBe(2);
    const times = server.hits.filter((hit) => hit.path === '/busy').map((hit) => hit.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(logs).toEqual([expect.objectContaining({ event: 'http_retry', code: 'rate_limited', status: 429, delayMs: 1000, attempt: 1 })]);
  });

  it('reads Retry-After as an HTTP date against the injected clock, and gives up when it exceeds the wait budget', async () => {
    let clock = Date.parse('2024-08-01T12:00:00Z');
    const waits: number[] = [];
    let calls = 0;
    const server = await serve({
      '/date': (_req, res) => {
        calls += 1;
        if (calls === 1) {
          res.writeHead(503, { 'retry-after': 'Thu, 01 Aug 2024 12:00:30 GMT' });
          res.end();
          return;
        }
        res.end('fine');
      },
      '/forever': (_req, res) => {
        res.writeHead(429, { 'retry-after': '3600' });
        res.end();
      },
    });
    const { http, logs } = client(server, {
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxTotalWaitMs: 60_000 },
    });
    expect((await http.get(`${server.origin}/date`)).text()).toBe('fine');
    expect(waits).toEqual([30_000]);

    const error = await failure(http.get(`${server.origin}/forever`));
    expect(error.code).toBe('rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(server.hitsTo('/forever')).toBe(1);
    expect(logs.at(-1)).toMatchObject({ event: 'http_give_up', reason: 'wait_budget', code: 'rate_limited' });
  });

  it('retries 5xx with backoff until success, then gives up after maxAttempts', async () => {
    let calls = 0;
    const server = await serve({
      '/flaky': (_req, res) => {
        calls += 1;
        res.statusCode = calls <= 2 ? 500 : 200;
        res.end(calls <= 2 ? 'oops' : 'ok');
      },
      '/down': (_req, res) => {
        res.statusCode = 502;
        res.end();
      },
    });
    const waits: number[] = [];
    const { http, logs } = client(server, {
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const response = await http.get(`${server.origin}/flaky`);
    expect(response.attempts).toBe(3);
    expect(waits).toEqual([50, 100]); // full jitter at 0.5 of 100, 200
    expect(logs.filter((entry) => entry.event === 'http_retry')).toHaveLength(2);

    const error = await failure(http.get(`${server.origin}/down`));
    expect(error).toMatchObject({ code: 'server_error', status: 502, retryable: true, attempts: 4 });
    expect(server.hitsTo('/down')).toBe(4);
    expect(logs.at(-1)).toMatchObject({ event: 'http_give_up', reason: 'max_attempts', attempt: 4 });
  });

  it('does not retry a 404', async () => {
    const server = await serve({});
    const { http, logs } = client(server);
    const error = await failure(http.get(`${server.origin}/missing`));
    expect(error).toMatchObject({ code: 'http_status', status: 404, retryable: false, attempts: 1 });
    expect(server.hitsTo('/missing')).toBe(1);
    expect(logs).toHaveLength(0);
  });

  it('times out a server that never answers, and retries it', async () => {
    const server = await serve({ '/hang': () => undefined });
    const { http } = client(server, { headersTimeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = await failure(http.get(`${server.origin}/hang`));
    expect(error).toMatchObject({ code: 'timeout', retryable: true, attempts: 2 });
    expect(server.hitsTo('/hang')).toBe(2);
  });

  it('treats a reset before the headers as a network error and a reset mid-body as truncation', async () => {
    const server = await serve({
      '/reset': (req) => req.socket.destroy(),
      '/half': (req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('x'.repeat(100), () => req.socket.destroy());
      },
    });
    const { http } = client(server, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const reset = await failure(http.get(`${server.origin}/reset`));
    expect(reset).toMatchObject({ code: 'network', retryable: true, attempts: 2 });
    const half = await failure(http.get(`${server.origin}/half`));
    expect(half).toMatchObject({ code: 'truncated', retryable: true, status: 200 });
  });

  it('caps the body size by Content-Length and by the streamed count', async () => {
    const server = await serve({
      '/declared': (_req, res) => {
        res.writeHead(200, { 'content-length': String(5000) });
        res.end('y'.repeat(5000));
      },
      '/chunked': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.write('z'.repeat(3000));
        res.end('z'.repeat(3000));
      },
    });
    const { http } = client(server, { maxBodyBytes: 4096 });
    const declared = await failure(http.get(`${server.origin}/declared`));
    expect(declared).toMatchObject({ code: 'body_too_large', retryable: false });
    const chunked = await failure(http.get(`${server.origin}/chunked`));
    expect(chunked).toMatchObject({ code: 'body_too_large', retryable: false });
    expect(server.hitsTo('/chunked')).toBe(1);
    expect((await http.get(`${server.origin}/declared`, { maxBodyBytes: 10_000 })).body.length).toBe(5000);
  });

  it('obeys robots.txt: disallowed paths are never requested', async () => {
    const server = await serve({
      '/robots.txt': ok('User-agent: *\nDisallow: /private\n\nUser-agent: ofsted-watch\nDisallow: /search\nAllow: /search?public\n', 'text/plain'),
      '/private/x': ok('private'),
      '/search?q=1': ok('search'),
      '/search?public=1': ok('public search'),
    });
    const { http } = client(server);
    // Our own group applies, not '*': /private is allowed for us, /search is not, except the longer Allow.
    expect((await http.get(`${server.origin}/private/x`)).text()).toBe('private');
    const refused = await failure(http.get(`${server.origin}/search?q=1`));
    expect(refused).toMatchObject({ code: 'robots_disallowed', retryable: false });
    expect(server.hitsTo('/search?q=1')).toBe(0);
    expect((await http.get(`${server.origin}/search?public=1`)).text()).toBe('public search');
  });

  it('reads a 404 robots.txt as allow-all and a 5xx one as disallow-all for the run', async () => {
    const open = await serve({
      '/robots.txt': (_req, res) => {
        res.statusCode = 404;
        res.end();
      },
      '/page': ok('open'),
    });
    expect((await client(open).http.get(`${open.origin}/page`)).text()).toBe('open');

    const broken = await serve({
      '/robots.txt': (_req, res) => {
        res.statusCode = 503;
        res.end();
      },
      '/page': ok('should not be fetched'),
    });
    let clock = 0;
    const { http, logs } = client(broken, { now: () => clock, sleep: async () => undefined, retry: { maxAttempts: 2 }, robots: { failureTtlMs: 60_000 } });
    const first = await failure(http.get(`${broken.origin}/page`));
    expect(first).toMatchObject({ code: 'robots_unavailable', retryable: true });
    const second = await failure(http.get(`${broken.origin}/page`));
    expect(second.code).toBe('robots_unavailable');
    expect(broken.hitsTo('/page')).toBe(0);
    expect(broken.hitsTo('/robots.txt')).toBe(2); // one attempt + one retry, then cached
    expect(logs.some((entry) => entry.event === 'http_give_up' && entry.url.endsWith('/robots.txt'))).toBe(true);
    clock = 61_000; // the failure expires: robots.txt is asked again
    await failure(http.get(`${broken.origin}/page`));
    expect(broken.hitsTo('/robots.txt')).toBe(4);
  });

  it('re-reads robots.txt after its TTL', async () => {
    const server = await serve({ '/p': ok('p') });
    let clock = 1_000;
    const { http } = client(server, { now: () => clock, robots: { ttlMs: 5_000 } });
    await http.get(`${server.origin}/p`);
    clock += 4_000;
    await http.get(`${server.origin}/p`);
    expect(server.hitsTo('/robots.txt')).toBe(1);
    clock += 2_000;
    await http.get(`${server.origin}/p`);
    expect(server.hitsTo('/robots.txt')).toBe(2);
  });

  it('spaces request starts to one host', async () => {
    const server = await serve({ '/1': ok('1'), '/2': ok('2'), '/3': ok('3') });
    const { http } = client(server, { perHostIntervalMs: 150 });
    await Promise.all(['/1', '/2', '/3'].map((path) => http.get(`${server.origin}${path}`)));
    const starts = server.hits.map((hit) => hit.at).sort((a, b) => a - b);
    expect(starts).toHaveLength(4); // robots.txt + 3 pages
    for (let i = 1; i < starts.length; i += 1) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(140);
  });

  it('does not hold a concurrency slot while waiting for a host turn, so other hosts go ahead', async () => {
    const slowHost = await serve({ '/1': ok('1'), '/2': ok('2') });
    const otherHost = await serve({ '/x': ok('x') });
    const { http } = client(slowHost, { allowedHosts: [slowHost.host, otherHost.host], perHostIntervalMs: 400, concurrency: 1 });
    await http.get(`${otherHost.origin}/x`); // robots.txt and /x
    await new Promise((resolve) => setTimeout(resolve, 450)); // the other host's turn has come again
    await http.get(`${slowHost.origin}/1`); // robots.txt and /1: this host's next turn is 400 ms away
    const started = Date.now();
    await Promise.all([http.get(`${slowHost.origin}/2`), http.get(`${otherHost.origin}/x`)]);
    const otherSecond = otherHost.hits.filter((hit) => hit.path === '/x')[1]!.at;
    const slowSecond = slowHost.hits.find((hit) => hit.path === '/2')!.at;
    expect(otherSecond - started).toBeLessThan(300);
    expect(slowSecond).toBeGreaterThan(otherSecond);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: Handler = (_req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.end('slow');
      }, 60);
    };
    const routes: Record<string, Handler> = {};
    for (let i = 0; i < 6; i += 1) routes[`/s${i}`] = slow;
    const server = await serve(routes);
    const { http } = client(server, { concurrency: 2 });
    await Promise.all(Object.keys(routes).map((path) => http.get(`${server.origin}${path}`)));
    expect(peak).toBe(2);
  });

  it('rejects non-http URLs as invalid', async () => {
    const server = await serve({});
    const { http } = client(server);
    expect((await failure(http.get('file:///etc/passwd'))).code).toBe('invalid_url');
    expect((await failure(http.get('not a url'))).code).toBe('invalid_url');
  });
});
