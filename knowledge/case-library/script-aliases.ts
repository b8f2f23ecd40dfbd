import { Alias, SCRIPT_LIMITS, type CaseLibrary, type CaseScript } from './case-script';
import { missKey, type SearchMissSummary } from './script-usage';

/**
 * Learning from missed searches: the team lead attaches a query that missed (or whose results
 * went unused) to the script that answers it, in one step. The query becomes one of the script's
 * aliases, which the search weighs like keywords and which travel with the library's exports.
 */

export type AttachProblem =
  /** Nothing left of the query once list separators and spaces are tidied. */
  | 'empty-query'
  /** The script already carries it as an alias or keyword. */
  | 'already-attached'
  /** The script holds the most aliases it can. */
  | 'too-many-aliases'
  | 'unknown-script'
  /** The centre publishes the library, whose next file would drop the alias (refused by the library page's backend). */
  | 'library-published';

export type AttachResult = { ok: true; library: CaseLibrary; script: CaseScript; alias: string } | { ok: false; problem: AttachProblem };

/**
 * The alias a query becomes: list separators (which split aliases in a CSV cell) and runs of
 * spaces turn into one space, and it is cut at the alias length limit (at a space where one is
 * near). Null when nothing is left.
 */
export function aliasFromQuery(query: string): string | null {
  let alias = query.normalize('NFKC').replace(/[|;；、，,\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (alias.length > SCRIPT_LIMITS.alias) {
    const cut = alias.slice(0, SCRIPT_LIMITS.alias);
    const space = cut.lastIndexOf(' ');
    alias = (space >= SCRIPT_LIMITS.alias / 2 ? cut.slice(0, space) : cut).trim();
  }
  return Alias.safeParse(alias).success ? alias : null;
}

/** The script with the query attached as an alias, updated today (YYYY-MM-DD). */
export function attachQueryToScript(script: CaseScript, query: string, today: string): { ok: true; script: CaseScript; alias: string } | { ok: false; problem: AttachProblem } {
  const alias = aliasFromQuery(query);
  if (!alias) return { ok: false, problem: 'empty-query' };
  const aliases = script.aliases ?? [];
  const key = missKey(alias);
  if ([...aliases, ...script.keywords].some((known) => missKey(known) === key)) return { ok: false, problem: 'already-attached' };
  if (aliases.length >= SCRIPT_LIMITS.aliases) return { ok: false, problem: 'too-many-aliases' };
  return { ok: true, script: { ...script, aliases: [...aliases, alias], updatedAt: today }, alias };
}

/** The library with the query attached to one script; other scripts stay the same objects. */
export function attachQueryInLibrary(library: CaseLibrary, scriptId: string, query: string, today: string): AttachResult {
  const at = library.scripts.findIndex((script) => script.id === scriptId);
  if (at < 0) return { ok: false, problem: 'unknown-script' };
  const attached = attachQueryToScript(library.scripts[at]!, query, today);
  if (!attached.ok) return attached;
  const scripts = library.scripts.slice();
  scripts[at] = attached.script;
  return { ok: true, library: { ...library, scripts }, script: attached.script, alias: attached.alias };
}

/** The missed searches still open: those no script carries yet as an alias or keyword. */
export function openMisses(misses: readonly SearchMissSummary[], library: CaseLibrary): SearchMissSummary[] {
  const attached = new Set(library.scripts.flatMap((script) => [...(script.aliases ?? []), ...script.keywords].map(missKey)));
  return misses.filter((miss) => {
    const alias = aliasFromQuery(miss.query);
    return alias === null || !attached.has(missKey(alias));
  });
}
