import path from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * The public half of the key that fixes Iceberg's extension id (klbkbfehllkjhlgoaoffpikanglmlgag),
 * so a policy can name it. A centre that packs its own build sets ICEBERG_EXTENSION_KEY to its
 * own key's public half (docs/centre/README.md).
 */
const EXTENSION_KEY =
  process.env.ICEBERG_EXTENSION_KEY ??
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxpHTX3U4oVUogXJlckEUFlEflJ4REXhJ8oe4VTmuUsC8xAeXNXP2yY/dygv0rId8rT8D/1iG+BIW4Fa1RkDPk8239dBr3NpQlJjs2hv20Mzk+LBj+8hoqMyuhA+8+tyNzA7+VI0fxoU3l0mdUo2GVHB9A0OJiDXJAkVUUBu5tiCp+qeebzkj+IHEU7jOM/15vxXSfXFnFDulXIMPTFKJRdHN5p7BmpmkW8iCDLa2nyq8uKzgY3SgGYeUzL/xFbMyUhhAcsvwQISCWVKmCsYItMFQEUiz2sRv6o930HFHr3z/Iz93u5vs//VOJaOr29CRm7GDW8YPABz/lSSvbD7ttwIDAQAB';

/**
 * A centre's own hosts, granted at install without a prompt (a force-installed extension's
 * manifest hosts are): its CRM, ClickHouse and file server, e.g. ICEBERG_GRANTED_HOSTS=
 * "https://crm.centre.example/* https://clickhouse.centre.example:8443/* https://files.centre.example/*".
 * Without them, the settings page asks once per host (the browser's prompt).
 */
const GRANTED_HOSTS = (process.env.ICEBERG_GRANTED_HOSTS ?? '').split(/[\s,]+/).filter(Boolean);

export default defineConfig({
  // Extension icons (rendered from components/shared/icons/iceberg.svg); WXT finds icon/<size>.png here.
  publicDir: 'components/shared/icons',
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    'build:publicAssets': (wxt, files) => {
      files.push({ absoluteSrc: path.join(wxt.config.root, 'docs/centre/managed_schema.json'), relativeDest: 'managed_schema.json' });
    },
  },
  manifest: {
    name: 'Iceberg 冰山 · 广义投诉点击',
    description:
      'One-click generalized-complaint tagging and case-library scripts for call-centre agents, docked in the web CRM.',
    // clipboardWrite: the sidebar's "copy script" must work even where a CRM's permissions policy blocks the Clipboard API.
    // alarms: uploads and library checks are scheduled while the service worker sleeps.
    permissions: ['storage', 'scripting', 'sidePanel', 'unlimitedStorage', 'clipboardWrite', 'alarms'],
    // The demo CRM on loopback works out of the box; real CRM hosts are asked for at runtime.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*', ...GRANTED_HOSTS],
    key: EXTENSION_KEY,
    // What a centre's policy may set (chrome://policy shows it), generated from the settings schema.
    storage: { managed_schema: 'managed_schema.json' },
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Iceberg 冰山' },
    // The in-page sidebar is this extension page in an iframe. Only through the session's dynamic
    // URL, which a CRM page cannot guess: a page cannot load it, nor tell the extension is there.
    web_accessible_resources: [{ resources: ['sidebar-frame.html'], matches: ['https://*/*', 'http://*/*'], use_dynamic_url: true }],
  },
});
