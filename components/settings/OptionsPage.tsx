import { useCallback, useEffect } from 'preact/hooks';
import { usePageData } from '@/components/shared/usePageData';
import { DEFAULT_SENSITIVE_WORDS } from '@/knowledge/search/sensitive-words';
import type { OptionsBackend, OptionsPageData } from '@/storage/pages/options';
import { SettingsForm } from './SettingsForm';
import { CentreSettings, PolicyNotice } from './CentreSettings';

/** The settings page: the settings in force, drawn by `SettingsForm`, read again after each change (a policy's too). */
export function OptionsPage(props: { backend: OptionsBackend }) {
  const { backend } = props;
  const load = useCallback(() => backend.load(), [backend]);
  const { data, reload } = usePageData<OptionsPageData>(load);
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
