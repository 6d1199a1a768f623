import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a local server on 127.0.0.1 only (port 0: any free port) and says where it is. */
export async function listenOnLoopback(server: Server, port = 0): Promise<{ port: number; host: string; origin: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return { port: address.port, host: `127.0.0.1:${address.port}`, origin: `http://127.0.0.1:${address.port}` };
}

/** A request's body as text, or null when it is larger than `limit` bytes (read to the end either way). */
export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
