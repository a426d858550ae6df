import { useMemo, useState, type Key, type ReactNode } from 'react';
import { ApartmentOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Grid, Popconfirm, Row, Skeleton, Space, Tag, Tooltip, Tree, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RequirePermission } from '../../components/require-permission.tsx';
import { useCan } from '../../lib/session.ts';
import { DepartmentFormModal, type DepartmentDialog } from './department-form-modal.tsx';
import { buildTree, mapTree } from './org-tree.ts';
import { departmentsKey, orgchartApi, positionsKey, useDepartments, usePositions, type Department, type Position } from './orgchart.api.ts';
import { PositionFormModal, type PositionDialog } from './position-form-modal.tsx';
import { useDialog } from './use-dialog.ts';
import { useErrorHandler } from '../../lib/forms.ts';

interface TreeItem {
  key: string;
  title: ReactNode;
  children: TreeItem[];
}

export function OrgchartPage() {
  return (
    <RequirePermission permissions={['org:view']}>
      <Orgchart />
    </RequirePermission>
  );
}

/** Keys of the collapsed nodes: remembering these rather than the expanded ones keeps newly added nodes open. */
function useCollapsed(allIds: string[]) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const expandedKeys = allIds.filter((id) => !collapsed.has(id));
  const onExpand = (keys: Key[]) => {
    const open = new Set(keys.map(String));
    setCollapsed(new Set(allIds.filter((id) => !open.has(id))));
  };
  return { expandedKeys, onExpand };
}

