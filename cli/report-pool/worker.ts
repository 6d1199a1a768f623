/**
 * Worker-thread entry: parses one report per message with the same extractReport
 * as the in-process path. Run by pool.ts straight from this .ts file (Node 24 strips
 * the types), so there is nothing to build.
 */
import module from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { ReportLimits } from '#shared/reports/limits.ts';
import type { ParseReply, ParseRequest } from './protocol.ts';

// Reuse V8's compiled code for pdf.js across workers and runs (it is most of a worker's start-up).
module.enableCompileCache?.();
const { ReportError } = await import('#shared/reports/errors.ts');
const { extractReport } = await import('#shared/reports/extract.ts');

if (!parentPort) throw new Error('report-pool/worker.ts must run as a worker thread');
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
