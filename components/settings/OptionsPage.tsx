import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_SENSITIVE_WORDS } from '@/knowledge/search/sensitive-words';
import type { OptionsBackend, OptionsPageData } from '@/storage/pages/options';
import { SettingsForm } from './SettingsForm';
import { CentreSettings, PolicyNotice } from './CentreSettings';

/** The settings page: the settings in force, drawn by `SettingsForm`, read again after each change (a policy's too). */
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
  useEffect(() => backend.onChange(() => void reload()), [backend, reload]);
  if (!data) return null;
  const locale = data.settings.locale;
  return (
    <SettingsForm
      // A policy change redraws the form with the values in force.
      key={JSON.stringify(data.locked)}
      settings={data.settings}
      locked={data.locked}
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
      policy={<PolicyNotice locale={locale} locked={data.locked} problems={data.problems} />}
      centre={
        <CentreSettings
          locale={locale}
          settings={data.settings}
          locked={data.locked}
          problems={data.problems}
          centre={data.centre}
          taxonomySubscription={data.taxonomySubscription}
          ungrantedCentreHosts={data.ungrantedCentreHosts}
          onSave={async (patch) => {
            await backend.save(patch);
            await reload();
          }}
          onGrantCentreHost={async (pattern) => {
            const granted = await backend.grantCentreHost(pattern);
            await reload();
            return granted;
          }}
          onUploadNow={async () => {
            await backend.uploadNow();
            await reload();
          }}
        />
      }
    />
  );
}
