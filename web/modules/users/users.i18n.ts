export const usersMessages = {
  'zh-CN': {},
  'en-US': {},
};
