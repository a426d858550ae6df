export const rolesMessages = {
  'zh-CN': {},
  'en-US': {},
};
