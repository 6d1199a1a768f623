/** Caps that keep one hostile or broken file from eating the machine. */
export interface ReportLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most pages read from one document (grades are on pages 1–2; letters need a few more; a pre-2013
   *  inspection of safeguarding and looked after children gives its second overall grade twenty pages in). */
  maxPages: number;
  /** Longest one document may take to parse, in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<ReportLimits> = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxPages: 40,
  timeoutMs: 20_000,
});

export function withDefaults(limits: Partial<ReportLimits> = {}): ReportLimits {
  return {
    maxBytes: limits.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxPages: limits.maxPages ?? DEFAULT_LIMITS.maxPages,
    timeoutMs: limits.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
  };
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** "20971520", "20MB", "512kb" → bytes; null when it is not a positive size. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(text);
  if (!match) return null;
  const unit = SIZE_UNITS[match[2]!.toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}

/** A whole number in [min, max], or null. */
export function parseWholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : null;
}
