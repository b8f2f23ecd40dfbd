import reportRows from '../../docs/centre/queries/report-rows.sql?raw';
import reportBreakdowns from '../../docs/centre/queries/report-breakdowns.sql?raw';
import reportChoices from '../../docs/centre/queries/report-choices.sql?raw';
import type { CentreQueries } from '@/knowledge/centre/centre-report';

/** The documented queries themselves (docs/centre/queries), bundled into the extension. */
export const CENTRE_QUERIES: CentreQueries = { reportRows, reportBreakdowns, reportChoices };
