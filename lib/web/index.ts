// Web access for tools and context injection; see guard.ts for the SSRF rules.
export { AllowList, parseAllowEntry } from './allow';
export { WebError, checkTarget, parseWebUrl, systemResolver, type Resolver, type ResolvedAddress, type Target, type WebErrorCode } from './guard';
export { webRequest, MAX_REDIRECTS, type WebOptions, type WebResponse, type RequestSpec } from './client';
export { extractReadable, type Readable } from './extract';
export { fetchPage, type Page } from './page';
export { searchContext, webSearch, webOptions, parseDuckDuckGo, decodeDdgHref, formatResults, fitResults, type SearchResult, type SearchOptions } from './search';
export { forbiddenReason, parseIp, parseIPv4, parseIPv6, formatIp, type Ip } from './ip';
