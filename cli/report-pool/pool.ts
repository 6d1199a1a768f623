/**
 * A small pool of worker threads that parse reports with extractReport. Workers
 * are reused across files; one that overruns its time (pdf.js can loop
 * synchronously, out of reach of any in-thread timer) or crashes is terminated
 * and replaced, and its file fails with a typed error while the others go on.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReportFacts } from '#shared/domain/inspection.ts';
import { ReportError } from '#shared/reports/errors.ts';
import { withDefaults, type ReportLimits } from '#shared/reports/limits.ts';
import type { ParseReply, ParseRequest } from './protocol.ts';

const WORKER_URL = new URL('./worker.ts', import.meta.url);
/** Time a worker gets past the limit to report its own (cooperative) timeout before it is killed. */
const GRACE_MS = 250;

interface Job {
  id: number;
  bytes: Uint8Array;
  limits: ReportLimits;
  resolve(facts: ReportFacts): void;
  reject(error: ReportError): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/** One worker per core, up to 8: each holds its own pdf.js (~100 MB resident). */
export function defaultPoolSize(): number {
  return Math.min(availableParallelism(), 8);
}

export interface PoolOptions {
  /** Worker threads at most (default: defaultPoolSize()). */
  size?: number;
  limits?: Partial<ReportLimits>;
  /**
   * Heap cap per worker, MB: a pathological PDF kills its worker, not the process.
   * Generous on purpose: V8 sizes a worker's young generation from it, and a small
   * cap (512) made parsing ~15% slower with more scavenges.
   */
  maxHeapMb?: number;
}

export class ReportParserPool {
  readonly size: number;
  private readonly limits: ReportLimits;
  private readonly maxHeapMb: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.limits = withDefaults(options.limits);
    this.maxHeapMb = options.maxHeapMb ?? 2048;
  }

  /** Parses one report's bytes. Rejects with ReportError (timeout, damaged_pdf, …). */
  parse(bytes: Uint8Array, limits: Partial<ReportLimits> = {}): Promise<ReportFacts> {
    if (this.closed) return Promise.reject(new Error('ReportParserPool is closed'));
    const merged = withDefaults({ ...this.limits, ...limits });
    if (bytes.length > merged.maxBytes) {
      return Promise.reject(new ReportError('too_large', `file is ${bytes.length} bytes, over the ${merged.maxBytes}-byte limit`));
    }
    return new Promise<ReportFacts>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, limits: merged, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker; jobs not yet done fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ReportError('timeout', 'parser pool closed before this file was parsed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new ReportError('timeout', 'parser pool closed while parsing'))));
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = [...this.slots].find((s) => !s.job);
      if (!slot) {
        if (this.slots.size >= this.size) return;
        slot = this.spawn();
      }
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb } });
    const slot: Slot = { worker };
    worker.on('message', (reply: ParseReply) => this.finish(slot, reply));
    worker.on('error', (error) => {
      void this.retire(slot, new ReportError('damaged_pdf', `the PDF parser crashed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (this.slots.has(slot)) void this.retire(slot, new ReportError('damaged_pdf', `the PDF parser stopped (exit ${code})`));
    });
    worker.unref();
    this.slots.add(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      void this.retire(slot, new ReportError('timeout', `gave up after ${job.limits.timeoutMs} ms: the PDF took too long to parse`));
    }, job.limits.timeoutMs + GRACE_MS);
    // Copy, so transferring the buffer to the worker never detaches the caller's bytes.
    const bytes = job.bytes.slice();
    const request: ParseRequest = { id: job.id, bytes, limits: job.limits };
    slot.worker.postMessage(request, [bytes.buffer]);
  }

  private finish(slot: Slot, reply: ParseReply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.worker.unref();
    if (reply.ok) job.resolve(reply.facts);
    else job.reject(new ReportError(reply.error.code, reply.error.message));
    this.pump();
  }

  /** Terminates a worker (hung, crashed, or closing), failing its job; the pool spawns a fresh one when needed. */
  private async retire(slot: Slot, error: ReportError): Promise<void> {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    job?.reject(error);
    await slot.worker.terminate().catch(() => undefined);
    if (!this.closed) this.pump();
  }
}
