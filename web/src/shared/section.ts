/**
 * What a feature hands the shell: its section of the menu and its pages. Each feature folder
 * exports one `AppSection` from its `section.tsx`; `sections.tsx` lists them, and the menu and the
 * router are both built from that list.
 */
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/i18n.tsx';

export interface AppPage {
  /** Path pattern, e.g. `/readiness/onboarding/:unitId`. */
  path: string;
  /** Menu label; pages without one (detail pages) are routed but not listed. */
  labelKey?: MessageKey;
  /** Highlight this menu entry for these other paths (detail pages). */
  activeFor?: string[];
  /** The server capability the menu needs to list this page (besides the section's). */
  capability?: string;
  render: (params: Record<string, string>) => ReactNode;
}

export interface AppSection {
  id: string;
  labelKey: MessageKey;
  /** The server capability (a policy action) the menu needs to show the section. */
  capability?: string;
  pages: AppPage[];
}
