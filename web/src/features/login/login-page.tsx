/**
 * Sign-in: with the OpenID provider (HelseID) when the server has one — a plain link to
 * `/api/v1/auth/oidc/start`, which sends the browser to the provider and back with the session
 * cookies — and with username and password (POST /api/v1/auth/login), for everyone or, when the
 * server says so, administrators only. A refused sign-in at the provider comes back as
 * `?signInError=<code>`, shown in the reader's language.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, BodyShort, Button, Heading, TextField, VStack } from '@navikt/ds-react';
import { useAuth } from '../../shared/auth.tsx';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { ApiError } from '../../shared/api/client.ts';
import { fieldErrorsOf, problemOf, ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { navigate, queryParam, useLocation } from '../../shared/router.tsx';
import { authMethods } from './api.ts';

/** Where the provider's sign-in comes back to: this page's path, unless it is the login page. */
function returnPath(location: string): string | null {
  return location === '/' || location.startsWith('/login') ? null : location;
}

export function LoginPage({ expired }: { expired: boolean }) {
  const { t, lang } = useI18n();
  const { login } = useAuth();
  const location = useLocation();
  const methods = useResource((signal) => authMethods(signal), []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The provider's refusal, read once; the address is cleaned so a reload does not repeat it.
  const [providerError] = useState<unknown>(() => {
    const code = queryParam(location, 'signInError');
    return code ? new ApiError({ title: '', status: 401, code: 'unauthenticated', detailCode: code }) : null;
  });
  useEffect(() => {
    if (queryParam(location, 'signInError')) navigate('/login', { replace: true });
  }, [location]);
  const fe = fieldErrorsOf(error, lang);
  const oidc = methods.data?.oidc ?? null;
  const adminsOnly = methods.data?.password === 'admins';
  const back = returnPath(location);
  const startHref = oidc ? `${oidc.startUrl}${back ? `?returnTo=${encodeURIComponent(back)}` : ''}` : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="nm-login nm-panel">
      <VStack gap="space-16">
        <Heading level="1" size="large">
          {t('login.title')}
        </Heading>
        {expired && !error && !providerError && <Alert variant="info">{t('login.sessionExpired')}</Alert>}
        <ProblemAlert error={providerError} title={t('login.failed')} />
        {oidc && (
          <VStack gap="space-8" data-testid="oidc-sign-in">
            <BodyShort>{t('login.introOidc', { name: oidc.name })}</BodyShort>
            <Button as="a" href={startHref} variant="primary">
              {t('login.withProvider', { name: oidc.name })}
            </Button>
          </VStack>
        )}
        <form onSubmit={submit} noValidate>
          <VStack gap="space-16">
            {oidc ? (
              <Heading level="2" size="small">
                {t('login.passwordHeading')}
              </Heading>
            ) : (
              <BodyShort>{t('login.intro')}</BodyShort>
            )}
            {adminsOnly && <BodyShort size="small">{t('login.passwordAdminsOnly')}</BodyShort>}
            <ProblemAlert
              error={error}
              shownFields={['username', 'password']}
              title={problemOf(error)?.status === 401 ? t('login.failed') : undefined}
            />
            <TextField
              label={t('login.username')}
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              error={fe.username}
              required
            />
            <TextField
              label={t('login.password')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fe.password}
              required
            />
            <Button type="submit" variant={oidc ? 'secondary' : 'primary'} loading={busy}>
              {t('login.submit')}
            </Button>
          </VStack>
        </form>
      </VStack>
    </div>
  );
}
