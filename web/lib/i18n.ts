import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LOCALES, type Locale } from '../../shared/i18n/messages.ts';
import { webMessages } from '../locales/index.ts';

const STORAGE_KEY = 'kehu.locale';

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  return navigator.language.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN';
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: webMessages['zh-CN'] }, 'en-US': { translation: webMessages['en-US'] } },
  lng: initialLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

function applyLocale(locale: string) {
  dayjs.locale(locale === 'en-US' ? 'en' : 'zh-cn');
  document.documentElement.lang = locale;
}
applyLocale(i18n.language);

export function setLocale(locale: Locale) {
  localStorage.setItem(STORAGE_KEY, locale);
  applyLocale(locale);
  return i18n.changeLanguage(locale);
}

export const currentLocale = () => i18n.language as Locale;
