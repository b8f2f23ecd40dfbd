import { useCallback, useEffect, useState } from 'preact/hooks';
import { DEFAULT_SENSITIVE_WORDS } from '@/knowledge/search/sensitive-words';
import type { OptionsBackend, OptionsPageData } from '@/storage/pages/options';
import { SettingsForm } from './SettingsForm';

/** The settings page: the settings in force, drawn by `SettingsForm`, read again after each change. */
export function OptionsPage(props: { backend: OptionsBackend }) {
  const { backend } = props;
  const [data, setData] = useState<OptionsPageData | null>(null);
  const reload = useCallback(() => backend.load().then(setData), [backend]);
  useEffect(() => void reload(), [reload]);
  if (!data) return null;
  return (
    <SettingsForm
      settings={data.settings}
      granted={data.granted}
      storage={data.storage}
      defaultSensitiveWords={DEFAULT_SENSITIVE_WORDS}
      onSave={async (patch) => {
        await backend.save(patch);
        await reload();
      }}
      onGrant={async (pattern) => {
        const granted = await backend.grant(pattern);
        await reload();
        return granted;
      }}
      onPreview={(pattern, rule) => backend.preview(pattern, rule)}
    />
  );
}
