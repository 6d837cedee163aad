/** Bokmål texts of the sign-in page: the source of their message keys. */
export const loginNb = {
  'login.title': 'Logg inn i nodmeld',
  'login.intro': 'Logg inn med brukernavn og passord.',
  'login.introOidc': 'Logg inn med {name}, som du bruker i helsetjenesten.',
  'login.withProvider': 'Logg inn med {name}',
  'login.passwordHeading': 'Eller logg inn med brukernavn og passord',
  'login.passwordAdminsOnly': 'Innlogging med passord er bare for administratorer.',
  'login.username': 'Brukernavn',
  'login.password': 'Passord',
  'login.submit': 'Logg inn',
  'login.failed': 'Innloggingen mislyktes',
  'login.sessionExpired': 'Økten er utløpt. Logg inn på nytt.',
} as const;
