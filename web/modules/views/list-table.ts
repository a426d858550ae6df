import type { TableColumnsType, TableProps } from 'antd';
import type { ListField } from './list-fields.ts';
import type { Sort } from './list-state.ts';

/** Table columns for the visible fields; sortable ones sort on the server through their header. */
export function tableColumns<Row>(fields: ListField<Row>[], sort: Sort | undefined, defaultSort: Sort): TableColumnsType<Row> {
  const active = sort ?? defaultSort;
  return fields.map((f) => ({
    key: f.key,
    title: f.title,
    width: f.width,
    ellipsis: true,
    fixed: f.pinned ? ('left' as const) : undefined,
    render: (_v: unknown, row: Row) => f.render?.(row),
    sorter: Boolean(f.sort),
    sortDirections: ['descend' as const, 'ascend' as const, 'descend' as const],
    sortOrder: f.sort && active.field === f.sort ? (active.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  }));
}

/** The table's onChange for a header click: the field's sort name and direction, or the default when cleared. */
export function onTableSort<Row>(fields: ListField<Row>[], setSort: (s: Sort | undefined) => void): TableProps<Row>['onChange'] {
  return (_p, _f, sorter, extra) => {
    if (extra.action !== 'sort') return;
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = fields.find((f) => f.key === s?.columnKey)?.sort;
    setSort(field && s?.order ? { field, order: s.order === 'ascend' ? 'asc' : 'desc' } : undefined);
  };
}
