/** The polite HTTP client: see client.ts for the behaviour, errors.ts for the failures. */
export {
  buildUserAgent,
  createHttpClient,
  DEFAULT_PRODUCT,
  type GetOptions,
  type HttpClient,
  type HttpClientOptions,
  type HttpClientStats,
  type HttpResponse,
  type RetryOptions,
  type RobotsOptions,
} from './client.ts';
export { HTTP_ERROR_CODES, HttpError, isHttpError, type HttpErrorCode, type HttpErrorDetails } from './errors.ts';
export { isAllowedByRobots, parseRobotsTxt, type RobotsTxt } from './robots.ts';
