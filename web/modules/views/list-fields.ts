import type { ReactNode } from 'react';

export interface Option {
  value: string;
  label: string;
}

/** How a list is filtered on one field; each kind names the query parameters it sets. */
export type FilterDef =
  | { kind: 'text'; param: string; placeholder?: string }
  | { kind: 'select'; param: string; options: Option[]; multiple?: boolean }
  | { kind: 'numberRange'; from: string; to: string; min?: number; max?: number; step?: number }
  /** Instants (ISO 8601 with offset), a whole day at each end. */
  | { kind: 'dateRange'; from: string; to: string }
  /** Calendar dates (YYYY-MM-DD), e.g. custom date fields. */
  | { kind: 'dayRange'; from: string; to: string }
  | { kind: 'region'; province: string; city: string; district: string }
  | { kind: 'tags'; param: string }
  | { kind: 'users'; param: string };

export const filterParams = (f: FilterDef): string[] => {
  switch (f.kind) {
    case 'text':
    case 'select':
    case 'tags':
    case 'users':
      return [f.param];
    case 'region':
      return [f.province, f.city, f.district];
    default:
      return [f.from, f.to];
  }
};

/** One field of a list: a column, and how it is sorted and filtered. */
export interface ListField<Row> {
  key: string;
  title: string;
  /** Absent for a filter that is not a column (a keyword across fields). */
  render?: (row: Row) => ReactNode;
  width?: number;
  /** The API's sort name, when the list can sort on this field. */
  sort?: string;
  filter?: FilterDef;
  /** Shown in the row of quick filters above the list, not only in the advanced filter drawer. */
  quick?: boolean;
  /** Shown until the user chooses columns. */
  defaultVisible?: boolean;
  /** Always shown, first: the column that opens the record. */
  pinned?: boolean;
}
