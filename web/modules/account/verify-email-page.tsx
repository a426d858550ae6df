import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/auth-card.tsx';
import { api } from '../../lib/api.ts';

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useMutation({ mutationFn: () => api.post('/auth/verify-email', { token }) });
  const started = useRef(false);
  useEffect(() => {
    // The token is single-use: React's development double effects must not spend it twice.
    if (started.current) return;
    started.current = true;
    verify.mutate();
  }, [verify]);

  return (
    <AuthCard title={t('account.verifyTitle')}>
      {verify.isPending || verify.isIdle ? (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin tip={t('account.verifying')} />
        </div>
      ) : verify.isSuccess ? (
        <Result status="success" subTitle={t('account.verified')} extra={<Link to="/login"><Button type="primary">{t('account.loginNow')}</Button></Link>} data-testid="verify-success" />
      ) : (
        <Result status="error" title={t('account.verifyFailed')} subTitle={verify.error?.message} extra={<Link to="/login">{t('account.loginNow')}</Link>} />
      )}
    </AuthCard>
  );
}
