import { CaseLibrary } from './case-script';
import defaultLibraryJson from './default-library.json';

let parsed: CaseLibrary | undefined;

/**
 * The case library that ships with Iceberg (written for a telecom service centre; see
 * default-library.json), parsed on first use: not at every start of the service worker, which
 * mostly finds a library stored and has an agent's click to answer. The unit tests parse it, so
 * a malformed edit fails them rather than an agent's search.
 */
export function defaultLibrary(): CaseLibrary {
  return (parsed ??= CaseLibrary.parse(defaultLibraryJson));
}

/** Its name and version as shipped, read without parsing it (see shippedSearchInputs). */
export const DEFAULT_LIBRARY_RELEASE: { readonly name: string; readonly version: string } = { name: defaultLibraryJson.name, version: defaultLibraryJson.version };
