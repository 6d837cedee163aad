/** Sign-in with username and password (POST /api/v1/auth/login). */
import { useState, type FormEvent } from 'react';
import { Alert, BodyShort, Button, Heading, TextField, VStack } from '@navikt/ds-react';
import { useAuth } from '../../shared/auth.tsx';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { fieldErrorsOf, problemOf, ProblemAlert } from '../../shared/components/problem.tsx';

export function LoginPage({ expired }: { expired: boolean }) {
  const { t, lang } = useI18n();
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fe = fieldErrorsOf(error, lang);

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
      <form onSubmit={submit} noValidate>
        <VStack gap="space-16">
          <Heading level="1" size="large">
            {t('login.title')}
          </Heading>
          <BodyShort>{t('login.intro')}</BodyShort>
          {expired && !error && <Alert variant="info">{t('login.sessionExpired')}</Alert>}
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
          <Button type="submit" loading={busy}>
            {t('login.submit')}
          </Button>
        </VStack>
      </form>
    </div>
  );
}
