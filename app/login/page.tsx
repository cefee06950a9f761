import { Suspense } from 'react';
import { LoginForm } from '@/components/auth/login-form';
import { pageTitle } from '@/app/_server/page-title';

export const metadata = { title: pageTitle('Sign in') };

export default function LoginPage() {
  return (
    <Suspense>
      <LoginForm />
    </Suspense>
  );
}
