/** A button that downloads a file (PDF/CSV) with the session token and shows any problem. */
import { useState } from 'react';
import { Button, VStack, type ButtonProps } from '@navikt/ds-react';
import { download, type RequestOptions } from '../api/client.ts';
import { ProblemAlert } from './problem.tsx';

interface DownloadButtonProps {
  path: string;
  fileName: string;
  query?: RequestOptions['query'];
  children: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  /** Accessible name when the visible text is not unique on the page (e.g. one per table row). */
  ariaLabel?: string;
}

export function DownloadButton({
  path,
  fileName,
  query,
  children,
  variant = 'secondary',
  size,
  ariaLabel,
}: DownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const onClick = async () => {
    setBusy(true);
    setError(null);
    try {
      await download(path, fileName, query);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <VStack gap="space-8">
      <Button
        type="button"
        variant={variant}
        size={size}
        loading={busy}
        onClick={onClick}
        aria-label={ariaLabel}
      >
        {children}
      </Button>
      {error ? <ProblemAlert error={error} /> : null}
    </VStack>
  );
}
