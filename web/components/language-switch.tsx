import { GlobalOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/i18n/messages.ts';
import { api } from '../lib/api.ts';
import { setLocale } from '../lib/i18n.ts';
import { meKey, useMe } from '../lib/session.ts';

const LABELS: Record<Locale, string> = { 'zh-CN': '简体中文', 'en-US': 'English' };

/** Switches the interface at once; for a signed-in user the choice is also saved as a preference. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const choose = async (locale: Locale) => {
    await setLocale(locale);
    if (me && me.user.prefs.locale !== locale) {
      await api
        .put('/profile', { name: me.user.name, prefs: { ...me.user.prefs, locale }, version: me.user.version })
        .then(() => qc.invalidateQueries({ queryKey: meKey }))
        .catch(() => undefined);
    }
  };
  return (
    <Dropdown
      menu={{
        selectedKeys: [i18n.language],
        items: (Object.keys(LABELS) as Locale[]).map((l) => ({ key: l, label: LABELS[l], onClick: () => void choose(l) })),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('nav.language')} data-testid="language-switch">
        {!compact && (LABELS[i18n.language as Locale] ?? LABELS['zh-CN'])}
      </Button>
    </Dropdown>
  );
}
