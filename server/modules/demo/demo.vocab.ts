import { pinyin } from 'pinyin-pro';
import { REGIONS } from '../../../shared/regions/index.ts';

/**
 * Realistic Chinese sample values for the demo organisation (`npm run demo`) and the benchmark generator
 * (`bench/`): company and person names, regions from the real region tree, valid unified social credit codes,
 * phone numbers and follow-up notes. Everything is drawn from a seeded generator, so a run is reproducible.
 */

/** sfc32: small, fast and good enough for sample data; the same seed gives the same organisation. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }
  /** `n` distinct items (fewer if the list is shorter). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 10);
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Regions: where customers are, weighted roughly by the number of companies per province.

const PROVINCE_WEIGHTS: Record<string, number> = {
  '44': 16, '32': 12, '33': 11, '31': 8, '11': 8, '37': 7, '35': 5, '42': 4, '51': 4, '41': 4, '43': 3, '34': 3,
  '12': 3, '50': 3, '61': 2, '21': 2, '13': 2, '36': 2, '53': 1, '45': 1, '52': 1, '22': 1, '23': 1, '14': 1,
};

export interface Place {
  provinceCode: string;
  provinceName: string;
  cityCode: string;
  districtCode: string | null;
  /** The city as it appears in a company name: 上海, 苏州, 大理. */
  short: string;
  cityName: string;
  districtName: string | null;
}

const shortName = (name: string) =>
  name.replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|盟|省|市)$/, '').replace(/^(.{2}).*(族|蒙古|哈萨克).*$/, '$1');

/** Cities of the weighted provinces, with their provincial capital and big cities more likely than the rest. */
const PLACES: (readonly [Place[], number])[] = REGIONS.filter((p) => PROVINCE_WEIGHTS[p.code.slice(0, 2)]).map((p) => {
  const cities = (p.children ?? []).filter((c) => c.children?.length && !/直辖|县级/.test(c.name));
  const places = cities.flatMap((c, i) => {
    const districts = c.children!.filter((d) => !/直辖|县级|开发区|园区|示范区/.test(d.name));
    // The first cities of a province in GB/T 2260 are its capital and largest cities: give them more customers.
    const repeat = i === 0 ? 6 : i < 3 ? 3 : 1;
    const place = (d: (typeof districts)[number] | undefined): Place => ({
      provinceCode: p.code,
      provinceName: p.name,
      cityCode: c.code,
      districtCode: d?.code ?? null,
      short: shortName(c.name),
      cityName: c.name,
      districtName: d?.name ?? null,
    });
    return Array.from({ length: repeat }, () => districts.map(place)).flat();
  });
  return [places, PROVINCE_WEIGHTS[p.code.slice(0, 2)]!] as const;
});

export function pickPlace(rng: Rng): Place {
  return rng.pick(rng.weighted(PLACES));
}

const AREA_CODES: Record<string, string> = {
  北京: '010', 上海: '021', 天津: '022', 重庆: '023', 广州: '020', 深圳: '0755', 杭州: '0571', 南京: '025', 苏州: '0512',
  成都: '028', 武汉: '027', 西安: '029', 长沙: '0731', 郑州: '0371', 济南: '0531', 青岛: '0532', 宁波: '0574', 厦门: '0592',
  福州: '0591', 合肥: '0551', 东莞: '0769', 佛山: '0757', 无锡: '0510', 大连: '0411', 沈阳: '024', 昆明: '0871', 南昌: '0791',
  石家庄: '0311', 太原: '0351', 南宁: '0771', 贵阳: '0851', 长春: '0431', 哈尔滨: '0451', 温州: '0577', 常州: '0519',
  珠海: '0756', 中山: '0760', 惠州: '0752', 嘉兴: '0573', 绍兴: '0575', 金华: '0579', 台州: '0576', 南通: '0513',
  徐州: '0516', 扬州: '0514', 烟台: '0535', 潍坊: '0536', 泉州: '0595', 洛阳: '0379', 宜昌: '0717', 株洲: '0731',
};

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '170', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

