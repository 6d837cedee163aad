/**
 * A tiny client-side router on the History API (no dependency): `useLocation` subscribes to
 * path changes, `navigate` pushes a path, `<AppLink>` renders a real `<a href>` (so open in new
 * tab, copy link and keyboard work) and intercepts plain left clicks.
 */
import {
  forwardRef,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { Link } from '@navikt/ds-react';

const EVENT = 'nodmeld:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** Current path with query string, e.g. `/beredskap/innforing?unit=abc`. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, snapshot, () => '/');
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(EVENT));
  window.scrollTo(0, 0);
}

/** Matches `/a/:id` against a path; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = (path.split('?')[0] ?? '').split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = s[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return params;
}

/** Reads one query-string parameter of the current location. */
export function queryParam(location: string, name: string): string | null {
  const q = location.split('?')[1];
  return q ? new URLSearchParams(q).get(name) : null;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

export const AppLink = forwardRef<HTMLAnchorElement, LinkProps>(function AppLink(
  { href, onClick, ...rest },
  ref,
) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a ref={ref} href={href} onClick={handle} {...rest} />;
});

/** An in-app link with Aksel's link styling. */
export function TextLink({ children, ...props }: LinkProps & { children: ReactNode }) {
  return (
    <Link as={AppLink} {...props}>
      {children}
    </Link>
  );
}
