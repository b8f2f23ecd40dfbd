import type { DashboardBackend } from '@/storage/pages/dashboard';
import { Dashboard } from './Dashboard';
import { useDashboard } from './useDashboard';

/** The dashboard page (QA 与组长看板): its state over the backend, drawn by `Dashboard`. */
export function DashboardPage(props: { backend: DashboardBackend; today: string }) {
  const dashboard = useDashboard(props.backend, props.today);
  return dashboard ? <Dashboard {...dashboard} /> : null;
}
