import { CaseLibrary } from './case-script';
import defaultLibraryJson from './default-library.json';

/**
 * The case library that ships with Iceberg (written for a telecom service centre; see
 * default-library.json). Parsed once at start-up, so a malformed edit fails the unit tests and
 * the build rather than an agent's search.
 */
export const DEFAULT_LIBRARY: CaseLibrary = CaseLibrary.parse(defaultLibraryJson);
