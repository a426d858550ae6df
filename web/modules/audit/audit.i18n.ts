export const auditMessages = {
  'zh-CN': {},
  'en-US': {},
};
