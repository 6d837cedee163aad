/** A short confirmation after a change, announced to screen readers. */
import type { ReactNode } from 'react';
import { Alert } from '@navikt/ds-react';

export function SuccessNote({ children }: { children: ReactNode }) {
  return (
    <Alert variant="success" size="small" role="status">
      {children}
    </Alert>
  );
}
