import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '../../shared/permissions.ts';

export interface MenuEntry {
  key: string;
  /** i18n key of the label */
  label: string;
  icon?: ReactNode;
  path: string;
  /** The item shows only when the user holds all of these; the server refuses the same requests anyway. */
  permissions: Permission[];
  /** Menu group: 'main' items stand at the top level, 'system' ones under System. */
  group: 'main' | 'system';
  /** Shown only to installation administrators (they manage the organisations of the installation). */
  installationAdmin?: boolean;
  order: number;
  /** Shown after the label, e.g. a count of what waits for the user there. */
  badge?: ComponentType;
}

/** What a web module contributes to the signed-in application: its pages and its menu items. */
export interface WebModule {
  routes: RouteObject[];
  menu: MenuEntry[];
}
