/** The AMK picture's codes in words (statuses, kinds, agencies, roster roles, ages), in the user's language. */
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import type { Resource, ResourceKind, ResourceStatus } from './api.ts';
import { amkNb } from './messages.nb.ts';
import { ageOf } from './picture-view.ts';

export function useAmkTexts() {
  const { t } = useI18n();
  const status = (s: ResourceStatus) => t(`amkPicture.status.${s}`);
  const kind = (k: ResourceKind) => t(`amkPicture.kind.${k}`);
  return {
    t,
    status,
    kind,
    /** The kind, with the agency of a first-responder group (“Akutthjelpere (brann)”). */
    kindOf: (r: Pick<Resource, 'kind' | 'agency'>) =>
      r.agency ? `${kind(r.kind)} (${t(`amkPicture.agency.${r.agency}`)})` : kind(r.kind),
    age: (seconds: number) => {
      const a = ageOf(seconds);
      return a.unit === 'hours'
        ? t('amkPicture.age.hours', { h: a.h, m: a.m })
        : t(`amkPicture.age.${a.unit}`, { n: a.n });
    },
    /** A roster role in words; one this page has no text for is shown as the roster wrote it. */
    role: (r: string) => {
      const key = `amkResource.role.${r}`;
      return key in amkNb ? t(key as MessageKey) : r;
    },
  };
}
