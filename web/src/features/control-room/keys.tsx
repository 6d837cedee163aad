/** Keyboard shortcuts as the control room shows them: `<kbd>` keys, visible. */
import { useI18n } from '../../shared/i18n/i18n.tsx';

export function Keys({ keys }: { keys: string[] }) {
  const { t } = useI18n();
  return (
    <>
      {keys.map((k, i) => (
        <span key={k}>
          {i > 0 && ` ${t('controlRoom.shortcuts.or')} `}
          <kbd className="nm-kbd">{k}</kbd>
        </span>
      ))}
    </>
  );
}

/** Whether an element takes typed text (the single-key shortcuts stay out of it). */
export const isFormField = (el: Element | null) =>
  !!el && ((el as HTMLElement).isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
