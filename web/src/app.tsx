/** Top-level component: providers, sign-in gate and the route table built from SECTIONS. */
import { useEffect } from 'react';
import { BodyShort, Heading, Loader, VStack } from '@navikt/ds-react';
import { I18nProvider, useI18n } from './shared/i18n/i18n.tsx';
import { AuthProvider, useAuth } from './shared/auth.tsx';
import { AppLink, matchPath, navigate, useLocation } from './shared/router.tsx';
import { BareLayout, Layout } from './layout.tsx';
import { LoginPage } from './features/login/login-page.tsx';
import { HOME_PATH, SECTIONS } from './sections.tsx';

function NotFound({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('app.notFound.title')}
      </Heading>
      <BodyShort>{t('app.notFound.body', { path })}</BodyShort>
      <AppLink href={HOME_PATH}>{t('app.home')}</AppLink>
    </VStack>
  );
}

function Routes({ location }: { location: string }) {
  const path = location.split('?')[0] ?? '/';
  for (const section of SECTIONS) {
    for (const page of section.pages) {
      const params = matchPath(page.path, path);
      if (params) return <>{page.render(params)}</>;
    }
  }
  return <NotFound path={path} />;
}

function Gate() {
  const { state } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  useEffect(() => {
    if (state.status === 'signed-in' && (location === '/' || location.startsWith('/login'))) {
      navigate(HOME_PATH, { replace: true });
    }
  }, [state.status, location]);
  if (state.status === 'loading') {
    return (
      <BareLayout>
        <Loader size="large" title={t('app.loading')} />
      </BareLayout>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <BareLayout>
        <LoginPage expired={state.expired} />
      </BareLayout>
    );
  }
  return (
    <Layout location={location} actor={state.actor}>
      <Routes location={location} />
    </Layout>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </I18nProvider>
  );
}
