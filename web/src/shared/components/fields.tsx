/** Small form helpers on top of Aksel: a date field and a file field with a proper label. */
import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { BodyShort, ErrorMessage, Label, TextField, type TextFieldProps } from '@navikt/ds-react';

type DateFieldProps = Omit<TextFieldProps, 'type' | 'value' | 'onChange' | 'error'> & {
  /** `YYYY-MM-DD` or empty. */
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const NB = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** `dd.mm.åååå` (or `YYYY-MM-DD`) → `YYYY-MM-DD`; null when not a calendar date. */
export function parseNbDate(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO.exec(s);
  const nb = NB.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (nb) [d, m, y] = [Number(nb[1]), Number(nb[2]), Number(nb[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const toNb = (iso: string) => {
  const m = ISO.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
};

/**
 * A date typed as dd.mm.åååå, whatever the browser's own locale (a native date input would
 * show mm/dd/yyyy in an English browser). ISO dates are accepted too. The value is `YYYY-MM-DD`.
 */
export function DateField({ value, onChange, error, ...rest }: DateFieldProps) {
  const { t } = useI18n();
  const [text, setText] = useState(() => toNb(value));
  const [bad, setBad] = useState(false);
  // Follow changes from outside (a reset, a preset) unless the text already means that date.
  useEffect(() => {
    if ((parseNbDate(text) ?? '') !== value) {
      setText(toNb(value));
      setBad(false);
    }
  }, [value]);
  const commit = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setBad(false);
      onChange('');
      return;
    }
    const iso = parseNbDate(next);
    if (iso) {
      setBad(false);
      onChange(iso);
    }
  };
  return (
    <TextField
      {...rest}
      placeholder={t('date.format')}
      htmlSize={12}
      inputMode="numeric"
      autoComplete="off"
      value={text}
      onChange={(e: ChangeEvent<HTMLInputElement>) => commit(e.target.value)}
      onBlur={() => {
        const iso = parseNbDate(text);
        if (iso) setText(toNb(iso));
        setBad(text.trim() !== '' && !iso);
      }}
      error={error ?? (bad ? t('date.invalid') : undefined)}
    />
  );
}

interface FileFieldProps {
  label: string;
  description?: string;
  accept?: string;
  error?: string | null;
  onFile: (file: File | null) => void;
  name?: string;
}

export function FileField({
  label,
  description,
  accept = '.csv,text/csv',
  error,
  onFile,
  name,
}: FileFieldProps) {
  const id = useId();
  const descId = `${id}-desc`;
  const errId = `${id}-err`;
  return (
    <div className="nm-file-field">
      <Label htmlFor={id}>{label}</Label>
      {description && (
        <BodyShort id={descId} size="small" className="nm-muted">
          {description}
        </BodyShort>
      )}
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={
          [description ? descId : '', error ? errId : ''].filter(Boolean).join(' ') || undefined
        }
        aria-invalid={error ? true : undefined}
        onChange={(e) => onFile(e.target.files?.[0] ?? null)}
      />
      {error && <ErrorMessage id={errId}>{error}</ErrorMessage>}
    </div>
  );
}
