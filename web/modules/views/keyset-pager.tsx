import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export const PAGE_SIZES = [20, 50, 100, 200];

/**
 * Previous / next paging over keyset cursors: deep pages cost the same as the first, at any list size. The total
 * comes with the first page; past a threshold it is the database's estimate, shown as such.
 */
export function KeysetPager({ page, hasNext, onPrev, onNext, pageSize, onPageSize, total, estimated, loading }: {
  page: number;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  pageSize: number;
  onPageSize: (size: number) => void;
  total: number | null | undefined;
  estimated?: boolean;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }} data-testid="keyset-pager">
      <Typography.Text type="secondary">
        {total === null || total === undefined ? '' : estimated ? t('views.totalEstimated', { count: total }) : t('common.total', { count: total })}
      </Typography.Text>
      <Space wrap>
        <Button icon={<LeftOutlined />} disabled={page <= 1 || loading} onClick={onPrev}>
          {t('views.prevPage')}
        </Button>
        <Typography.Text style={{ whiteSpace: 'nowrap' }}>{t('views.page', { page })}</Typography.Text>
        <Button disabled={!hasNext || loading} onClick={onNext}>
          {t('views.nextPage')} <RightOutlined />
        </Button>
        <Select<number>
          value={pageSize}
          onChange={onPageSize}
          options={PAGE_SIZES.map((n) => ({ value: n, label: t('views.perPage', { count: n }) }))}
          aria-label={t('views.pageSize')}
          style={{ width: 110 }}
        />
      </Space>
    </Flex>
  );
}
