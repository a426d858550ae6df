import { Checkbox, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ACTIONS, DATA_SCOPES, MODULE_NAMES, MODULES, type Action, type DataScope, type ModuleName } from '../../../shared/permissions.ts';

export interface Grants {
  permissions: ReadonlySet<string>;
  dataScopes: Partial<Record<string, DataScope>>;
}

const actionsOf = (m: ModuleName) => MODULES[m].actions as readonly Action[];
const key = (m: ModuleName, a: Action) => `${m}:${a}`;

/**
 * Granting any action of a module also grants its view (what cannot be seen cannot be edited), and taking view away
 * takes the module's other actions with it; the matrix keeps that consistency so no role ends up with dead rights.
 */
function setAction(permissions: ReadonlySet<string>, m: ModuleName, a: Action, on: boolean, may: (p: string) => boolean): Set<string> {
  const next = new Set(permissions);
  if (on) {
    if (!may(key(m, a))) return next;
    next.add(key(m, a));
    if (actionsOf(m).includes('view') && may(key(m, 'view'))) next.add(key(m, 'view'));
  } else if (a === 'view') {
    for (const other of actionsOf(m)) next.delete(key(m, other));
  } else {
    next.delete(key(m, a));
  }
  return next;
}

function checkState(keys: string[], permissions: ReadonlySet<string>) {
  const held = keys.filter((k) => permissions.has(k)).length;
  return { checked: held > 0 && held === keys.length, indeterminate: held > 0 && held < keys.length };
}

/**
 * Rows are modules, columns actions; scoped modules also choose whose records the role reaches. `mayGrant` and
 * `mayScope` say what the editing user can hand out (the server refuses more than one's own rights), so boxes
 * they cannot tick are disabled rather than failing on save.
 */
export function PermissionMatrix({
  value,
  onChange,
  disabled,
  mayGrant,
  mayScope,
}: {
  value: Grants;
  onChange: (next: Grants) => void;
  disabled?: boolean;
  mayGrant: (permission: string) => boolean;
  mayScope: (module: ModuleName, scope: DataScope) => boolean;
}) {
  const { t } = useTranslation();
  const { permissions, dataScopes } = value;
  const update = (next: Set<string>) => onChange({ permissions: next, dataScopes });
  // A ticked box can always be cleared; an empty one only ticked when the user may grant it.
  const may = (p: string) => permissions.has(p) || mayGrant(p);

  const toggleRow = (m: ModuleName, on: boolean) => {
    const next = new Set(permissions);
    for (const a of actionsOf(m)) {
      if (!on) next.delete(key(m, a));
      else if (may(key(m, a))) next.add(key(m, a));
    }
    update(next);
  };
  const toggleColumn = (a: Action, on: boolean) => {
    let next: Set<string> = new Set(permissions);
    for (const m of MODULE_NAMES) if (actionsOf(m).includes(a)) next = setAction(next, m, a, on, may);
    update(next);
  };

  const columns: TableColumnsType<ModuleName> = [
    {
      title: t('roles.matrix.module'),
      key: 'module',
      fixed: 'left',
      width: 110,
      render: (_v, m) => <Typography.Text strong>{t(`roles.modules.${m}`)}</Typography.Text>,
    },
    {
      title: t('roles.matrix.all'),
      key: 'all',
      width: 60,
      align: 'center',
      render: (_v, m) => {
        const state = checkState(actionsOf(m).map((a) => key(m, a)), permissions);
        return (
          <Checkbox
            {...state}
            disabled={disabled || !actionsOf(m).some((a) => may(key(m, a)))}
            aria-label={`${t(`roles.modules.${m}`)} · ${t('roles.matrix.all')}`}
            onChange={(e) => toggleRow(m, e.target.checked)}
          />
        );
      },
    },
    ...ACTIONS.map((a) => {
      const columnKeys = MODULE_NAMES.filter((m) => actionsOf(m).includes(a)).map((m) => key(m, a));
      return {
        key: a,
        width: 72,
        align: 'center' as const,
        // The label sits above the column's toggle, so longer English names fit the narrow column.
        title: (
          <Flex vertical align="center" gap={2}>
            <span style={{ whiteSpace: 'nowrap' }}>{t(`roles.actions.${a}`)}</span>
            <Checkbox
              {...checkState(columnKeys, permissions)}
              disabled={disabled}
              aria-label={`${t('roles.matrix.all')} · ${t(`roles.actions.${a}`)}`}
              onChange={(e) => toggleColumn(a, e.target.checked)}
            />
          </Flex>
        ),
        render: (_v: unknown, m: ModuleName) =>
          actionsOf(m).includes(a) ? (
            <Checkbox
              checked={permissions.has(key(m, a))}
              disabled={disabled || !may(key(m, a))}
              aria-label={`${t(`roles.modules.${m}`)} · ${t(`roles.actions.${a}`)}`}
              onChange={(e) => update(setAction(permissions, m, a, e.target.checked, may))}
            />
          ) : null,
      };
    }),
    {
      title: t('roles.matrix.scope'),
      key: 'scope',
      width: 190,
      render: (_v, m) => {
        if (!MODULES[m].scoped) return <Typography.Text type="secondary">—</Typography.Text>;
        const granted = actionsOf(m).some((a) => permissions.has(key(m, a)));
        return (
          <Select<DataScope>
            size="small"
            style={{ width: '100%' }}
            popupMatchSelectWidth={false}
            value={dataScopes[m] ?? 'self'}
            // A scope without any right on the module would reach nothing; it is kept but not editable.
            disabled={disabled || !granted}
            aria-label={`${t(`roles.modules.${m}`)} · ${t('roles.matrix.scope')}`}
            options={DATA_SCOPES.map((s) => ({ value: s, label: t(`roles.scopes.${s}`), disabled: s !== dataScopes[m] && !mayScope(m, s) }))}
            onChange={(s) => onChange({ permissions, dataScopes: { ...dataScopes, [m]: s } })}
          />
        );
      },
    },
  ];

  return (
    <Table<ModuleName>
      rowKey={(m) => m}
      size="small"
      bordered
      columns={columns}
      dataSource={MODULE_NAMES}
      pagination={false}
      scroll={{ x: 936 }}
      data-testid="permission-matrix"
    />
  );
}
