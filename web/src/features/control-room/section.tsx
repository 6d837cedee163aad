/** Sentralbord (issue 11): the operators' page — a centre's waiting calls, its live service level, answering. */
import type { AppSection } from '../../shared/section.ts';
import { ControlRoomPage } from './control-room-page.tsx';

export const controlRoomSection: AppSection = {
  id: 'control-room',
  labelKey: 'nav.controlRoom',
  capability: 'calls.answer',
  pages: [
    { path: '/calls/control-room', labelKey: 'nav.controlRoom.queue', render: () => <ControlRoomPage /> },
  ],
};
