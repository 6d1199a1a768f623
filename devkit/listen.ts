import type { Server } from 'node:http';
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
