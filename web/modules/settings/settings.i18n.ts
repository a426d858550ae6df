export const settingsMessages = {
  'zh-CN': {},
  'en-US': {},
};
