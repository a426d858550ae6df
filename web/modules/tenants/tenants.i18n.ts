export const tenantsMessages = {
  'zh-CN': {
    tenants: {
      title: '单位管理', intro: '一套 Kehu 可以容纳多个单位，各单位的数据完全隔离。', create: '新建单位', created: '单位已创建，其管理员现在可以登录',
      name: '单位名称', code: '单位简称', timeZone: '时区', users: '用户数', createdAt: '创建时间', empty: '还没有其他单位',
    },
  },
  'en-US': {
    tenants: {
      title: 'Organisations', intro: 'One Kehu installation can hold several organisations, each with fully separate data.', create: 'New organisation',
      created: 'Organisation created; its administrator can sign in now', name: 'Name', code: 'Short code', timeZone: 'Time zone', users: 'Users',
      createdAt: 'Created', empty: 'No other organisations yet',
    },
  },
};
