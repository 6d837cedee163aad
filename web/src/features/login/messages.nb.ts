/** Bokmål texts of the sign-in page: the source of their message keys. */
export const loginNb = {
  'login.title': 'Logg inn i nodmeld',
  'login.intro': 'Logg inn med brukernavn og passord.',
  'login.username': 'Brukernavn',
  'login.password': 'Passord',
  'login.submit': 'Logg inn',
  'login.failed': 'Innloggingen mislyktes',
  'login.sessionExpired': 'Økten er utløpt. Logg inn på nytt.',
} as const;
