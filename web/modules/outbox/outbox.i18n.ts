export const outboxMessages = {
  'zh-CN': {},
  'en-US': {},
};
