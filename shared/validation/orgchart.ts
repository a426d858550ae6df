import { z } from 'zod';
import { trimmed, uuid, version } from './common.ts';

const sort = z.number().int().min(0).max(1_000_000);
/** On create a missing parent means a top-level node; an update names the parent (or null) explicitly. */
const optionalParent = uuid.nullish().transform((v) => v ?? null);

export const departmentCreate = z.object({
  name: trimmed(50),
  parentId: optionalParent,
  sort: sort.default(0),
});
export type DepartmentCreate = z.infer<typeof departmentCreate>;

export const departmentUpdate = z.object({
  name: trimmed(50),
  parentId: uuid.nullable(),
  sort,
  version,
});
export type DepartmentUpdate = z.infer<typeof departmentUpdate>;

export const positionCreate = z.object({
  name: trimmed(50),
  departmentId: uuid,
  parentId: optionalParent,
  sort: sort.default(0),
});
export type PositionCreate = z.infer<typeof positionCreate>;

export const positionUpdate = z.object({
  name: trimmed(50),
  departmentId: uuid,
  parentId: uuid.nullable(),
  sort,
  version,
});
export type PositionUpdate = z.infer<typeof positionUpdate>;
