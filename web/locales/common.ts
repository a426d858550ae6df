export const common = {
  'zh-CN': {
    app: { name: '客户 Kehu', tagline: '面向中小企业的客户关系管理系统' },
    common: {
      save: '保存', cancel: '取消', create: '新建', edit: '编辑', delete: '删除', confirm: '确定', search: '搜索',
      reset: '重置', actions: '操作', back: '返回', submit: '提交', refresh: '刷新', export: '导出', close: '关闭',
      yes: '是', no: '否', enabled: '启用', disabled: '停用', loading: '加载中…', empty: '暂无数据', saved: '已保存',
      deleted: '已删除', confirmDelete: '确定要删除吗？此操作不可撤销。', required: '必填', more: '更多', all: '全部',
      createdAt: '创建时间', updatedAt: '更新时间', name: '名称', description: '描述', status: '状态', total: '共 {{count}} 条',
      notFound: '页面不存在', forbidden: '您没有访问此页面的权限', backHome: '返回首页', versionConflict: '该记录已被他人修改，已为您重新加载最新数据',
      optional: '选填',
    },
    nav: {
      home: '首页', customers: '客户', menu: '菜单', system: '系统管理', users: '用户管理', registrations: '注册审核', orgchart: '部门与岗位', roles: '角色权限',
      sharing: '共享模式', dictionary: '数据字典', settings: '系统参数', customFields: '自定义字段', audit: '系统日志', outbox: '邮件发件箱',
      notifications: '消息通知', organizations: '单位管理', profile: '个人资料', changePassword: '修改密码', logout: '退出系统', language: '语言',
    },
    bell: { title: '消息通知', markAllRead: '全部标为已读', viewAll: '查看全部', empty: '没有新消息' },
  },
  'en-US': {
    app: { name: 'Kehu CRM', tagline: 'Customer relationship management for small and mid-sized companies' },
    common: {
      save: 'Save', cancel: 'Cancel', create: 'New', edit: 'Edit', delete: 'Delete', confirm: 'OK', search: 'Search',
      reset: 'Reset', actions: 'Actions', back: 'Back', submit: 'Submit', refresh: 'Refresh', export: 'Export', close: 'Close',
      yes: 'Yes', no: 'No', enabled: 'Enabled', disabled: 'Disabled', loading: 'Loading…', empty: 'No data', saved: 'Saved',
      deleted: 'Deleted', confirmDelete: 'Delete this? This cannot be undone.', required: 'Required', more: 'More', all: 'All',
      createdAt: 'Created', updatedAt: 'Updated', name: 'Name', description: 'Description', status: 'Status', total: '{{count}} in total',
      notFound: 'Page not found', forbidden: 'You may not open this page', backHome: 'Back to home', versionConflict: 'Someone else changed this record; the latest data has been loaded',
      optional: 'Optional',
    },
    nav: {
      home: 'Home', customers: 'Customers', menu: 'Menu', system: 'System', users: 'Users', registrations: 'Registrations', orgchart: 'Departments & positions', roles: 'Roles & permissions',
      sharing: 'Sharing modes', dictionary: 'Data dictionary', settings: 'Parameters', customFields: 'Custom fields', audit: 'Audit log', outbox: 'Mail outbox',
      notifications: 'Notifications', organizations: 'Organisations', profile: 'Profile', changePassword: 'Change password', logout: 'Sign out', language: 'Language',
    },
    bell: { title: 'Notifications', markAllRead: 'Mark all as read', viewAll: 'View all', empty: 'No new notifications' },
  },
};
