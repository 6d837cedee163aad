/**
 * Sentralbord (issue 11): the operators' page — a centre's waiting calls, its live service level,
 * answering — and beside it the live figures of every centre: the wall-board (Statustavle) and the
 * national map (Landskart, features/live-figures). Each page needs its own capability.
 */
import type { AppSection } from '../../shared/section.ts';
import { NationalMapPage } from '../live-figures/national-map-page.tsx';
import { WallboardPage } from '../live-figures/wallboard-page.tsx';
import { ControlRoomPage } from './control-room-page.tsx';

export const controlRoomSection: AppSection = {
  id: 'control-room',
  labelKey: 'nav.controlRoom',
  pages: [
    {
      path: '/calls/control-room',
      labelKey: 'nav.controlRoom.queue',
      capability: 'calls.answer',
      render: () => <ControlRoomPage />,
    },
    {
      path: '/calls/wallboard',
      labelKey: 'nav.controlRoom.wallboard',
      capability: 'calls.live-figures',
      render: () => <WallboardPage />,
    },
    {
      path: '/calls/map',
      labelKey: 'nav.controlRoom.map',
      capability: 'calls.live-figures',
      render: () => <NationalMapPage />,
    },
  ],
};
