/** State for a form that posts to the API: busy flag, the last problem, and field errors. */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { fieldErrorsOf } from './problem.tsx';

export function useSubmit<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
  onDone?: (r: R) => void,
) {
  const { lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      const r = await action(...args);
      onDone?.(r);
      return r;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fieldErrors: fieldErrorsOf(error, lang), run, clear: () => setError(null) };
}
