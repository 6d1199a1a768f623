/** The polite HTTP client: see client.ts for the behaviour, errors.ts for the failures. */
export {
  buildUserAgent,
  createHttpClient,
  defaultSleep,
  httpLoggerFrom,
  DEFAULT_PRODUCT,
  stderrHttpLogger,
  type GetOptions,
  type HttpClient,
  type HttpClientOptions,
  type HttpClientStats,
  type HttpLogEntry,
  type HttpLogger,
  type HttpResponse,
  type RetryOptions,
  type RobotsOptions,
} from './client.ts';
export { HTTP_ERROR_CODES, HttpError, isHttpError, isRetryableCode, type HttpErrorCode, type HttpErrorDetails } from './errors.ts';
export { isAllowedByRobots, parseRobotsTxt, rulesFor, type RobotsGroup, type RobotsRule, type RobotsTxt } from './robots.ts';
export { backoffDelay, parseRetryAfter, type BackoffPolicy } from './backoff.ts';
