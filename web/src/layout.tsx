/** The shell: header (product, user, language, sign out), section menu and the main region. */
import { useEffect, useRef, type ReactNode } from 'react';
import { InternalHeader, Provider, Spacer } from '@navikt/ds-react';
import { en as akselEn, nb as akselNb } from '@navikt/ds-react/locales';
import { AppLink, matchPath } from './shared/router.tsx';
import { useI18n, type MessageKey, type Translate } from './shared/i18n/i18n.tsx';
import { nb } from './shared/i18n/catalogue.ts';
import { can, useAuth, type SessionActor } from './shared/auth.tsx';
import { SECTIONS } from './sections.tsx';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const other = lang === 'nb' ? 'en' : 'nb';
  return (
    <InternalHeader.Button
      className="nm-header-lang"
      lang={other}
      aria-label={`${t('header.language')}: ${t(other === 'en' ? 'header.lang.en' : 'header.lang.nb')}`}
      onClick={() => setLang(other)}
    >
      {t(other === 'en' ? 'header.lang.en' : 'header.lang.nb')}
    </InternalHeader.Button>
  );
}

/** The role in words (the server's role code if it is one this version does not know). */
function roleLabel(t: Translate, role: string): string {
  const key = `role.${role}` as MessageKey;
  return key in nb ? t(key) : role;
}

function Header({ actor }: { actor: SessionActor | null }) {
  const { t } = useI18n();
  const { logout } = useAuth();
  return (
    <InternalHeader>
      <InternalHeader.Title as={AppLink} href="/">
        {t('app.name')}
      </InternalHeader.Title>
      <Spacer />
      <LanguageSwitch />
      {actor && (
        <>
          <InternalHeader.User
            name={actor.name}
            description={t('header.role', { role: roleLabel(t, actor.role) })}
          />
          <InternalHeader.Button onClick={() => void logout()}>{t('header.signOut')}</InternalHeader.Button>
        </>
      )}
    </InternalHeader>
  );
}

function isActive(location: string, path: string, activeFor: string[] = []): boolean {
  return [path, ...activeFor].some((p) => matchPath(p, location) !== null);
}

function Menu({ location }: { location: string }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  return (
    <nav className="nm-nav" aria-label={t('nav.label')}>
      {SECTIONS.filter((s) => !s.capability || can(actor, s.capability))
        .map((s) => ({
          ...s,
          pages: s.pages.filter((p) => p.labelKey && (!p.capability || can(actor, p.capability))),
        }))
        .filter((s) => s.pages.length > 0)
        .map((s) => (
          <section key={s.id} aria-labelledby={`nav-${s.id}`}>
            <h2 id={`nav-${s.id}`}>{t(s.labelKey)}</h2>
            <ul>
              {s.pages.map((p) => (
                <li key={p.path}>
                  <AppLink
                    href={p.path}
                    aria-current={isActive(location, p.path, p.activeFor) ? 'page' : undefined}
                  >
                    {t(p.labelKey!)}
                  </AppLink>
                </li>
              ))}
            </ul>
          </section>
        ))}
    </nav>
  );
}

/** Aksel's own texts (e.g. the search field's clear button) in the interface language. */
function AkselLanguage({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return <Provider locale={lang === 'en' ? akselEn : akselNb}>{children}</Provider>;
}

export function Layout({
  location,
  actor,
  children,
}: {
  location: string;
  actor: SessionActor;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // Move focus to the new page on navigation so keyboard and screen-reader users start at its top.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [location]);
  return (
    <AkselLanguage>
      <a className="nm-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header actor={actor} />
      <div className="nm-shell">
        <Menu location={location} />
        <main id="main" ref={main} tabIndex={-1} className="nm-main">
          {children}
        </main>
      </div>
    </AkselLanguage>
  );
}

export function BareLayout({ children }: { children: ReactNode }) {
  return (
    <AkselLanguage>
      <Header actor={null} />
      <main id="main" className="nm-main">
        {children}
      </main>
    </AkselLanguage>
  );
}
