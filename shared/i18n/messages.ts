/**
 * Messages that the server sends and the web shows: error codes and the keys used by the shared zod schemas.
 * A schema's custom message is a key of this table, so one schema yields field errors in either language.
 */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

export const messages = {
  'zh-CN': {
    validation_failed: '提交的数据有误，请检查标出的字段',
    unauthenticated: '请先登录',
    forbidden: '您没有执行此操作的权限',
    csrf_failed: '请求校验失败，请刷新页面后重试',
    not_found: '记录不存在或您无权访问',
    conflict: '操作与当前数据冲突',
    version_conflict: '该记录已被他人修改，请刷新后重试',
    duplicate: '数据重复',
    rate_limited: '操作过于频繁，请稍后再试',
    account_locked: '登录失败次数过多，账号已锁定 15 分钟',
    invalid_credentials: '账号或密码错误',
    not_active: '账号尚未激活或已被停用',
    setup_done: '系统已完成初始化',
    setup_required: '系统尚未初始化',
    token_invalid: '链接无效或已过期',
    in_use: '该记录正在被使用，无法删除',
    internal: '服务器内部错误',
    'v.required': '此项为必填项',
    'v.passwordWeak': '密码至少 8 位，且须同时包含字母和数字',
    'v.passwordTooShort': '密码长度不足 {min} 位',
    'v.passwordNeedsSymbol': '密码须包含特殊字符',
    'v.passwordMismatch': '两次输入的密码不一致',
    'v.email': '请输入有效的电子邮箱',
    'v.mobile': '请输入有效的手机号码',
    'v.username': '用户名须以字母开头，只能包含字母、数字、下划线、点或连字符（3–32 位）',
    'v.orgCode': '单位简称只能包含小写字母、数字和连字符（2–20 位）',
    'v.timeZone': '无效的时区',
    'v.mustAccept': '请阅读并同意用户服务协议和隐私政策',
    'v.usernameTaken': '该用户名已被使用',
    'v.emailTaken': '该邮箱已被注册',
    'v.mobileTaken': '该手机号已被注册',
    'v.orgCodeTaken': '该单位简称已被使用',
    'v.oldPasswordWrong': '原密码不正确',
    'v.nameTaken': '名称已存在',
    'v.codeTaken': '编码已存在',
    'v.parentCycle': '不能把节点移动到它自己或它的下级之下',
    'v.unknownOrg': '单位不存在',
    'v.color': '请输入 #RRGGBB 格式的颜色',
    'v.dateRange': '结束时间不能早于开始时间',
    'v.notFound': '所选记录不存在',
    'v.samePassword': '新密码不能与原密码相同',
    'v.hasChildren': '其下还有下级节点，请先删除或移走',
    'v.hasPositions': '该部门下还有岗位，请先删除或移走',
    'v.hasMembers': '还有 {members} 名用户在此，请先为他们调整',
    'v.roleInUse': '仍有 {members} 名用户拥有该角色，请先为他们移除该角色',
    'v.systemRole': '系统管理员角色不能删除，也不能减少权限',
    'v.unknownPermission': '包含不存在的权限',
    'v.permissionNotHeld': '不能授予您自己没有的权限',
    'v.notScopedModule': '该模块没有数据范围',
    'v.unknownRecordType': '不支持的记录类型',
  },
  'en-US': {
    validation_failed: 'Some fields are invalid; please check the marked fields',
    unauthenticated: 'Please sign in first',
    forbidden: 'You do not have permission to do this',
    csrf_failed: 'Request check failed; reload the page and try again',
    not_found: 'The record does not exist or you may not open it',
    conflict: 'The operation conflicts with the current data',
    version_conflict: 'Someone else changed this record; reload and try again',
    duplicate: 'Duplicate data',
    rate_limited: 'Too many attempts; please try again later',
    account_locked: 'Too many failed sign-ins; the account is locked for 15 minutes',
    invalid_credentials: 'Wrong account or password',
    not_active: 'The account is not active yet or has been disabled',
    setup_done: 'Kehu has already been set up',
    setup_required: 'Kehu has not been set up yet',
    token_invalid: 'The link is invalid or has expired',
    in_use: 'This record is in use and cannot be deleted',
    internal: 'Internal server error',
    'v.required': 'This field is required',
    'v.passwordWeak': 'At least 8 characters, with both letters and digits',
    'v.passwordTooShort': 'The password must have at least {min} characters',
    'v.passwordNeedsSymbol': 'The password must contain a special character',
    'v.passwordMismatch': 'The passwords do not match',
    'v.email': 'Enter a valid e-mail address',
    'v.mobile': 'Enter a valid mobile number',
    'v.username': 'Start with a letter; letters, digits, underscore, dot or hyphen only (3–32 characters)',
    'v.orgCode': 'Lower-case letters, digits and hyphens only (2–20 characters)',
    'v.timeZone': 'Unknown time zone',
    'v.mustAccept': 'Please read and accept the service agreement and the privacy policy',
    'v.usernameTaken': 'This username is already taken',
    'v.emailTaken': 'This e-mail is already registered',
    'v.mobileTaken': 'This mobile number is already registered',
    'v.orgCodeTaken': 'This short code is already taken',
    'v.oldPasswordWrong': 'The current password is wrong',
    'v.nameTaken': 'This name already exists',
    'v.codeTaken': 'This code already exists',
    'v.parentCycle': 'A node cannot be moved under itself or one of its descendants',
    'v.unknownOrg': 'No such organisation',
    'v.color': 'Enter a colour as #RRGGBB',
    'v.dateRange': 'The end must not be before the start',
    'v.notFound': 'The chosen record does not exist',
    'v.samePassword': 'The new password must differ from the current one',
    'v.hasChildren': 'It still has child nodes; delete or move them first',
    'v.hasPositions': 'The department still has positions; delete or move them first',
    'v.hasMembers': '{members} users still belong here; move them first',
    'v.roleInUse': '{members} users still hold this role; remove it from them first',
    'v.systemRole': 'The administrator role cannot be deleted or lose permissions',
    'v.unknownPermission': 'Contains an unknown permission',
    'v.permissionNotHeld': 'You cannot grant permissions you do not hold yourself',
    'v.notScopedModule': 'This module has no data scope',
    'v.unknownRecordType': 'Unknown record type',
  },
} as const;

export type MessageKey = keyof (typeof messages)['zh-CN'];

export function pickLocale(header: string | undefined | null): Locale {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]!.trim().toLowerCase();
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}

/** Translates a key (with `{name}` parameters); text that is not a key is returned as it is. */
export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const table = messages[locale] as Record<string, string>;
  let text = table[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}
