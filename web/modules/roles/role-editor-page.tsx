import { useState } from 'react';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Result, Row, Select, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { DATA_SCOPES, ROLE_TEMPLATE_KEYS, ROLE_TEMPLATES, SCOPED_MODULES, type DataScope, type ModuleName, type RoleTemplateKey } from '../../../shared/permissions.ts';
import { roleCreate } from '../../../shared/validation/roles.ts';
import { RequirePermission } from '../../components/require-permission.tsx';
import { ApiError } from '../../lib/api.ts';
import { isVersionConflict, useErrorHandler, zodRule } from '../../lib/forms.ts';
import { useCan, useMe } from '../../lib/session.ts';
import { PermissionMatrix, type Grants } from './permission-matrix.tsx';
import { rolesApi, rolesKey, useRole, type Role } from './roles.api.ts';

interface Values {
  name: string;
  description: string;
  templateKey?: RoleTemplateKey;
}

/** `/admin/roles/new` creates, `/admin/roles/:id` edits (or shows, without role:edit or for the administrator role). */
export function RoleEditorPage() {
  const { id } = useParams();
  return (
    <RequirePermission permissions={id ? ['role:view'] : ['role:create']}>
      <RoleEditorLoader id={id} />
    </RequirePermission>
  );
}

function RoleEditorLoader({ id }: { id?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const role = useRole(id);
  if (!id) return <RoleEditor />;
  if (role.isLoading) return <Skeleton active />;
  if (role.error instanceof ApiError && role.error.status === 404) {
    return <Result status="404" title={t('roles.notFound')} extra={<Button onClick={() => void navigate('/admin/roles')}>{t('roles.backToList')}</Button>} />;
  }
  if (!role.data) return <Result status="error" title={role.error?.message} />;
  // A reloaded record (after a version conflict) remounts the editor with what the server holds now.
  return <RoleEditor key={`${role.data.id}:${role.data.version}`} role={role.data} />;
}

function grantsOf(role: Role): Grants {
  return { permissions: new Set(role.permissions), dataScopes: { ...role.dataScopes } };
}

function templateGrants(key: RoleTemplateKey): Grants {
  const template = ROLE_TEMPLATES[key];
  return { permissions: new Set(template.permissions), dataScopes: Object.fromEntries(SCOPED_MODULES.map((m) => [m, template.scope])) };
}

function RoleEditor({ role }: { role?: Role }) {
  const { t } = useTranslation();
  const can = useCan();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const [grants, setGrants] = useState<Grants>(() => (role ? grantsOf(role) : { permissions: new Set(), dataScopes: {} }));
  const readOnly = role ? role.isSystem || !can('role:edit') : !can('role:create');

  const save = useMutation({
    mutationFn: (v: Values) => {
      const permissions = [...grants.permissions].sort();
      // Only modules the role has rights on need a scope; the others fall back to "own records" on the server.
      const dataScopes: Record<string, DataScope> = {};
      for (const m of SCOPED_MODULES) {
        if (permissions.some((p) => p.startsWith(`${m}:`))) dataScopes[m] = grants.dataScopes[m] ?? 'self';
      }
      const body = { name: v.name, description: v.description ?? '', permissions, dataScopes };
      return role ? rolesApi.update(role.id, { ...body, version: role.version }) : rolesApi.create({ ...body, templateKey: v.templateKey });
    },
    onSuccess: async (saved) => {
      message.success(t(role ? 'common.saved' : 'roles.created', { name: saved.name }));
      await qc.invalidateQueries({ queryKey: rolesKey });
      void navigate('/admin/roles');
    },
    onError: async (err) => {
      if (isVersionConflict(err) && role) {
        message.warning(t('common.versionConflict'));
        await qc.invalidateQueries({ queryKey: [...rolesKey, 'detail', role.id] });
        return;
      }
      onError(err, form);
    },
  });

  // The server refuses rights beyond the editor's own, except those the role held already.
  const mayGrant = (p: string) => (me?.permissions as string[] | undefined)?.includes(p) || Boolean(role?.permissions.includes(p));
  const rank = (s: DataScope | undefined) => DATA_SCOPES.indexOf(s ?? 'self');
  const mayScope = (m: ModuleName, s: DataScope) => rank(s) <= rank(role?.dataScopes[m]) || rank(s) <= rank(me?.scopes[m] as DataScope | undefined);

  const applyTemplate = (key: RoleTemplateKey | undefined) => {
    if (!key) return;
    // Rights of the template that the user may not grant are left out rather than refused on save.
    const template = templateGrants(key);
    setGrants({
      permissions: new Set([...template.permissions].filter(mayGrant)),
      dataScopes: Object.fromEntries(
        Object.entries(template.dataScopes).map(([m, s]) => [m, mayScope(m as ModuleName, s!) ? s : (me?.scopes[m] as DataScope | undefined) ?? 'self']),
      ),
    });
    // A blank name takes the template's, a typed one is kept.
    if (!form.getFieldValue('name')) form.setFieldValue('name', t(`roles.templates.${key}`));
  };

  const title = role ? (readOnly ? role.name : `${t('roles.editRole')} · ${role.name}`) : t('roles.newRole');
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => void navigate('/admin/roles')} />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
        </Space>
        {!readOnly && (
          <Space>
            <Button onClick={() => void navigate('/admin/roles')}>{t('common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
              {t('common.save')}
            </Button>
          </Space>
        )}
      </Flex>
      {role?.isSystem && <Alert type="info" showIcon title={t('roles.systemReadOnly')} style={{ marginBottom: 16 }} />}
      {role && !role.isSystem && readOnly && <Alert type="info" showIcon title={t('roles.viewOnly')} style={{ marginBottom: 16 }} />}
      <Card title={t('roles.basics')} style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="vertical"
          disabled={readOnly}
          initialValues={{ name: role?.name ?? '', description: role?.description ?? '' }}
          onFinish={(v) => save.mutate(v)}
        >
          <Row gutter={16}>
            {!role && (
              <Col xs={24} md={8}>
                <Form.Item name="templateKey" label={t('roles.template')} extra={t('roles.templateHelp')}>
                  <Select<RoleTemplateKey>
                    autoFocus
                    allowClear
                    placeholder={t('roles.blankTemplate')}
                    options={ROLE_TEMPLATE_KEYS.map((k) => ({ value: k, label: t(`roles.templates.${k}`) }))}
                    onChange={applyTemplate}
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={role ? 10 : 8}>
              <Form.Item name="name" label={t('roles.name')} rules={[zodRule(roleCreate.shape.name)]}>
                <Input autoFocus={Boolean(role)} maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={role ? 14 : 8}>
              <Form.Item name="description" label={t('common.description')} rules={[zodRule(roleCreate.shape.description)]}>
                <Input maxLength={500} placeholder={t('common.optional')} />
              </Form.Item>
            </Col>
          </Row>
          {/* Lets Enter in a field submit the form, whose buttons live in the page header outside it. */}
          <button type="submit" hidden aria-hidden />
        </Form>
      </Card>
      <Card
        title={t('roles.permissions')}
        extra={<Typography.Text type="secondary">{t('roles.permissionCount', { count: grants.permissions.size })}</Typography.Text>}
      >
        {!readOnly && <Typography.Paragraph type="secondary">{t('roles.matrixHelp')}</Typography.Paragraph>}
        <PermissionMatrix value={grants} onChange={setGrants} disabled={readOnly} mayGrant={mayGrant} mayScope={mayScope} />
      </Card>
    </>
  );
}
