import { createElement, useMemo, useState } from 'react';
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../lib/api.ts';
import { useCan, useMe } from '../lib/session.ts';
import { webModules } from '../modules/index.ts';
import { GlobalSearch } from '../modules/search/global-search.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { NotificationBell } from './notification-bell.tsx';
import { FullPageSpin } from './full-page-spin.tsx';

const { Header, Sider, Content } = Layout;

/** The signed-in frame: a menu of what the user's roles allow, and the top bar. */
export function AppLayout() {
  const { t } = useTranslation();
  const { data: me, isLoading } = useMe();
  const can = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const isMobile = !screens.lg;

  const menuItems = useMemo<MenuProps['items']>(() => {
    const entries = webModules.flatMap((m) => m.menu).filter((e) => can(...e.permissions) && (!e.installationAdmin || me?.user.isInstallationAdmin)).sort((a, b) => a.order - b.order);
    const toItem = (e: (typeof entries)[number]) => ({
      key: e.path,
      icon: e.icon,
      label: (
        <Link to={e.path}>
          {t(e.label)}
          {e.badge && createElement(e.badge)}
        </Link>
      ),
    });
    const main = entries.filter((e) => e.group === 'main').map(toItem);
    const system = entries.filter((e) => e.group === 'system').map(toItem);
    return system.length ? [...main, { key: 'system', icon: <SettingOutlined />, label: t('nav.system'), children: system }] : main;
  }, [can, t, me]);

  if (isLoading) return <FullPageSpin />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  const selected = webModules
    .flatMap((m) => m.menu)
    .map((e) => e.path)
    .filter((p) => (p === '/' ? location.pathname === '/' : location.pathname.startsWith(p)))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);

  const logout = async () => {
    await api.post('/auth/logout').catch(() => undefined);
    qc.clear();
    void navigate('/login');
  };

  const userMenu: MenuProps['items'] = [
    { key: 'profile', icon: <UserOutlined />, label: t('nav.profile'), onClick: () => void navigate('/profile') },
    { key: 'password', icon: <KeyOutlined />, label: t('nav.changePassword'), onClick: () => void navigate('/change-password') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), onClick: () => void logout() },
  ];

  const brand = (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, height: 56, padding: '0 20px', overflow: 'hidden', whiteSpace: 'nowrap' }}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {!(collapsed && !isMobile) && <Typography.Text strong style={{ fontSize: 16 }}>{t('app.name')}</Typography.Text>}
    </Link>
  );
  const menu = (
    <Menu
      mode="inline"
      items={menuItems}
      selectedKeys={selected}
      defaultOpenKeys={['system']}
      onClick={() => setDrawerOpen(false)}
      data-testid="main-menu"
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        // On a phone the menu slides in over the page instead of taking a column of it.
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={260} closable={false} styles={{ body: { padding: 0 } }}>
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={240}
          theme="light"
          style={{ borderRight: '1px solid var(--ant-color-border-secondary)' }}
        >
          {brand}
          {menu}
        </Sider>
      )}
      <Layout>
        <Header
          style={{
            background: 'var(--ant-color-bg-container)',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            borderBottom: '1px solid var(--ant-color-border-secondary)',
          }}
        >
          {isMobile && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} />}
          <GlobalSearch style={{ maxWidth: 360, flex: '1 1 360px', minWidth: 0 }} />
          <div style={{ flex: 1 }} />
          <Space size={4}>
            <NotificationBell />
            <LanguageSwitch compact={isMobile} />
            <Dropdown menu={{ items: userMenu }} trigger={['click']}>
              <Button type="text" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                {!isMobile && <span>{me.user.name}</span>}
                <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: isMobile ? 12 : 24 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
