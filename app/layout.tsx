import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Header } from '@/components/shell/header';
import { Sidebar } from '@/components/shell/sidebar';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Wharf',
  description: 'Manage and monitor Kafka and RabbitMQ in one place',
};

// Applies the saved theme before first paint, so dark mode does not flash light.
const themeScript = `try{var t=localStorage.getItem('wharf-theme');if(t==='dark'||(!t&&matchMedia('(prefers-color-scheme: dark)').matches))document.documentElement.classList.add('dark')}catch(e){}`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP allows inline scripts only with this request's nonce (set by proxy.ts).
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <Providers>
          {/* The first Tab stop: past the sidebar's links straight to the page. */}
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-slate-900"
          >
            Skip to content
          </a>
          <div className="grid h-screen grid-cols-[15rem_1fr]">
            <aside className="border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900/50">
              <Sidebar />
            </aside>
            <div className="flex min-w-0 flex-col">
              <Header />
              <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-auto p-6 focus:outline-none">{children}</main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
