import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentSettings, DEFAULT_SETTINGS } from '@/knowledge/settings/settings';
import { MANAGED_KEYS, editableSettingsPatch, settingsForPages, resolveSettings } from '@/knowledge/settings/managed-settings';
import { CHROME_SCHEMA_ATTRIBUTES, MANAGED_SCHEMA_PATH, managedSchema, managedSchemaJson } from '@/knowledge/settings/managed-schema';
import { DEFAULT_WORK_ORDER_RULE } from '@/knowledge/work-orders/work-order-reference';
import { agentIdInForce } from '@/knowledge/work-orders/agent-id';
import { readPageValue } from '@/knowledge/work-orders/work-order-reference';

const root = new URL('../../../', import.meta.url);
const committed = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Settings as the options page stores them today (schema v6), before any centre setting existed. */
const STORED_TODAY = {
  agentId: 'A-1024',
  locale: 'en',
  sidebarCollapsed: true,
  crmSites: [{ matchPattern: 'https://crm.example.com/*', label: 'CRM', workOrderRule: { selector: '#ref' } }],
  sensitiveWords: ['投诉', '曝光'],
};

const UPLOAD = { url: 'https://clickhouse.centre.example:8443/', user: 'iceberg_agent', key: 'secret' };

/** Chrome's policy value for the extension in the Linux example file. */
function linuxPolicy(): Record<string, unknown> {
  const file = JSON.parse(committed('docs/centre/policy/chromium-linux.json')) as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } };
  return Object.values(file['3rdparty'].extensions)[0]!;
}

/** The values of a Windows example .reg file as the browser reads them (JSON strings for lists and objects). */
function windowsPolicy(file: string): Record<string, unknown> {
  const policy: Record<string, unknown> = {};
  for (const line of committed(file).split(/\r?\n/)) {
    const text = /^"([^"]+)"="((?:[^"\\]|\\.)*)"$/.exec(line);
    const dword = /^"([^"]+)"=dword:([0-9a-f]{8})$/i.exec(line);
    if (text) {
      const value = text[2]!.replace(/\\(.)/g, '$1');
      policy[text[1]!] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } else if (dword) policy[dword[1]!] = Number.parseInt(dword[2]!, 16);
  }
  return policy;
}

describe('settings stored before the centre settings existed', () => {
  it('still parse, unchanged', () => {
    expect(AgentSettings.parse(STORED_TODAY)).toEqual(STORED_TODAY);
    expect(resolveSettings(DEFAULT_SETTINGS, STORED_TODAY, undefined)).toEqual({ settings: STORED_TODAY, locked: [], problems: [] });
  });

  it('leave upload off and nothing subscribed, so Iceberg works without a server', () => {
    const { settings } = resolveSettings(DEFAULT_SETTINGS, undefined, undefined);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings.upload).toBeUndefined();
    expect(settings.libraryUrl).toBeUndefined();
  });
});

describe('resolveSettings: policy over stored over defaults', () => {
  it('takes each policy value over the stored one and locks exactly those keys', () => {
    const policy = { crmSites: [{ matchPattern: 'https://crm.centre.example/*', workOrderRule: DEFAULT_WORK_ORDER_RULE }], upload: UPLOAD, libraryCheckMinutes: 30 };
    const { settings, locked, problems } = resolveSettings(DEFAULT_SETTINGS, STORED_TODAY, policy);
    expect(problems).toEqual([]);
    expect(locked).toEqual(['crmSites', 'libraryCheckMinutes', 'upload']);
    expect(settings.crmSites).toEqual(policy.crmSites);
    expect(settings.libraryCheckMinutes).toBe(30);
    // Defaults of the upload target fill what the policy leaves out.
    expect(settings.upload).toEqual({ ...UPLOAD, database: 'iceberg', auth: 'headers', table: 'click_events', batching: { maxRows: 500, maxBytes: 1048576, maxWaitSeconds: 60 }, timeoutSeconds: 30 });
    // The agent's own choices stay theirs.
    expect(settings).toMatchObject({ agentId: 'A-1024', locale: 'en', sidebarCollapsed: true, sensitiveWords: ['投诉', '曝光'] });
  });

  it('refuses a bad policy value for that key only, says why, and leaves the key unlocked', () => {
    const policy = { libraryUrl: 'ftp://files.centre.example/lib.json', keepRawEventsDays: 0, sensitiveWords: ['差评'], agentId: 'X', upload: { url: UPLOAD.url } };
    const { settings, locked, problems } = resolveSettings(DEFAULT_SETTINGS, STORED_TODAY, policy);
    expect(locked).toEqual(['sensitiveWords']);
    expect(settings.sensitiveWords).toEqual(['差评']);
    expect(settings.libraryUrl).toBeUndefined();
    expect(settings.agentId).toBe('A-1024');
    expect(problems.map((problem) => `${problem.from}:${problem.key}`)).toEqual(['policy:libraryUrl', 'policy:keepRawEventsDays', 'policy:agentId', 'policy:upload']);
    expect(problems.find((problem) => problem.key === 'agentId')?.message).toBe('not a setting a policy can manage');
    expect(problems.find((problem) => problem.key === 'upload')?.message).toMatch(/user/);
  });

  it('replaces a stored value this version cannot use by the default, keeping the rest', () => {
    const { settings, problems } = resolveSettings(DEFAULT_SETTINGS, { ...STORED_TODAY, locale: 'fr', crmSites: 'none', retired: true }, undefined);
    expect(settings).toEqual({ ...STORED_TODAY, locale: DEFAULT_SETTINGS.locale, crmSites: DEFAULT_SETTINGS.crmSites });
    expect(problems.map((problem) => `${problem.from}:${problem.key}`)).toEqual(['stored:locale', 'stored:crmSites']);
  });

  it('keeps an agent from editing what the policy locks, and lets the rest through', () => {
    const { locked } = resolveSettings(DEFAULT_SETTINGS, STORED_TODAY, { crmSites: [], sensitiveWords: ['投诉'] });
    expect(editableSettingsPatch({ crmSites: [], sidebarCollapsed: false, agentId: 'A-2048' }, locked)).toEqual({
      patch: { sidebarCollapsed: false, agentId: 'A-2048' },
      refused: ['crmSites'],
    });
  });

  it('never hands a CRM page the database addresses or passwords', () => {
    const { settings } = resolveSettings(DEFAULT_SETTINGS, STORED_TODAY, { upload: UPLOAD, centreReports: { ...UPLOAD, user: 'iceberg_report' } });
    const forPages = settingsForPages(settings);
    expect(JSON.stringify(forPages)).not.toMatch(/secret|clickhouse/);
    expect(forPages).toMatchObject({ uploadConfigured: true, agentId: 'A-1024' });
  });
});

