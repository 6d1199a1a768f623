/**
 * Serves a built site folder on 127.0.0.1 (sirv: content types, ETags,
 * index.html for "/"), as CloudFront serves the bucket: the same security
 * headers, and the 404 page for anything missing. Files are read on each
 * request, so a rebuild into the folder shows at once.
 */
import { createServer, type ServerResponse } from 'node:http';
import sirv from 'sirv';
import { listenOnLoopback } from './listen.ts';
import { SITE_SECURITY_HEADERS } from '#shared/site/headers.ts';

export interface SiteServer {
  origin: string;
  port: number;
  close(): Promise<void>;
}

export async function startSiteServer(options: { dir: string; port?: number }): Promise<SiteServer> {
  const serve = sirv(options.dir, {
    dev: true,
    extensions: ['html'],
    setHeaders: (res: ServerResponse) => {
      for (const [name, value] of Object.entries(SITE_SECURITY_HEADERS)) res.setHeader(name, value);
    },
  });
  const server = createServer((req, res) => {
    serve(req, res, () => {
      res.statusCode = 404;
      for (const [name, value] of Object.entries(SITE_SECURITY_HEADERS)) res.setHeader(name, value);
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('Not found: see /index.html\n');
    });
  });
  const { origin, port } = await listenOnLoopback(server, options.port ?? 0);
  return {
    origin,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
