import type { ReactNode } from 'react';
import { AuditOutlined, CalendarOutlined, ExclamationCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import { Badge, Card, Col, Empty, Flex, List, Row, Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/session.ts';
import { useWorklistSummary, type Section } from './worklists.api.ts';

/** "999+" once the server stopped counting. */
export const countText = (s: Pick<Section<unknown>, 'count' | 'capped'>) => (s.capped ? `${s.count}+` : String(s.count));

function WorklistCard<T>({ testId, title, icon, section, to, danger, renderItem }: {
  testId: string;
  title: string;
  icon: ReactNode;
  section: Section<T>;
  to: string;
  danger?: boolean;
  renderItem: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid={testId}
      title={
        <Flex align="center" gap={8}>
          {icon}
          <span>{title}</span>
          <Badge count={countText(section)} showZero color={danger && section.count ? '#f5222d' : section.count ? '#1677ff' : '#bfbfbf'} overflowCount={Infinity} />
        </Flex>
      }
      extra={<Link to={to}>{t('worklists.viewAll')}</Link>}
      style={{ height: '100%' }}
    >
      <List<T>
        size="small"
        dataSource={section.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('worklists.nothing')} /> }}
        renderItem={(item) => <List.Item style={{ paddingInline: 0 }}>{renderItem(item)}</List.Item>}
      />
    </Card>
  );
}

/**
 * The home page's work lists (ACT-05, CAL-04): customers to contact today, overdue contacts, customers about to
 * return to the pool, approvals waiting for me; each with its count, the first few and a link to the full list.
 */
export function WorklistCards({ team, onTeamChange }: { team: boolean; onTeamChange: (team: boolean) => void }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const { data } = useWorklistSummary(team);
  if (!data) return null;
  const customerLink = (c: { id: string; name: string }) => <Link to={`/customers/${c.id}`}>{c.name}</Link>;
  const when = (text: string) => (
    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
      {text}
    </Typography.Text>
  );
  const suffix = team ? '?team=true' : '';

  return (
    <>
      {data.today && (
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <Segmented<'mine' | 'team'>
            size="small"
            value={team ? 'team' : 'mine'}
            onChange={(v) => onTeamChange(v === 'team')}
            options={[
              { value: 'mine', label: t('worklists.mine') },
              { value: 'team', label: t('worklists.team') },
            ]}
            aria-label={t('worklists.whose')}
          />
        </Flex>
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {data.today && (
          <Col xs={24} md={12} xl={6}>
            <WorklistCard
              testId="worklist-today"
              title={t('worklists.today')}
              icon={<CalendarOutlined />}
              section={data.today}
              to={`/worklists/today${suffix}`}
              renderItem={(c) => (
                <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                  {customerLink(c)}
                  {when(formatDateTime(c.nextContactAt, tz).slice(11))}
                </Flex>
              )}
            />
          </Col>
        )}
        {data.overdue && (
          <Col xs={24} md={12} xl={6}>
            <WorklistCard
              testId="worklist-overdue"
              title={t('worklists.overdue')}
              icon={<ExclamationCircleOutlined />}
              section={data.overdue}
              to={`/worklists/overdue${suffix}`}
              danger
              renderItem={(c) => (
                <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                  {customerLink(c)}
                  {when(formatDate(c.nextContactAt, tz))}
                </Flex>
              )}
            />
          </Col>
        )}
        {data.returning && (
          <Col xs={24} md={12} xl={6}>
            <WorklistCard
              testId="worklist-returning"
              title={t('worklists.returning')}
              icon={<RollbackOutlined />}
              section={data.returning}
              to="/worklists/returning"
              danger
              renderItem={(c) => (
                <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                  {customerLink(c)}
                  {when(formatDate(c.dueAt, tz))}
                </Flex>
              )}
            />
          </Col>
        )}
        <Col xs={24} md={12} xl={6}>
          <WorklistCard
            testId="worklist-approvals"
            title={t('worklists.approvals')}
            icon={<AuditOutlined />}
            section={data.approvals}
            to="/worklists/approvals"
            renderItem={(a) => (
              <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                <span>
                  {a.recordLink ? <Link to={a.recordLink}>{a.recordLabel}</Link> : a.recordLabel}{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`worklists.action.${a.action}`)}
                  </Typography.Text>
                </span>
                {when(a.submitter.name)}
              </Flex>
            )}
          />
        </Col>
      </Row>
    </>
  );
}
