/** The option lists a new organisation starts with (CFG-01, CFG-02); administrators edit them freely. */
type Item = [code: string, zh: string, en: string, color?: string];

export const DEFAULT_DICTIONARY: Record<string, Item[]> = {
  industry: [
    ['it', '信息技术', 'Information technology'], ['manufacturing', '制造业', 'Manufacturing'], ['finance', '金融', 'Finance'],
    ['retail', '零售', 'Retail'], ['education', '教育', 'Education'], ['healthcare', '医疗健康', 'Healthcare'],
    ['real_estate', '房地产', 'Real estate'], ['logistics', '物流', 'Logistics'], ['hospitality', '酒店旅游', 'Hospitality and travel'],
    ['government', '政府机构', 'Government'], ['other', '其他', 'Other'],
  ],
  customer_type: [
    ['enterprise', '企业客户', 'Enterprise'], ['individual', '个人客户', 'Individual'],
    ['channel', '渠道客户', 'Channel'], ['end_customer', '终端客户', 'End customer'],
  ],
  customer_source: [
    ['website', '官网', 'Website'], ['referral', '客户介绍', 'Referral'], ['exhibition', '展会', 'Exhibition'],
    ['phone', '电话咨询', 'Phone enquiry'], ['advertising', '广告', 'Advertising'], ['campaign', '市场活动', 'Campaign'],
    ['partner', '合作伙伴', 'Partner'], ['other', '其他', 'Other'],
  ],
  customer_level: [
    ['a', 'A 类（重点）', 'A (key)', '#f5222d'], ['b', 'B 类（普通）', 'B (regular)', '#fa8c16'], ['c', 'C 类（一般）', 'C (minor)', '#1677ff'],
  ],
  customer_status: [
    ['potential', '潜在客户', 'Potential', '#8c8c8c'], ['formal', '正式客户', 'Formal', '#1677ff'],
    ['signed', '签约客户', 'Signed', '#52c41a'], ['abandoned', '放弃客户', 'Abandoned', '#bfbfbf'],
  ],
  followup_method: [
    ['phone', '电话', 'Phone'], ['visit', '拜访', 'Visit'], ['email', '邮件', 'E-mail'], ['wechat', '微信', 'WeChat'],
    ['sms', '短信', 'SMS'], ['qq', 'QQ', 'QQ'], ['other', '其他', 'Other'],
  ],
  relation_type: [
    ['parent', '母公司', 'Parent company'], ['subsidiary', '子公司', 'Subsidiary'], ['partner', '合作伙伴', 'Partner'], ['channel', '渠道', 'Channel'],
  ],
  ticket_type: [
    ['consultation', '咨询', 'Consultation'], ['complaint', '投诉', 'Complaint'], ['repair', '报修', 'Repair'],
    ['suggestion', '建议', 'Suggestion'], ['other', '其他', 'Other'],
  ],
  ticket_priority: [
    ['urgent', '紧急', 'Urgent', '#f5222d'], ['high', '高', 'High', '#fa8c16'], ['medium', '中', 'Medium', '#1677ff'], ['low', '低', 'Low', '#8c8c8c'],
  ],
  service_type: [
    ['installation', '安装', 'Installation'], ['maintenance', '维护', 'Maintenance'], ['training', '培训', 'Training'], ['support', '技术支持', 'Technical support'],
  ],
};

export const DICT_TYPES = Object.keys(DEFAULT_DICTIONARY);
