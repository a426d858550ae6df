import { useQuery } from '@tanstack/react-query';
import { Badge } from 'antd';
import { approvalsApi, approvalsKeys } from './approvals.api.ts';

/** The menu entry's count of requests waiting for the user, refreshed like the notification bell. */
export function ApprovalsBadge() {
  const { data } = useQuery({ queryKey: approvalsKeys.count, queryFn: approvalsApi.inboxCount, refetchInterval: 60_000 });
  return <Badge count={data?.count ?? 0} size="small" offset={[6, -2]} data-testid="approvals-badge" />;
}
