import { useEffect, useRef, useState } from 'react';
import { DownOutlined, SaveOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Dropdown, Flex, Form, Input, Modal, Tabs, Tooltip, type InputRef, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { viewName } from '../../../shared/validation/views.ts';
import { useErrorHandler, zodRule } from '../../lib/forms.ts';
import { isModified, stateOf, type ListState } from './list-state.ts';
import { viewsApi, viewsKey, type SavedView, type ViewList } from './views.api.ts';

interface Props {
  list: ViewList;
  views: SavedView[];
  state: ListState;
  onApply: (state: ListState) => void;
  /** Extra controls at the end of the bar (column chooser, export). */
  extra?: React.ReactNode;
}

const definitionOf = (state: ListState) => ({ filters: state.filters, sort: state.sort, columns: state.columns });

/**
 * The list's views as tabs (CUS-08 "定制查询"): the built-in ones, the user's own and those shared with the
 * organisation. "Save as" stores the filters, sort and columns in effect under a name, private or shared.
 */
export function ViewBar({ list, views, state, onApply, extra }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const [dialog, setDialog] = useState<{ mode: 'create' | 'edit' } | null>(null);
  const current = views.find((v) => v.id === state.viewId);
  const modified = isModified(state, current);
  const refresh = () => qc.invalidateQueries({ queryKey: viewsKey(list) });

  const saveChanges = useMutation({
    mutationFn: (v: SavedView) => viewsApi.update(v.id, { name: v.name, shared: v.shared, definition: definitionOf(state), version: v.version }),
    onSuccess: async (v) => {
      message.success(t('views.viewSaved', { name: v.name }));
      await refresh();
    },
    onError: (err) => onError(err),
  });
  const remove = useMutation({
    mutationFn: (v: SavedView) => viewsApi.remove(v.id),
    onSuccess: async (_r, v) => {
      message.success(t('views.viewDeleted', { name: v.name }));
      await refresh();
      const fallback = views.find((x) => x.builtin) ?? views.find((x) => x.id !== v.id);
      if (fallback) onApply(stateOf(fallback));
    },
    onError: (err) => onError(err),
  });

  const menu: MenuProps['items'] = [
    { key: 'create', label: t('views.saveAs'), onClick: () => setDialog({ mode: 'create' }) },
    ...(current?.editable
      ? [
          { key: 'save', label: t('views.saveChanges'), disabled: !modified, onClick: () => saveChanges.mutate(current) },
          { key: 'edit', label: t('views.editView'), onClick: () => setDialog({ mode: 'edit' }) },
          { type: 'divider' as const },
          {
            key: 'delete',
            danger: true,
            label: t('views.deleteView'),
            onClick: () =>
              modal.confirm({
                title: t('views.confirmDelete', { name: current.name }),
                content: current.shared ? t('views.confirmDeleteShared') : undefined,
                okButtonProps: { danger: true },
                onOk: () => remove.mutateAsync(current).catch(() => undefined),
              }),
          },
        ]
      : []),
  ];

  return (
    <Flex align="center" gap={8} wrap="wrap" style={{ marginBottom: 8 }}>
      <Tabs
        activeKey={state.viewId}
        onChange={(id) => {
          const v = views.find((x) => x.id === id);
          if (v) onApply(stateOf(v));
        }}
        items={views.map((v) => ({
          key: v.id,
          label: (
            <span data-testid={`view-tab-${v.builtin ? v.id : v.name}`}>
              {v.shared && !v.builtin && (
                <Tooltip title={t('views.sharedBy', { name: v.owner?.name ?? '' })}>
                  <TeamOutlined />
                </Tooltip>
              )}
              {v.name}
              {v.id === state.viewId && modified ? ' *' : ''}
            </span>
          ),
        }))}
        style={{ flex: 1, minWidth: 200, marginBottom: -8 }}
      />
      <Dropdown menu={{ items: menu }} trigger={['click']}>
        <Button icon={<SaveOutlined />} data-testid="view-menu">
          {modified ? t('views.viewModified') : t('views.view')} <DownOutlined />
        </Button>
      </Dropdown>
      {extra}
      {dialog && (
        <ViewDialog
          list={list}
          mode={dialog.mode}
          view={dialog.mode === 'edit' ? current : undefined}
          state={state}
          onClose={() => setDialog(null)}
          onSaved={async (v) => {
            setDialog(null);
            await refresh();
            onApply(stateOf(v));
          }}
        />
      )}
    </Flex>
  );
}

function ViewDialog({ list, mode, view, state, onClose, onSaved }: {
  list: ViewList;
  mode: 'create' | 'edit';
  view?: SavedView;
  state: ListState;
  onClose: () => void;
  onSaved: (v: SavedView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  const input = useRef<InputRef>(null);
  useEffect(() => {
    // The modal animates in; focusing at once would be undone by its own focus handling.
    const timer = setTimeout(() => input.current?.focus(), 100);
    return () => clearTimeout(timer);
  }, []);
  const save = useMutation({
    mutationFn: (v: { name: string; shared: boolean }) =>
      mode === 'edit' && view
        ? viewsApi.update(view.id, { name: v.name, shared: v.shared, definition: view.definition, version: view.version })
        : viewsApi.create({ list, name: v.name, shared: v.shared, definition: definitionOf(state) }),
    onSuccess: (v) => {
      message.success(t('views.viewSaved', { name: v.name }));
      onSaved(v);
    },
    onError: (err) => onError(err, form),
  });
  return (
    <Modal
      open
      title={mode === 'edit' ? t('views.editView') : t('views.saveAs')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: mode === 'edit' ? view?.name : '', shared: mode === 'edit' ? view?.shared : false }}
        onFinish={(v) => save.mutate({ name: v.name.trim(), shared: Boolean(v.shared) })}
      >
        <Form.Item name="name" label={t('views.viewName')} rules={[zodRule(viewName)]}>
          <Input ref={input} maxLength={50} placeholder={t('views.viewNamePlaceholder')} />
        </Form.Item>
        <Form.Item name="shared" valuePropName="checked" extra={t('views.sharedHelp')} style={{ marginBottom: 0 }}>
          <Checkbox>{t('views.shared')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