/** A landline in the place's area code, or a mobile where the area code is not in the table. */
export function companyPhone(rng: Rng, place: Place): string {
  const area = AREA_CODES[place.short];
  if (!area) return mobile(rng);
  return `${area}-${rng.int(2, 8)}${rng.digits(7)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Companies.

/** Industry dictionary code → trades written in the name (with their English) and how common the industry is. */
export const INDUSTRIES: Record<string, { weight: number; trades: [string, string][] }> = {
  it: {
    weight: 18,
    trades: [['网络科技', 'Network Technology'], ['信息技术', 'Information Technology'], ['软件', 'Software'], ['数据科技', 'Data Technology'],
      ['智能科技', 'Intelligent Technology'], ['电子商务', 'Ecommerce'], ['云计算', 'Cloud Computing'], ['信息系统', 'Information Systems']],
  },
  manufacturing: {
    weight: 24,
    trades: [['机械制造', 'Machinery'], ['精密机械', 'Precision Machinery'], ['电气设备', 'Electrical Equipment'], ['新材料', 'New Materials'],
      ['汽车零部件', 'Auto Parts'], ['塑胶制品', 'Plastic Products'], ['五金制品', 'Hardware'], ['电子', 'Electronics'], ['包装材料', 'Packaging'],
      ['化工', 'Chemical'], ['纺织', 'Textile'], ['家具', 'Furniture']],
  },
  finance: { weight: 5, trades: [['投资管理', 'Investment Management'], ['融资租赁', 'Financial Leasing'], ['资产管理', 'Asset Management'], ['保险代理', 'Insurance Agency']] },
  retail: {
    weight: 16,
    trades: [['商贸', 'Trading'], ['贸易', 'Trading'], ['百货', 'Department Store'], ['食品', 'Food'], ['连锁超市', 'Supermarket'], ['服饰', 'Apparel'], ['进出口', 'Import and Export']],
  },
  education: { weight: 5, trades: [['教育科技', 'Education Technology'], ['文化传播', 'Culture and Media'], ['职业培训', 'Vocational Training']] },
  healthcare: { weight: 7, trades: [['医疗器械', 'Medical Devices'], ['生物科技', 'Biotechnology'], ['医药', 'Pharmaceutical'], ['健康管理', 'Health Management']] },
  real_estate: { weight: 5, trades: [['置业', 'Real Estate'], ['房地产开发', 'Property Development'], ['物业管理', 'Property Management'], ['建筑工程', 'Construction']] },
  logistics: { weight: 8, trades: [['物流', 'Logistics'], ['供应链管理', 'Supply Chain Management'], ['国际货运代理', 'International Freight'], ['仓储服务', 'Warehousing']] },
  hospitality: { weight: 5, trades: [['酒店管理', 'Hotel Management'], ['国际旅行社', 'International Travel'], ['餐饮管理', 'Catering Management']] },
  other: { weight: 7, trades: [['企业管理咨询', 'Management Consulting'], ['广告', 'Advertising'], ['环保科技', 'Environmental Technology'], ['能源', 'Energy'], ['农业科技', 'Agricultural Technology']] },
};
const INDUSTRY_WEIGHTS = Object.entries(INDUSTRIES).map(([code, v]) => [code, v.weight] as const);

/** Brands as Chinese companies choose them: two auspicious characters. */
const BRANDS = [
  '华信', '恒通', '泰达', '鑫源', '盛隆', '瑞丰', '宏远', '新创', '联科', '博海', '天成', '中金', '嘉德', '安康', '汇通', '东方', '明星',
  '辰宇', '云腾', '飞扬', '智远', '思创', '睿达', '正大', '诚信', '和美', '佳禾', '万达', '永兴', '昌盛', '富润', '泽丰', '益立', '高峰',
  '君合', '金桥', '银河', '星辰', '海纳', '远航', '中科', '华为', '同创', '凯达', '利民', '广源', '顺发', '鼎盛', '华美', '长城', '新世纪',
  '蓝天', '绿源', '金鹏', '卓越', '领先', '创新', '开元', '天润', '九州', '四海', '大地', '华夏', '神州', '环球', '亚太', '海天', '宝丰',
  '信达', '国泰', '安信', '恒信', '聚源', '通达', '华瑞', '兴业', '中兴', '德信', '久安', '富达', '金辉', '新华', '致远', '启明', '晨光',
];
const BRAND_CHARS = '华信泰恒达盛鑫隆源祥瑞丰宏远通新创联科博海天中金银嘉德安康汇东方明星辰云腾飞宇智思睿正诚和美佳万永兴昌富润泽益立高峰君合澳亿凯鼎顺广利晟弘朗'.split('');

const SUFFIXES: (readonly [string, number])[] = [['有限公司', 70], ['股份有限公司', 12], ['集团有限公司', 4], ['有限责任公司', 10], ['实业有限公司', 4]];
const SUFFIX_EN: Record<string, string> = { 有限公司: 'Co., Ltd.', 股份有限公司: 'Co., Ltd.', 集团有限公司: 'Group Co., Ltd.', 有限责任公司: 'Co., Ltd.', 实业有限公司: 'Industrial Co., Ltd.' };

/** Names repeat a lot (a few thousand brands, places and person names), and pinyin is the slow part: keep them. */
const latinCache = new Map<string, string>();
function latin(s: string, surname = false): string {
  const key = surname ? `s:${s}` : s;
  let out = latinCache.get(key);
  if (out === undefined) {
    out = pinyin(s, { toneType: 'none', type: 'array', v: true, ...(surname ? { surname: 'head' as const } : {}) }).join('');
    latinCache.set(key, out);
  }
  return out;
}
const capitalised = (s: string) => latin(s).replace(/^./, (c) => c.toUpperCase());

export interface Company {
  name: string;
  readonly englishName: string;
  /** The brand in latin letters, for web and mail domains. */
  readonly slug: string;
  industry: string;
  place: Place;
}

/** One company name; callers keep names unique and ask again (or add a branch) on a clash. */
export function company(rng: Rng, place = pickPlace(rng)): Company {
  const industry = rng.weighted(INDUSTRY_WEIGHTS);
  const [trade, tradeEn] = rng.pick(INDUSTRIES[industry]!.trades);
  const brand = rng.chance(0.6) ? rng.pick(BRANDS) : rng.pick(BRAND_CHARS) + rng.pick(BRAND_CHARS);
  const suffix = rng.weighted(SUFFIXES);
  return {
    name: `${place.short}${brand}${trade}${suffix}`,
    get englishName() {
      return `${capitalised(place.short)} ${capitalised(brand)} ${tradeEn} ${SUFFIX_EN[suffix]}`;
    },
    get slug() {
      return latin(brand);
    },
    industry,
    place,
  };
}

/** A second company of the same name in another district is a branch: 上海华信软件有限公司（浦东分公司）. */
export function branchName(name: string, place: Place): string {
  const district = (place.districtName ?? place.cityName).replace(/(区|县|市)$/, '');
  return `${name}（${district}分公司）`;
}

export const TAGS: (readonly [string, number])[] = [
  ['重点客户', 8], ['老客户', 10], ['新客户', 12], ['VIP', 4], ['大客户', 5], ['高意向', 9], ['价格敏感', 6], ['待回访', 8], ['转介绍', 4],
  ['展会客户', 5], ['政府项目', 2], ['上市公司', 2], ['战略合作', 2], ['渠道伙伴', 3],
];

export const SOURCES: (readonly [string, number])[] = [
  ['website', 20], ['referral', 18], ['exhibition', 12], ['phone', 15], ['advertising', 8], ['campaign', 10], ['partner', 9], ['other', 8],
];
export const STATUSES: (readonly [string, number])[] = [['potential', 50], ['formal', 25], ['signed', 15], ['abandoned', 10]];
export const LEVELS: (readonly [string | null, number])[] = [['a', 10], ['b', 30], ['c', 45], [null, 15]];
export const IMPORTANCE: (readonly [number | null, number])[] = [[1, 10], [2, 20], [3, 35], [4, 20], [5, 8], [null, 7]];

export function tags(rng: Rng): string[] {
  const n = rng.weighted([[0, 35], [1, 35], [2, 20], [3, 10]] as const);
  const out = new Set<string>();
  while (out.size < n) out.add(rng.weighted(TAGS));
  return [...out];
}

const ROADS = ['人民路', '中山路', '解放路', '建设路', '和平路', '新华路', '胜利路', '长江路', '黄河路', '科技路', '创业路', '工业大道', '滨江大道', '世纪大道', '文化路', '高新大道', '迎宾路', '金融街'];
const BUILDINGS = ['国贸', '金融', '科技', '世纪', '环球', '财富', '创新', '万达', '中心'];

/** A street address: 张江路88号科技大厦12层. */
export function address(rng: Rng): string {
  const street = `${rng.pick(ROADS)}${rng.int(1, 999)}号`;
  return rng.chance(0.4) ? `${street}${rng.pick(BUILDINGS)}大厦${rng.int(2, 32)}层` : street;
}

export function website(company: Company): string {
  return `https://www.${company.slug}${company.place.short === '北京' ? '-bj' : ''}.com.cn`;
}

