import { z } from 'zod';
import { MANAGED_KEYS, ManagedSettings } from './managed-settings';

/**
 * Chrome's `managed_schema.json` (the schema of `storage.managed`, i.e. of the policies a centre
 * may set), generated from the Zod settings schema so the two cannot drift. Chrome accepts only
 * a subset of JSON Schema and refuses to load an extension whose schema uses anything else, so
 * the generic JSON Schema is cut down to these attributes per type. Zod still checks every
 * policy value fully when the background reads it (resolveSettings).
 */
export const CHROME_SCHEMA_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  array: ['description', 'id', 'items', 'sensitiveValue', 'title', 'type'],
  boolean: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  integer: ['description', 'enum', 'id', 'maximum', 'minimum', 'sensitiveValue', 'title', 'type'],
  number: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  object: ['additionalProperties', 'description', 'id', 'patternProperties', 'properties', 'required', 'sensitiveValue', 'title', 'type'],
  string: ['description', 'enum', 'id', 'pattern', 'sensitiveValue', 'title', 'type'],
};

type JsonSchema = Record<string, unknown>;

/** Chrome checks patterns with RE2, which has no look-around or back-references. */
function re2Compatible(pattern: string): boolean {
  return !/\(\?[=!<]|\\[1-9]/.test(pattern);
}

function chromeNode(node: JsonSchema, path: string): JsonSchema {
  const branches = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    const usable = branches.filter((branch) => branch.type !== 'null');
    if (usable.length !== 1) throw new Error(`${path}: Chrome's policy schema has no unions`);
    const { anyOf: _anyOf, oneOf: _oneOf, ...outer } = node;
    return chromeNode({ ...usable[0], ...outer }, path);
  }
  const type = Array.isArray(node.type) ? (node.type as string[]).filter((name) => name !== 'null') : [node.type];
  if (type.length !== 1 || typeof type[0] !== 'string' || !CHROME_SCHEMA_ATTRIBUTES[type[0]]) {
    throw new Error(`${path}: no Chrome policy type for ${JSON.stringify(node.type)}`);
  }
  const kind = type[0];
  const out: JsonSchema = { type: kind };
  for (const key of ['title', 'description', 'sensitiveValue', 'enum']) {
    if (node[key] !== undefined && CHROME_SCHEMA_ATTRIBUTES[kind]!.includes(key)) out[key] = node[key];
  }
  if (kind === 'string' && typeof node.pattern === 'string' && re2Compatible(node.pattern)) out.pattern = node.pattern;
  if (kind === 'integer') {
    for (const key of ['minimum', 'maximum'] as const) {
      const bound = node[key];
      if (typeof bound === 'number' && Math.abs(bound) < Number.MAX_SAFE_INTEGER) out[key] = bound;
    }
  }
  if (kind === 'array') out.items = chromeNode(node.items as JsonSchema, `${path}[]`);
  if (kind === 'object') {
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    out.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, chromeNode(value, `${path}.${key}`)]));
    const required = ((node.required ?? []) as string[]).filter((key) => key in properties);
    if (required.length > 0) out.required = required;
  }
  return out;
}

/** The schema as an object, top level = one property per policy. */
export function managedSchema(): JsonSchema {
  const generic = z.toJSONSchema(ManagedSettings, { io: 'input', target: 'draft-07', unrepresentable: 'any' }) as JsonSchema;
  const properties = generic.properties as Record<string, JsonSchema>;
  return {
    type: 'object',
    properties: Object.fromEntries(MANAGED_KEYS.map((key) => [key, chromeNode(properties[key]!, key)])),
  };
}

/** The file Chrome reads, as committed in docs/centre/ and shipped in the extension. */
export function managedSchemaJson(): string {
  return `${JSON.stringify(managedSchema(), null, 2)}\n`;
}

/** Where the generated file is committed, relative to the repository root. */
export const MANAGED_SCHEMA_PATH = 'docs/centre/managed_schema.json';
