import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_SENSITIVE_WORDS } from '@/knowledge/search/sensitive-words';
import type { OptionsBackend, OptionsPageData } from '@/storage/pages/options';
import { SettingsForm } from './SettingsForm';

/** The settings page: the settings in force, drawn by `SettingsForm`, read again after each change. */
export function OptionsPage(props: { backend: OptionsBackend }) {
  const { backend } = props;
  const [data, setData] = useState<OptionsPageData | null>(null);
  // Saving a site and granting its permission each read the settings again; a read that started
  // before the save committed must not draw over one that started after it.
  const lastRead = useRef(0);
  const reload = useCallback(() => {
    const read = ++lastRead.current;
    return backend.load().then((loaded) => {
      if (read === lastRead.current) setData(loaded);
    });
  }, [backend]);
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
