import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { AppLayout } from './components/app-layout.tsx';
import { FullPageSpin } from './components/full-page-spin.tsx';
import { NotFoundPage } from './components/result-pages.tsx';
import { api } from './lib/api.ts';
import { ForgotPasswordPage } from './modules/account/forgot-password-page.tsx';
import { LoginPage } from './modules/account/login-page.tsx';
import { RegisterPage } from './modules/account/register-page.tsx';
import { ResetPasswordPage } from './modules/account/reset-password-page.tsx';
import { SetupPage } from './modules/account/setup-page.tsx';
import { VerifyEmailPage } from './modules/account/verify-email-page.tsx';
import { webModules } from './modules/index.ts';

/** Until an organisation exists every page leads to set-up, and afterwards set-up leads to sign-in. */
function SetupGate({ children }: { children?: ReactNode }) {
  const location = useLocation();
  const { data, isLoading } = useQuery({
    queryKey: ['setup-status'],
    queryFn: () => api.get<{ setUp: boolean; orgCode?: string }>('/setup/status'),
    staleTime: Infinity,
  });
  if (isLoading || !data) return <FullPageSpin />;
  const onSetup = location.pathname === '/setup';
  if (!data.setUp && !onSetup) return <Navigate to="/setup" replace />;
  if (data.setUp && onSetup) return <Navigate to={data.orgCode ? `/login?org=${encodeURIComponent(data.orgCode)}` : '/login'} replace />;
  return children ?? <Outlet />;
}

export const router = createBrowserRouter([
  {
    element: <SetupGate />,
    children: [
      { path: '/setup', element: <SetupPage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      {
        path: '/',
        element: <AppLayout />,
        children: [...webModules.flatMap((m) => m.routes), { path: '*', element: <NotFoundPage /> }],
      },
    ],
  },
]);
