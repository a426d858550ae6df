export const notificationsMessages = {
  'zh-CN': {},
  'en-US': {},
};
