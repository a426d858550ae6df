import { useMemo } from 'react';
import { TreeSelect, type TreeSelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCanAny } from '../../lib/session.ts';
import { buildTree, mapTree } from './org-tree.ts';
import { useDepartments, usePositions, type Department, type Position } from './orgchart.api.ts';
import { ORG_PICKERS } from '../../../shared/permissions.ts';

interface SelectNode {
  value: string;
  title: string;
  disabled?: boolean;
  selectable?: boolean;
  children: SelectNode[];
}

type DepartmentSelectProps = Omit<TreeSelectProps<string | null>, 'treeData' | 'multiple'> & {
  /** Departments that cannot be chosen (a department cannot move under itself or its descendants). */
  disabledIds?: ReadonlySet<string>;
};

/** One department out of the organisation's tree; used by the user forms, the user filter and the orgchart. */
export function DepartmentTreeSelect({ disabledIds, ...props }: DepartmentSelectProps) {
  const { t } = useTranslation();
  const canAny = useCanAny();
  const allowed = canAny(...ORG_PICKERS);
  const { data = [], isLoading } = useDepartments(allowed);
  const treeData = useMemo(
    () =>
      mapTree<Department, SelectNode>(buildTree(data), (d, children) => ({
        value: d.id,
        title: d.name,
        disabled: disabledIds?.has(d.id),
        children,
      })),
    [data, disabledIds],
  );
  return (
    <TreeSelect<string | null>
      treeData={treeData}
      loading={isLoading}
      disabled={!allowed}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear
      placeholder={t('orgchart.departmentPlaceholder')}
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}

type PositionSelectProps = Omit<TreeSelectProps<string[] | string | null>, 'treeData'> & {
  disabledIds?: ReadonlySet<string>;
};

/**
 * Positions grouped under their departments (the department nodes only group, they cannot be chosen), each
 * department's positions nested by superior. With `multiple` the first chosen position is the primary one.
 */
export function PositionTreeSelect({ disabledIds, ...props }: PositionSelectProps) {
  const { t } = useTranslation();
  const canAny = useCanAny();
  const allowed = canAny(...ORG_PICKERS);
  const departments = useDepartments(allowed);
  const positions = usePositions(allowed);
  const treeData = useMemo(() => {
    const all = positions.data ?? [];
    const toNodes = (list: Position[]) =>
      mapTree<Position, SelectNode>(buildTree(list), (p, children) => ({ value: p.id, title: p.name, disabled: disabledIds?.has(p.id), children }));
    const prune = (nodes: SelectNode[]): SelectNode[] =>
      nodes
        .map((n) => ({ ...n, children: prune(n.children) }))
        .filter((n) => n.selectable !== false || n.children.length);
    const grouped = mapTree<Department, SelectNode>(buildTree(departments.data ?? []), (d, children) => ({
      value: `department:${d.id}`,
      title: d.name,
      selectable: false,
      children: [...toNodes(all.filter((p) => p.departmentId === d.id)), ...children],
    }));
    // Departments without positions anywhere below them would only be dead ends in the list.
    return prune(grouped);
  }, [departments.data, positions.data, disabledIds]);
  return (
    <TreeSelect
      treeData={treeData}
      loading={departments.isLoading || positions.isLoading}
      disabled={!allowed}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear
      placeholder={t('orgchart.positionsPlaceholder')}
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}
