/**
 * The Ofsted site over HTTP: the shell behind the OfstedSite port. Pages are
 * fetched with the polite client and read with the pure parsers; a page that no
 * longer parses becomes a SiteLayoutError (an anomaly), never an empty result.
 */
import type { HttpClient } from '../http/index.ts';
import { laListingUrl, parseListingPage, parseProviderPage, providerPageUrl } from '../ofsted-site/index.ts';
import { SiteLayoutError, type ListedProvider, type OfstedSite } from './ports.ts';

/** A listing longer than this many pages is not the LA listing (153 councils fit in two). */
const MAX_LISTING_PAGES = 20;

export function httpOfstedSite(client: HttpClient, baseUrl: string): OfstedSite {
  return {
    async listProviders() {
      const providers = new Map<string, ListedProvider>();
      let url: string | null = laListingUrl({ baseUrl });
      for (let pages = 0; url && pages < MAX_LISTING_PAGES; pages++) {
        const response = await client.get(url);
        const page = parseListingPage(response.text(), response.url);
        if (!page.ok) throw new SiteLayoutError(`listing page does not parse: ${page.detail}`, url);
        for (const provider of page.providers) {
          providers.set(provider.urn, { urn: provider.urn, name: provider.name, latestReportDate: provider.latestReportDate });
        }
        url = page.nextPageUrl;
      }
      return [...providers.values()];
    },

    async listPublications(urn) {
      const url = providerPageUrl(urn, baseUrl);
      const response = await client.get(url);
      const page = parseProviderPage(response.text(), response.url);
      if (!page.ok) throw new SiteLayoutError(`provider page ${page.problem.replace('_', ' ')}: ${page.detail}`, url);
      return {
        providerUrl: url,
        publications: page.publications.map(({ fileId, url: fileUrl, type, published, eventDate }) => ({ fileId, url: fileUrl, type, published, eventDate })),
      };
    },

    async fetchFile(url) {
      const response = await client.get(url);
      return new Uint8Array(response.body.buffer, response.body.byteOffset, response.body.byteLength);
    },
  };
}
