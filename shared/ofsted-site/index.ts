/** Ofsted reports site: URL builders and pure parsers of the listing and provider pages. */
export { formatDisplayDate, formatLongDate, parseSiteDate } from './dates.ts';
export { parseListingPage, type ListingPage, type ListingProvider } from './listing.ts';
export { parseProviderPage, type ProviderPage, type ProviderPageLayout, type SitePublication } from './provider-page.ts';
export {
  fileIdFromUrl,
  DEFAULT_LISTING_DATE_FORM,
  formatListingDate,
  LISTING_DATE_FORMS,
  listingDateForm,
  type ListingDateForm,
  writeListingDate,
  isOfstedFileHost,
  laListingUrl,
  LA_PROVIDER_TYPE,
  LISTING_MAX_ROWS,
  OFSTED_FILE_HOSTS,
  OFSTED_SITE_URL,
  ofstedAllowedHosts,
  ofstedHostsFor,
  providerFromUrl,
  providerPageUrl,
  type ListingQuery,
} from './urls.ts';
