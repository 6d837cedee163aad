/** Small form helpers on top of Aksel: a date field and a file field with a proper label. */
import { useId, type ChangeEvent } from 'react';
import { BodyShort, ErrorMessage, Label, TextField, type TextFieldProps } from '@navikt/ds-react';

type DateFieldProps = Omit<TextFieldProps, 'type' | 'value' | 'onChange'> & {
  value: string;
  onChange: (value: string) => void;
};

/**
 * A native date input with Aksel's text-field styling: keyboard-friendly, works with screen
 * readers, and shows dd.mm.åååå in a Norwegian browser. Aksel's TextField type list omits
 * `date`, though the component passes it straight to the <input>.
 */
export function DateField({ value, onChange, ...rest }: DateFieldProps) {
  return (
    <TextField
      {...rest}
      type={'date' as TextFieldProps['type']}
      value={value}
      onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
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
