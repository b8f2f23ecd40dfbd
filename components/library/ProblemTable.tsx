import { problemPlace, type ImportProblem } from '@/knowledge/files/file-problems';
import type { LibraryText } from './library-text';

const MAX_PROBLEMS_SHOWN = 500;

/** Every problem of a checked file with its row (or entry) and column, as the checks found them. */
export function ProblemTable(props: { problems: readonly ImportProblem[]; t: LibraryText; lang: 'zh' | 'en' }) {
  const { t } = props;
  if (props.problems.length === 0) return <p>{t.noProblems}</p>;
  return (
    <table class="iceberg-table" data-table="problems">
      <thead>
        <tr>
          <th scope="col">{t.where}</th>
          <th scope="col">{t.column}</th>
          <th scope="col">{t.reason}</th>
        </tr>
      </thead>
      <tbody>
        {props.problems.slice(0, MAX_PROBLEMS_SHOWN).map((found, index) => (
          <tr key={index} data-problem-code={found.code} data-severity={found.severity} data-row={found.row ?? ''}>
            <td>{problemPlace(found, props.lang)}</td>
            <td>{found.column ?? ''}</td>
            <td>{found.message[props.lang]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