// ---------------------------------------------------------------------------------------------------------------
// Unified social credit codes (GB 32100-2015): 18 characters, the last a check character over the first 17.

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character of the 9-character organisation code inside the credit code (GB 11714). */
function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += CREDIT_CHARS.indexOf(body[i]!) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function creditCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

/**
 * A credit code of a company registered in `districtCode` (9 = registered by the market regulator, 1 = a
 * company). `serial` makes it unique: it becomes the organisation code body, 8 digits.
 */
export function creditCode(districtCode: string, serial: number): string {
  // An affine map modulo 10^8 with a multiplier prime to 10 is a bijection: distinct serials, distinct codes.
  const body = String((serial * 48271 + 13579246) % 1e8).padStart(8, '0');
  const first17 = `91${districtCode}${body}${orgCodeCheck(body)}`;
  return first17 + creditCheck(first17);
}

// ---------------------------------------------------------------------------------------------------------------
// People.

const SURNAMES: (readonly [string, number])[] = [
  ['王', 72], ['李', 71], ['张', 68], ['刘', 55], ['陈', 46], ['杨', 31], ['黄', 24], ['赵', 21], ['吴', 20], ['周', 19], ['徐', 15], ['孙', 15],
  ['马', 13], ['朱', 13], ['胡', 12], ['郭', 12], ['何', 11], ['林', 11], ['高', 11], ['罗', 10], ['郑', 10], ['梁', 9], ['谢', 8], ['宋', 7],
  ['唐', 7], ['许', 7], ['韩', 7], ['冯', 7], ['邓', 7], ['曹', 6], ['彭', 6], ['曾', 6], ['肖', 6], ['田', 5], ['董', 5], ['袁', 5], ['潘', 5],
  ['于', 5], ['蒋', 5], ['蔡', 5], ['余', 5], ['杜', 5], ['叶', 5], ['程', 4], ['苏', 4], ['魏', 4], ['吕', 4], ['丁', 4], ['任', 4], ['沈', 4],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3], ['石', 3], ['廖', 3], ['贾', 3],
  ['夏', 3], ['欧阳', 1], ['司马', 1], ['诸葛', 1],
];
const MALE_GIVEN = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '斌', '宇', '浩', '凯', '建国', '建华', '志强', '志明', '俊杰', '文博', '子轩', '浩然', '宇航', '家豪', '国强', '海涛', '晓东', '振华', '立新', '德明', '永刚', '思远', '天翔', '一鸣'];
const FEMALE_GIVEN = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '婷', '雪', '琳', '洁', '颖', '倩', '秀英', '秀兰', '桂英', '玉兰', '晓燕', '丽娟', '雅婷', '欣怡', '梦琪', '诗涵', '佳怡', '婉清', '慧敏', '思琪', '雨桐', '晓雯', '美玲', '文静', '春梅', '海燕', '红霞', '淑华', '子涵', '可馨', '若曦', '一诺'];

