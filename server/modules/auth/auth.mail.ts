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
