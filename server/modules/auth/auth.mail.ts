import type { Locale } from '../../../shared/i18n/messages.ts';

export function verificationMail(locale: Locale, name: string, link: string) {
  return locale === 'en-US'
    ? {
        subject: 'Kehu: verify your e-mail address',
        text: `Hello ${name},\n\nplease open this link to verify your e-mail address:\n${link}\n\nAfter verification an administrator reviews your registration.\nThe link is valid for 24 hours.`,
      }
    : {
        subject: '客户 Kehu：请验证您的邮箱',
        text: `${name}，您好：\n\n请打开以下链接验证您的邮箱：\n${link}\n\n验证后，管理员将审核您的注册申请。链接 24 小时内有效。`,
      };
}

export function resetMail(locale: Locale, name: string, link: string) {
  return locale === 'en-US'
    ? {
        subject: 'Kehu: reset your password',
        text: `Hello ${name},\n\nopen this link to set a new password:\n${link}\n\nThe link can be used once and expires in 30 minutes. If you did not ask for it, ignore this mail.`,
      }
    : {
        subject: '客户 Kehu：重置密码',
        text: `${name}，您好：\n\n请打开以下链接设置新密码：\n${link}\n\n该链接只能使用一次，30 分钟内有效。如果不是您本人操作，请忽略此邮件。`,
      };
}

/** The in-app notice and e-mail a registrant gets once an administrator approved the account. */
export function registrationApprovedNotice(locale: Locale, name: string, orgName: string) {
  return locale === 'en-US'
    ? { title: 'Kehu: your registration was approved', body: `Hello ${name},\n\nyour account at ${orgName} is active now. You can sign in.` }
    : { title: '客户 Kehu：您的注册申请已通过', body: `${name}，您好：\n\n您在「${orgName}」的账号已开通，现在可以登录了。` };
}

export function registrationRejectedMail(locale: Locale, name: string, orgName: string, reason?: string) {
  return locale === 'en-US'
    ? {
        subject: 'Kehu: your registration was declined',
        text: `Hello ${name},\n\nyour registration at ${orgName} was declined.${reason ? `\nReason: ${reason}` : ''}\n\nPlease contact the administrator if you think this is a mistake.`,
      }
    : {
        subject: '客户 Kehu：您的注册申请未通过',
        text: `${name}，您好：\n\n您在「${orgName}」的注册申请未通过审核。${reason ? `\n原因：${reason}` : ''}\n\n如有疑问，请联系管理员。`,
      };
}

export function lockedMail(locale: Locale | string, name: string, until: Date, timeZone: string, forgotLink: string) {
  const time = new Intl.DateTimeFormat(locale === 'en-US' ? 'en-GB' : 'zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(until);
  return locale === 'en-US'
    ? {
        subject: 'Kehu: your account was locked',
        text: `Hello ${name},\n\nafter 5 wrong passwords your Kehu account is locked until ${time}.\nIf that was not you, someone may be guessing your password: reset it here:\n${forgotLink}`,
      }
    : {
        subject: '客户 Kehu：您的账号已被锁定',
        text: `${name}，您好：\n\n由于连续 5 次密码错误，您的账号已被锁定至 ${time}。\n如果不是您本人操作，可能有人在尝试猜测您的密码，请通过以下链接重置密码：\n${forgotLink}`,
      };
}
