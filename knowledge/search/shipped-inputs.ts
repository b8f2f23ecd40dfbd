import { DEFAULT_LIBRARY_RELEASE } from '../case-library/default-library';
import { DEFAULT_LEXICON_RELEASE } from './lexicon';

/**
 * The library and lexicon this build of Iceberg ships, by name and version: in force until a lead
 * replaces them, so a search index stored from them must not outlive an update that ships others
 * (its revision carries this: storage/database/search-index.ts). Their versions change with their
 * content: tests/unit/search/shipped-inputs.test.ts fails on an edit without a new version.
 */
export function shippedSearchInputs(): string {
  return `${DEFAULT_LIBRARY_RELEASE.name} ${DEFAULT_LIBRARY_RELEASE.version} · ${DEFAULT_LEXICON_RELEASE.name} ${DEFAULT_LEXICON_RELEASE.version}`;
}
