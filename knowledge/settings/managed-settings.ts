import { z } from 'zod';
import { AgentSettings, type SettingsPatch } from './settings';

/**
 * A centre manages settings through enterprise policy (Chrome's `storage.managed`): a policy
 * value wins over what the agent stored, and the options page shows it locked. The agent's own
 * choices (agent id, sidebar collapsed) are never managed.
 */
export const MANAGED_KEYS = [
  'locale',
  'crmSites',
  'sensitiveWords',
  'libraryUrl',
  'taxonomyUrl',
  'libraryCheckMinutes',
  'keepRawEventsDays',
  'upload',
  'centreReports',
] as const satisfies ReadonlyArray<keyof AgentSettings>;
export type ManagedKey = (typeof MANAGED_KEYS)[number];

/** What a policy may hold: each managed setting, all optional. */
export const ManagedSettings = AgentSettings.pick(Object.fromEntries(MANAGED_KEYS.map((key) => [key, true])) as Record<ManagedKey, true>).partial();
export type ManagedSettings = z.infer<typeof ManagedSettings>;

export interface SettingsProblem {
  key: string;
  /** Whose value was refused: IT's policy, or what this browser had stored. */
  from: 'policy' | 'stored';
  message: string;
}

export interface SettingsInForce {
  settings: AgentSettings;
  /** Keys the policy sets: locked in the options page, refused by updates. */
  locked: ManagedKey[];
  /** Values that could not be used (the key then keeps its stored or default value). */
  problems: SettingsProblem[];
}

const FIELDS = AgentSettings.shape as Record<string, z.ZodType>;
const isManaged = (key: string): key is ManagedKey => (MANAGED_KEYS as readonly string[]).includes(key);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * The settings in force: the defaults, then each stored value that is still valid, then each
 * valid policy value. Each key is checked on its own, so one bad value (a stored setting from an
 * older version, a typo in a policy file) costs that key only.
 */
export function resolveSettings(defaults: AgentSettings, stored: unknown, policy: unknown): SettingsInForce {
  const merged: Record<string, unknown> = { ...defaults };
  const problems: SettingsProblem[] = [];
  const locked: ManagedKey[] = [];
  if (isRecord(stored)) {
    for (const [key, value] of Object.entries(stored)) {
      const field = FIELDS[key];
      if (!field) continue; // a setting this version no longer has
      const parsed = field.safeParse(value);
      if (parsed.success) merged[key] = parsed.data;
      else problems.push({ key, from: 'stored', message: describeIssues(parsed.error) });
    }
  }
  if (isRecord(policy)) {
    for (const [key, value] of Object.entries(policy)) {
      if (!isManaged(key)) {
        problems.push({ key, from: 'policy', message: 'not a setting a policy can manage' });
        continue;
      }
      const parsed = FIELDS[key]!.safeParse(value);
      if (!parsed.success || parsed.data === undefined) {
        problems.push({ key, from: 'policy', message: parsed.success ? 'empty' : describeIssues(parsed.error) });
        continue;
      }
      merged[key] = parsed.data;
      locked.push(key);
    }
  }
  return {
    settings: AgentSettings.parse(merged),
    locked: MANAGED_KEYS.filter((key) => locked.includes(key)),
    problems,
  };
}

/** Splits an edit into what may be stored and the keys the policy locks. */
export function editableSettingsPatch(patch: SettingsPatch, locked: readonly ManagedKey[]): { patch: SettingsPatch; refused: ManagedKey[] } {
  const allowed: Record<string, unknown> = {};
  const refused: ManagedKey[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (isManaged(key) && locked.includes(key)) refused.push(key);
    else allowed[key] = value;
  }
  return { patch: allowed, refused };
}

/**
 * Settings as the sidebars and CRM frames get them: no database addresses or passwords (a
 * content script is the page's neighbour), only whether clicks are uploaded.
 */
export const PageSettings = AgentSettings.omit({ upload: true, centreReports: true }).extend({ uploadConfigured: z.boolean() });
export type PageSettings = z.infer<typeof PageSettings>;

export function settingsForPages(settings: AgentSettings): PageSettings {
  const { upload, centreReports: _centreReports, ...rest } = settings;
  return { ...rest, uploadConfigured: upload !== undefined };
}
