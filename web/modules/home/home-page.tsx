import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { BellOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useCan, useMe, useTimeZone } from '../../lib/session.ts';
import { WorklistCards } from './worklist-cards.tsx';

/** The desktop (UI-05): who you are and what waits for you, work lists first. */
export function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const can = useCan();
  const tz = useTimeZone();
  const unread = useQuery({ queryKey: ['notifications', 'unread-count'], queryFn: () => api.get<{ unread: number }>('/notifications/unread-count') });
  const pending = useQuery({
    queryKey: ['registrations', 'count'],
    queryFn: () => api.get<{ total: number }>('/registrations', { status: 'pending', limit: 1 }),
    enabled: can('user:approve'),
  });
  // The newest successful sign-in is this session's own; the one before it is what "last sign-in" means.
  const history = useQuery({
    queryKey: ['login-history', 'home'],
    queryFn: () => api.get<{ items: { at: string; ip: string | null; success: boolean }[] }>('/auth/login-history', { limit: 20 }),
  });
  const previous = history.data?.items.filter((e) => e.success)[1];
  const users = useQuery({ queryKey: ['users', 'count'], queryFn: () => api.get<{ total: number }>('/users', { limit: 1 }), enabled: can('user:view') });
  const [team, setTeam] = useState(false);
  if (!me) return null;
  return (
    <>
      <Typography.Title level={3}>{t('home.welcome', { name: me.user.name })}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('home.intro')} {previous && t('home.lastLogin', { time: formatDateTime(previous.at, tz), ip: previous.ip ?? '—' })}
      </Typography.Paragraph>
      <WorklistCards team={team} onTeamChange={setTeam} />
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={8}>
          <Link to="/notifications">
            <Card hoverable>
              <Statistic title={t('home.unreadNotifications')} value={unread.data?.unread ?? 0} prefix={<BellOutlined />} />
            </Card>
          </Link>
        </Col>
        {can('user:approve') && (
          <Col xs={24} sm={12} lg={8}>
            <Link to="/admin/registrations">
              <Card hoverable>
                <Statistic title={t('home.pendingRegistrations')} value={pending.data?.total ?? 0} prefix={<SolutionOutlined />} />
              </Card>
            </Link>
          </Col>
        )}
        {can('user:view') && (
          <Col xs={24} sm={12} lg={8}>
            <Link to="/admin/users">
              <Card hoverable>
                <Statistic title={t('home.users')} value={users.data?.total ?? 0} prefix={<TeamOutlined />} />
              </Card>
            </Link>
          </Col>
        )}
      </Row>
    </>
  );
}
