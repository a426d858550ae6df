export const searchMessages = {
  'zh-CN': {
    search: {
      placeholder: '搜索客户、联系人：名称、拼音、电话、邮箱',
      customers: '客户',
      contacts: '联系人',
      pool: '公海',
      pending: '待审批',
      noResults: '没有找到匹配的客户或联系人',
    },
  },
  'en-US': {
    search: {
      placeholder: 'Search customers and contacts: name, pinyin, phone, e-mail',
      customers: 'Customers',
      contacts: 'Contacts',
      pool: 'Pool',
      pending: 'Pending',
      noResults: 'No matching customers or contacts',
    },
  },
};
