import { problemPlace, type ImportProblem } from '@/knowledge/files/file-problems';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';
import type { Locale } from '@/knowledge/settings/settings';
import { encodingLabel, problemText } from './problem-text';

/** More rows than anyone reads on a page; the CLI lists every problem. */
const PROBLEMS_SHOWN = 500;

export interface ProblemTableProps {
  problems: readonly ImportProblem[];
  locale: Locale;
  /** Problems found in all, when only the first were kept (a merge keeps 1,000). */
  total?: number;
}

/**
 * The problems of a file the user brought in (library, taxonomy, click log, backup), from the
 * problem catalogue: where (file, row or line, table), column, the masked value, and what is
 * wrong and what to do, in the UI's language.
 */
export function ProblemTable(props: ProblemTableProps) {
  const t = problemText(props.locale);
  const lang = props.locale === 'en' ? 'en' : 'zh';
  const shown = props.problems.slice(0, PROBLEMS_SHOWN);
  if (shown.length === 0) return null;
  const files = new Set(shown.map((found) => found.file));
  const oneFile = files.size === 1 ? [...files][0] : undefined;
  const hidden = Math.max(props.total ?? props.problems.length, props.problems.length) - shown.length;
  return (
    <>
      <table class="iceberg-table iceberg-problems" data-table="problems">
        {oneFile !== undefined && <caption>{oneFile}</caption>}
        <thead>
          <tr>
            <th scope="col">{t.severity}</th>
            {files.size > 1 && <th scope="col">{t.file}</th>}
            <th scope="col">{t.where}</th>
            <th scope="col">{t.column}</th>
            <th scope="col">{t.value}</th>
            <th scope="col">{t.message}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((found, index) => (
            <tr
              key={index}
              data-problem-code={found.code}
              data-severity={found.severity}
              data-row={found.row ?? ''}
              data-line={found.line ?? ''}
              data-column={found.column ?? ''}
            >
              <td class={`iceberg-severity-${found.severity}`}>{t.severities[found.severity]}</td>
              {files.size > 1 && <td>{found.file ?? ''}</td>}
              <td>{problemPlace(found, lang)}</td>
              <td>{found.column ?? ''}</td>
              <td data-value>{found.value ?? ''}</td>
              <td>{found.message[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 && <p class="iceberg-help">{t.more(hidden)}</p>}
    </>
  );
}

/** The encoding a file was read in, and whether it was detected or chosen. */
export function EncodingNote(props: { encoding: TextEncodingName | null | undefined; detected?: boolean; locale: Locale }) {
  if (!props.encoding) return null;
  const t = problemText(props.locale);
  return (
    <span data-encoding-note>
      {t.readAs}: <strong data-encoding={props.encoding}>{encodingLabel(props.encoding)}</strong>
      {props.detected === false ? t.chosen : t.detected}
    </span>
  );
}
