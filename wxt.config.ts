import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

export default defineConfig({
  // Extension icons (rendered from components/shared/icons/iceberg.svg); WXT finds icon/<size>.png here.
  publicDir: 'components/shared/icons',
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Iceberg 冰山 · 广义投诉点击',
    description:
      'One-click generalized-complaint tagging and case-library scripts for call-centre agents, docked in the web CRM.',
    // clipboardWrite: the sidebar's "copy script" must work even where a CRM's permissions policy blocks the Clipboard API.
    permissions: ['storage', 'scripting', 'sidePanel', 'unlimitedStorage', 'clipboardWrite'],
    // The demo CRM on loopback works out of the box; real CRM hosts are asked for at runtime.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Iceberg 冰山' },
    // The in-page sidebar is this extension page in an iframe. Only through the session's dynamic
    // URL, which a CRM page cannot guess: a page cannot load it, nor tell the extension is there.
    web_accessible_resources: [{ resources: ['sidebar-frame.html'], matches: ['https://*/*', 'http://*/*'], use_dynamic_url: true }],
  },
});
