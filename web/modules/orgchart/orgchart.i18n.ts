export const orgchartMessages = {
  'zh-CN': {},
  'en-US': {},
};