describe("Chrome's managed_schema.json", () => {
  it(`${MANAGED_SCHEMA_PATH} is up to date (run \`npm run schema\`)`, () => {
    expect(committed(MANAGED_SCHEMA_PATH)).toBe(managedSchemaJson());
  });

  it('declares every setting a policy can manage, and nothing else', () => {
    expect(Object.keys(managedSchema().properties as object)).toEqual([...MANAGED_KEYS]);
  });

  it('uses only what Chrome accepts (it refuses to load an extension whose schema has more)', () => {
    const misuse: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      const allowed = CHROME_SCHEMA_ATTRIBUTES[node.type as string];
      if (!allowed) misuse.push(`${path}: type ${String(node.type)}`);
      for (const key of Object.keys(node)) if (!allowed?.includes(key)) misuse.push(`${path}: ${key}`);
      if (node.items) walk(node.items as Record<string, unknown>, `${path}[]`);
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) walk(child, `${path}.${key}`);
    };
    const schema = managedSchema();
    expect(Object.keys(schema)).toEqual(['type', 'properties']);
    walk(schema, '');
    expect(misuse).toEqual([]);
  });

  it('masks the upload and report passwords in chrome://policy', () => {
    const properties = managedSchema().properties as Record<string, { properties: Record<string, { sensitiveValue?: boolean }> }>;
    expect(properties.upload!.properties.key!.sensitiveValue).toBe(true);
    expect(properties.centreReports!.properties.key!.sensitiveValue).toBe(true);
  });

  it.each([
    ['the Linux policy file', linuxPolicy],
    ['the Windows registry file for Chrome', () => windowsPolicy('docs/centre/policy/chrome-windows.reg')],
    ['the Windows registry file for Edge', () => windowsPolicy('docs/centre/policy/edge-windows.reg')],
  ])('accepts %s, and Iceberg applies all of it', (_, policy) => {
    const value = policy();
    const chromeSchema = z.fromJSONSchema(managedSchema());
    expect(chromeSchema.safeParse(value).success).toBe(true);
    const inForce = resolveSettings(DEFAULT_SETTINGS, STORED_TODAY, value);
    expect(inForce.problems).toEqual([]);
    expect(inForce.locked).toEqual(MANAGED_KEYS.filter((key) => key in value));
    expect(inForce.locked).toContain('upload');
  });
});

describe('the agent id, read off the CRM page', () => {
  const rule = { selector: '.staff-no', urlPattern: '/agents/(\\d+)/' };
  const page = (texts: Record<string, string>) => (selector: string) => texts[selector] ?? null;
  const read = (url: string, texts: Record<string, string>) => readPageValue(rule, url, page(texts));

  it('comes from the page when the site has a rule and the page shows it', () => {
    expect(agentIdInForce(read('https://crm.example.com/desk', { '.staff-no': ' 8001 ' }), 'A-1')).toEqual({ agentId: '8001', from: 'page' });
    expect(agentIdInForce(read('https://crm.example.com/agents/8002/desk', {}), 'A-1')).toEqual({ agentId: '8002', from: 'page' });
  });

  it('falls back to the typed id without a rule, without a match, or with text that is no id', () => {
    expect(agentIdInForce(undefined, 'A-1')).toEqual({ agentId: 'A-1', from: 'typed' });
    expect(agentIdInForce(read('https://crm.example.com/desk', {}), 'A-1')).toEqual({ agentId: 'A-1', from: 'typed' });
    expect(agentIdInForce(read('https://crm.example.com/desk', { '.staff-no': 'x'.repeat(65) }), 'A-1')).toEqual({ agentId: 'A-1', from: 'typed' });
  });
});

describe("the extension's id, pinned by the manifest's key", () => {
  const key = /'(MII[A-Za-z0-9+/=]+)'/.exec(committed('wxt.config.ts'))![1]!;
  const id = [...createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32)]
    .map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16)))
    .join('');

  it('is the id the example policies and the IT page name', () => {
    expect(Object.keys((JSON.parse(committed('docs/centre/policy/chromium-linux.json')) as { '3rdparty': { extensions: object } })['3rdparty'].extensions)).toEqual([id]);
    for (const file of ['docs/centre/policy/chrome-windows.reg', 'docs/centre/policy/edge-windows.reg']) expect(committed(file)).toContain(`\\extensions\\${id}\\policy]`);
    expect(committed('docs/centre/README.md')).toContain(id);
    expect(committed('wxt.config.ts')).toContain(id);
  });
});