export interface Person {
  name: string;
  gender: 'male' | 'female';
  /** Latin spelling for e-mail addresses: zhangwei. */
  latin: string;
}

export function person(rng: Rng): Person {
  const surname = rng.weighted(SURNAMES);
  const gender = rng.chance(0.55) ? 'male' : 'female';
  const given = rng.pick(gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
  const name = surname + given;
  return { name, gender, latin: latin(name, true) };
}

export const CONTACT_TITLES: (readonly [string, string, number])[] = [
  ['总经理', '总经办', 6], ['副总经理', '总经办', 4], ['董事长', '总经办', 2], ['采购经理', '采购部', 12], ['采购专员', '采购部', 10],
  ['技术总监', '技术部', 6], ['IT经理', '信息中心', 7], ['财务经理', '财务部', 8], ['财务主管', '财务部', 4], ['行政主管', '行政部', 6],
  ['销售总监', '销售部', 5], ['市场经理', '市场部', 6], ['项目经理', '项目部', 8], ['运营经理', '运营部', 5], ['总监助理', '总经办', 3],
];

export function contactTitle(rng: Rng): { title: string; department: string } {
  const [title, department] = rng.weighted(CONTACT_TITLES.map(([t, d, w]) => [[t, d] as const, w] as const));
  return { title, department };
}

/** A company mailbox for a person: zhangwei@huaxin.com.cn, from the company's English name. */
export function companyEmail(p: Person, c: Company, rng: Rng): string {
  const domain = website(c).replace(/^https:\/\/www\./, '');
  return rng.chance(0.8) ? `${p.latin}@${domain}` : `${p.latin}${rng.int(1, 999)}@${rng.pick(['163.com', 'qq.com', '126.com', 'sina.com'])}`;
}

export function birthday(rng: Rng): string {
  return `${rng.int(1965, 2000)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Follow-ups.

export const METHODS: (readonly [string, number])[] = [['phone', 45], ['visit', 15], ['wechat', 25], ['email', 8], ['sms', 3], ['qq', 2], ['other', 2]];

const TOPICS = ['新版本的产品功能', '年度采购计划', '报价单细节', '合同条款', '售后服务安排', '项目实施进度', '续约事宜', '付款进度', '技术方案', '试用反馈', '培训安排', '招投标时间', '二期项目需求', '交货周期', '样品测试结果'];
const REACTIONS = ['客户有明确的采购意向', '需要内部再讨论', '预算要到下季度才能确定', '对价格比较敏感', '希望安排一次技术交流', '对方案比较满意', '暂时没有新需求', '约定下周再联系', '要求提供同行业案例', '已提交领导审批', '决策人出差，下周回来', '竞争对手也在接触'];
const NEXT_STEPS = ['下周上门演示', '发送正式报价', '准备合同草稿', '安排技术人员对接', '寄送样品', '邀请参加新品发布会', '跟进审批结果', '整理需求清单', '约财务确认付款时间', '提交投标文件'];

export function followupContent(rng: Rng, method: string, contactName?: string): string {
  const who = contactName ?? '客户';
  const topic = rng.pick(TOPICS);
  const reaction = rng.pick(REACTIONS);
  const next = rng.chance(0.6) ? `下一步：${rng.pick(NEXT_STEPS)}。` : '';
  switch (method) {
    case 'visit':
      return `上门拜访${who}，当面沟通了${topic}，${reaction}。${next}`;
    case 'wechat':
      return `微信与${who}沟通${topic}，${reaction}。${next}`;
    case 'email':
      return `给${who}发邮件说明${topic}，${reaction}。${next}`;
    case 'sms':
      return `短信提醒${who}关于${topic}的安排。`;
    case 'qq':
      return `QQ 联系${who}，确认${topic}，${reaction}。`;
    case 'other':
      return `在行业展会上与${who}交流了${topic}，${reaction}。`;
    default:
      return `电话联系${who}，沟通${topic}，${reaction}。${next}`;
  }
}
