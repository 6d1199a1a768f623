/**
 * Worker-thread entry: parses one report per message with the same extractReport
 * as the in-process path. Run by pool.ts straight from this .ts file (Node 24 strips
 * the types), so there is nothing to build.
 */
import { parentPort } from 'node:worker_threads';
import { ReportError } from './errors.ts';
import { extractReport } from './extract.ts';
import type { ReportLimits } from './limits.ts';
import type { ParseReply, ParseRequest } from './protocol.ts';

if (!parentPort) throw new Error('reports/worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', async (request: ParseRequest) => {
  let reply: ParseReply;
  try {
    const limits: ReportLimits = request.limits;
    reply = { id: request.id, ok: true, facts: await extractReport(request.bytes, limits) };
  } catch (error) {
    reply =
      error instanceof ReportError
        ? { id: request.id, ok: false, error: error.toJSON() }
        : { id: request.id, ok: false, error: { code: 'damaged_pdf', message: `could not read the PDF (internal error: ${(error as Error)?.message ?? String(error)})` } };
  }
  port.postMessage(reply);
});
