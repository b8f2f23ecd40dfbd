import { isValidDay } from '../reports/calendar';

/**
 * The centre's queries are written with ClickHouse's query parameters (`{from:Date}`), so IT
 * can run them as they are on a current server (`--param_from=2026-11-01`). ClickHouse 18.16
 * has no query parameters, so Iceberg puts the values in as literals itself, typed and escaped
 * here, and nowhere else.
 */

export type SqlValue = string | number | readonly string[];

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_() ]+)\}/g;

function stringLiteral(value: string): string {
  return `'${value.replace(/[\\']/g, (character) => `\\${character}`).replace(/\0/g, '\\0')}'`;
}

function literal(name: string, type: string, value: SqlValue | undefined): string {
  if (value === undefined) throw new RangeError(`no value for the query parameter "${name}"`);
  switch (type) {
    case 'String':
      if (typeof value !== 'string') break;
      return stringLiteral(value);
    case 'Date':
      if (typeof value !== 'string' || !isValidDay(value)) break;
      return `toDate('${value}')`;
    case 'UInt8':
    case 'UInt16':
    case 'UInt32':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) break;
      return String(value);
    case 'Array(String)':
      if (!Array.isArray(value)) break;
      return `CAST([${value.map((item: string) => stringLiteral(String(item))).join(', ')}] AS Array(String))`;
    default:
      throw new RangeError(`query parameter "${name}" has a type Iceberg does not bind: ${type}`);
  }
  throw new RangeError(`query parameter "${name}" is not a valid ${type}: ${JSON.stringify(value)}`);
}

/** The names of a query's parameters, each once. */
export function queryParameters(sql: string): string[] {
  return [...new Set([...sql.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * An optional filter, written `(empty({p:Array(String)}) OR has({p:Array(String)}, column))`:
 * an empty list selects every row. 18.16 still evaluates `has` on every row (it does not fold
 * `1 OR …`), which took about half of a report's time, so such a filter becomes `1` here.
 */
const OPTIONAL_FILTER = /\(empty\(\{(\w+):Array\(String\)\}\) OR has\(\{\1:Array\(String\)\}, \w+\)\)/g;

/** The query with every `{name:Type}` replaced by its value as a ClickHouse literal. */
export function bindParameters(sql: string, values: Readonly<Record<string, SqlValue>>): string {
  return sql
    .replace(OPTIONAL_FILTER, (filter, name: string) => (Array.isArray(values[name]) && values[name].length === 0 ? '1' : filter))
    .replace(PLACEHOLDER, (_, name: string, type: string) => literal(name, type.trim(), values[name]));
}
