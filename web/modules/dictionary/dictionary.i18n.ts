export const dictionaryMessages = {
  'zh-CN': {},
  'en-US': {},
};
