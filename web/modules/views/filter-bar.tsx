import { useState } from 'react';
import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Col, Drawer, Flex, Form, Grid, Row, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Filters } from './list-state.ts';
import { filterParams, type ListField } from './list-fields.ts';
import { describeFilter, FilterControl } from './filter-controls.tsx';

interface Props<Row> {
  fields: ListField<Row>[];
  filters: Filters;
  onChange: (next: Filters) => void;
  /** Parameters the list sets by other means (the built-in view's scope): kept on reset, not shown as chips. */
  fixedParams?: string[];
}

/**
 * Quick filters above the list, an advanced filter drawer with every filterable field (ranges, region, tags,
 * owners, custom fields), and the conditions in effect as chips that remove themselves.
 */
export function FilterBar<Row>({ fields, filters, onChange, fixedParams = [] }: Props<Row>) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Filters>(filters);
  const filterable = fields.filter((f) => f.filter);
  const quick = filterable.filter((f) => f.quick);
  const patch = (p: Filters) => onChange(Object.fromEntries(Object.entries({ ...filters, ...p }).filter(([, v]) => v !== '')));
  const clear = (params: string[]) => onChange(Object.fromEntries(Object.entries(filters).filter(([k]) => !params.includes(k))));
  const fixed = Object.fromEntries(Object.entries(filters).filter(([k]) => fixedParams.includes(k)));
  const active = filterable
    .map((f) => ({ field: f, params: filterParams(f.filter!), text: describeFilter(f, filters, t) }))
    .filter((a) => a.text !== undefined && !a.params.every((p) => fixedParams.includes(p)));

  const openDrawer = () => {
    setDraft(filters);
    setOpen(true);
  };

  return (
    <>
      <Row gutter={[8, 8]} style={{ marginBottom: 8 }}>
        {quick.map((f) => (
          <Col key={f.key} xs={24} sm={12} md={8} lg={f.filter!.kind === 'text' ? 6 : 4}>
            <FilterControl def={f.filter!} label={f.title} filters={filters} onChange={patch} />
          </Col>
        ))}
        <Col>
          <Space>
            <Badge count={active.length} size="small">
              <Button icon={<FilterOutlined />} onClick={openDrawer} data-testid="advanced-filter">
                {t('views.advancedFilter')}
              </Button>
            </Badge>
            <Button onClick={() => onChange(fixed)} disabled={!active.length}>
              {t('common.reset')}
            </Button>
          </Space>
        </Col>
      </Row>
      {active.length > 0 && (
        <Flex wrap gap={4} style={{ marginBottom: 8 }} data-testid="active-filters">
          {active.map((a) => (
            <Tag key={a.field.key} closable onClose={() => clear(a.params)}>
              {t('views.chip', { label: a.field.title, value: a.text })}
            </Tag>
          ))}
        </Flex>
      )}
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('views.advancedFilter')}
        size={screens.md ? 520 : '100%'}
        destroyOnHidden
        footer={
          <Flex justify="space-between">
            <Button onClick={() => setDraft(fixed)}>{t('views.clearAll')}</Button>
            <Space>
              <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                onClick={() => {
                  onChange(Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== '')));
                  setOpen(false);
                }}
              >
                {t('views.applyFilter')}
              </Button>
            </Space>
          </Flex>
        }
      >
        <Form layout="vertical" component="div">
          {filterable.map((f) => (
            <Form.Item key={f.key} label={f.title} style={{ marginBottom: 12 }}>
              <FilterControl
                def={f.filter!}
                label={f.title}
                filters={draft}
                draft
                onChange={(p) => setDraft((d) => ({ ...d, ...p }))}
              />
            </Form.Item>
          ))}
        </Form>
      </Drawer>
    </>
  );
}
