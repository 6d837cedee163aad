/** Page frame: the h1, an intro and the page's sections in panels. */
import { useId, type ReactNode, type Ref } from 'react';
import { BodyLong, Heading, VStack } from '@navikt/ds-react';

export function PageFrame({
  title,
  intro,
  actions,
  children,
}: {
  title: string;
  intro?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <VStack gap="space-24">
      <VStack gap="space-8">
        <Heading level="1" size="large">
          {title}
        </Heading>
        {intro && <BodyLong className="nm-muted">{intro}</BodyLong>}
        {actions}
      </VStack>
      {children}
    </VStack>
  );
}

export function Panel({
  title,
  level = '2',
  children,
  id,
  headingRef,
}: {
  title: string;
  level?: '2' | '3';
  children: ReactNode;
  id?: string;
  /** A focus target (the heading takes focus from code, not from Tab). */
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const headingId = useId();
  return (
    <section className="nm-panel" aria-labelledby={headingId} id={id}>
      <VStack gap="space-16">
        <Heading
          level={level}
          size={level === '2' ? 'medium' : 'small'}
          id={headingId}
          ref={headingRef}
          tabIndex={headingRef ? -1 : undefined}
        >
          {title}
        </Heading>
        {children}
      </VStack>
    </section>
  );
}