function Orgchart() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const departments = useDepartments();
  const positions = usePositions();
  const depts = useMemo(() => departments.data ?? [], [departments.data]);
  const allPositions = useMemo(() => positions.data ?? [], [positions.data]);
  const [selectedId, setSelectedId] = useState<string>();
  const [selectedPositionId, setSelectedPositionId] = useState<string>();
  // Wide screens label the department buttons; on a phone they shrink to icons with tooltips.
  const labelled = Boolean(Grid.useBreakpoint().lg);
  const departmentDialog = useDialog<DepartmentDialog>();
  const positionDialog = useDialog<PositionDialog>();

  const deptTree = useMemo(() => buildTree(depts), [depts]);
  // Until the user picks one, the first top-level department is shown, so the right pane is never idle.
  const selected = depts.find((d) => d.id === selectedId) ?? deptTree[0]?.item;
  const byId = useMemo(() => new Map(depts.map((d) => [d.id, d])), [depts]);
  const positionById = useMemo(() => new Map(allPositions.map((p) => [p.id, p])), [allPositions]);
  const ownPositions = useMemo(() => allPositions.filter((p) => p.departmentId === selected?.id), [allPositions, selected]);
  const positionTree = useMemo(() => buildTree(ownPositions), [ownPositions]);
  const deptExpansion = useCollapsed(depts.map((d) => d.id));
  const positionExpansion = useCollapsed(ownPositions.map((p) => p.id));

  const removeDepartment = useMutation({
    mutationFn: (d: Department) => orgchartApi.deleteDepartment(d.id),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      setSelectedId(undefined);
      await qc.invalidateQueries({ queryKey: departmentsKey });
    },
    onError: (err) => onError(err),
  });
  const removePosition = useMutation({
    mutationFn: (p: Position) => orgchartApi.deletePosition(p.id),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      setSelectedPositionId(undefined);
      await qc.invalidateQueries({ queryKey: positionsKey });
    },
    onError: (err) => onError(err),
  });

  const departmentItems = mapTree<Department, TreeItem>(deptTree, (d, children) => ({
    key: d.id,
    title: (
      <span>
        {d.name}
        <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
          {t('orgchart.memberCount', { count: d.memberCount })}
        </Typography.Text>
      </span>
    ),
    children,
  }));

  const positionActions = (p: Position) => (
    <Space size={0} onClick={(e) => e.stopPropagation()}>
      {can('org:create') && (
        <Tooltip title={t('orgchart.addSubordinate')}>
          <Button
            type="text"
            size="small"
            icon={<PlusOutlined />}
            aria-label={t('orgchart.addSubordinate')}
            onClick={() => positionDialog.show({ mode: 'create', departmentId: p.departmentId, parentId: p.id })}
          />
        </Tooltip>
      )}
      {can('org:edit') && (
        <Tooltip title={t('common.edit')}>
          <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => positionDialog.show({ mode: 'edit', position: p })} />
        </Tooltip>
      )}
      {can('org:delete') && (
        <Popconfirm
          title={t('orgchart.deletePositionConfirm', { name: p.name })}
          description={t('common.confirmDelete')}
          okButtonProps={{ danger: true, loading: removePosition.isPending }}
          onConfirm={() => removePosition.mutateAsync(p).catch(() => undefined)}
        >
          <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
        </Popconfirm>
      )}
    </Space>
  );

  const positionItems = mapTree<Position, TreeItem>(positionTree, (p, children) => {
    const superior = p.parentId ? positionById.get(p.parentId) : undefined;
    const elsewhere = superior && superior.departmentId !== p.departmentId ? superior : undefined;
    return {
      key: p.id,
      title: (
        <Flex align="center" gap={8} wrap>
          <span>{p.name}</span>
          <Tag color={p.holderCount ? 'blue' : undefined} variant="filled">
            {t('orgchart.holderCount', { count: p.holderCount })}
          </Tag>
          {elsewhere && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('orgchart.superiorElsewhere', { name: elsewhere.name, department: byId.get(elsewhere.departmentId)?.name ?? '—' })}
            </Typography.Text>
          )}
          {selectedPositionId === p.id && positionActions(p)}
        </Flex>
      ),
      children,
    };
  });

  const loading = departments.isLoading || positions.isLoading;
  const parent = selected?.parentId ? byId.get(selected.parentId) : undefined;

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.orgchart')}
        </Typography.Title>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10} xl={8}>
          <Card
            title={t('orgchart.departments')}
            extra={
              can('org:create') && (
                <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => departmentDialog.show({ mode: 'create', parentId: null })}>
                  {t('orgchart.newTopDepartment')}
                </Button>
              )
            }
          >
            {loading ? (
              <Skeleton active />
            ) : departmentItems.length ? (
              <Tree<TreeItem>
                blockNode
                showLine
                treeData={departmentItems}
                selectedKeys={selected ? [selected.id] : []}
                expandedKeys={deptExpansion.expandedKeys}
                onExpand={deptExpansion.onExpand}
                onSelect={(keys) => {
                  // Clicking the selected node again keeps it selected instead of leaving the pane empty.
                  if (keys.length) {
                    setSelectedId(String(keys[0]));
                    setSelectedPositionId(undefined);
                  }
                }}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgchart.noDepartments')}>
                {can('org:create') && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => departmentDialog.show({ mode: 'create', parentId: null })}>
                    {t('orgchart.newDepartment')}
                  </Button>
                )}
              </Empty>
            )}
          </Card>
        </Col>
        <Col xs={24} md={14} xl={16}>
          {loading ? (
            <Card>
              <Skeleton active />
            </Card>
          ) : !selected ? (
            <Card>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgchart.selectDepartment')} />
            </Card>
          ) : (
            <Card
              title={
                <Space>
                  <ApartmentOutlined />
                  {selected.name}
                </Space>
              }
              extra={
                <Space wrap size={4}>
                  {can('org:create') && (
                    <Tooltip title={labelled ? undefined : t('orgchart.addChild')}>
                      <Button size="small" icon={<PlusOutlined />} aria-label={t('orgchart.addChild')} onClick={() => departmentDialog.show({ mode: 'create', parentId: selected.id })}>
                        {labelled && t('orgchart.addChild')}
                      </Button>
                    </Tooltip>
                  )}
                  {can('org:edit') && (
                    <>
                      <Tooltip title={labelled ? undefined : t('orgchart.rename')}>
                        <Button size="small" icon={<EditOutlined />} aria-label={t('orgchart.rename')} onClick={() => departmentDialog.show({ mode: 'edit', department: selected })}>
                          {labelled && t('orgchart.rename')}
                        </Button>
                      </Tooltip>
                      <Tooltip title={labelled ? undefined : t('orgchart.move')}>
                        <Button size="small" icon={<SwapOutlined />} aria-label={t('orgchart.move')} onClick={() => departmentDialog.show({ mode: 'move', department: selected })}>
                          {labelled && t('orgchart.move')}
                        </Button>
                      </Tooltip>
                    </>
                  )}
                  {can('org:delete') && (
                    <Popconfirm
                      title={t('orgchart.deleteDepartmentConfirm', { name: selected.name })}
                      description={t('common.confirmDelete')}
                      okButtonProps={{ danger: true, loading: removeDepartment.isPending }}
                      onConfirm={() => removeDepartment.mutateAsync(selected).catch(() => undefined)}
                    >
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')}>
                        {labelled && t('common.delete')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              }
            >
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                style={{ marginBottom: 16 }}
                items={[
                  { key: 'parent', label: t('orgchart.parentDepartment'), children: parent?.name ?? t('orgchart.topLevel') },
                  { key: 'members', label: t('orgchart.members'), children: t('orgchart.memberCount', { count: selected.memberCount }) },
                ]}
              />
              <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                <Typography.Text strong>{t('orgchart.positions')}</Typography.Text>
                {can('org:create') && (
                  <Button size="small" type="primary" ghost icon={<PlusOutlined />} onClick={() => positionDialog.show({ mode: 'create', departmentId: selected.id, parentId: null })}>
                    {t('orgchart.newPosition')}
                  </Button>
                )}
              </Flex>
              {positionItems.length ? (
                <Tree<TreeItem>
                  blockNode
                  showLine
                  treeData={positionItems}
                  selectedKeys={selectedPositionId ? [selectedPositionId] : []}
                  expandedKeys={positionExpansion.expandedKeys}
                  onExpand={positionExpansion.onExpand}
                  onSelect={(keys) => setSelectedPositionId(keys.length ? String(keys[0]) : undefined)}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgchart.noPositions')} />
              )}
              {positionItems.length > 0 && (can('org:edit') || can('org:delete')) && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
                  {t('orgchart.positionHint')}
                </Typography.Paragraph>
              )}
            </Card>
          )}
        </Col>
      </Row>
      <DepartmentFormModal
        open={departmentDialog.open}
        dialog={departmentDialog.data}
        departments={depts}
        onClose={departmentDialog.hide}
        onSaved={(d) => {
          departmentDialog.hide();
          setSelectedId(d.id);
        }}
      />
      <PositionFormModal
        open={positionDialog.open}
        dialog={positionDialog.data}
        positions={allPositions}
        onClose={positionDialog.hide}
        onSaved={(p) => {
          positionDialog.hide();
          setSelectedId(p.departmentId);
          setSelectedPositionId(p.id);
        }}
      />
    </>
  );
}
