import { useQueryClient } from '@tanstack/react-query';

/** After a booking, a move or a cancel: everything on the screen that shows appointments or free time. */
export function useAppointmentsChanged() {
  const queryClient = useQueryClient();
  return () => {
    for (const path of [
      '/api/appointments',
      '/api/availability/slots',
      '/api/owner/schedule',
      '/api/owner/summary',
      '/api/emergencies',
    ]) {
      void queryClient.invalidateQueries({ queryKey: ['get', path] });
    }
  };
}
