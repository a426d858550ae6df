import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserStatus } from './users.api.ts';

const COLORS: Record<UserStatus, string | undefined> = {
  active: 'green',
  locked: 'orange',
  disabled: undefined,
  pending: 'blue',
  unverified: 'gold',
  rejected: 'red',
};

/** A lock-out after failed sign-ins lasts a while and is lifted like a lock. */
export function isTemporarilyLocked(user: { status: UserStatus; lockedUntil: string | null }): boolean {
  return user.status === 'active' && user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
}

export function UserStatusTag({ user }: { user: { status: UserStatus; lockedUntil: string | null } }) {
  const { t } = useTranslation();
  if (isTemporarilyLocked(user)) return <Tag color="volcano">{t('users.status.temporarilyLocked')}</Tag>;
  return <Tag color={COLORS[user.status]}>{t(`users.status.${user.status}`)}</Tag>;
}
