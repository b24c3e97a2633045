import { useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';

type Campaign = components['schemas']['CampaignResponse'];

/** After a move: the campaign as the API answered, and every list and count that shows it. */
export function useCampaignMoved() {
  const queryClient = useQueryClient();
  return (campaign?: Campaign) => {
    if (campaign) {
      queryClient.setQueryData(['get', '/api/campaigns/{id}', { params: { path: { id: campaign.id } } }], campaign);
    }
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/campaigns'] });
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/campaigns/{id}'] });
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/campaigns/{id}/recipients'] });
    void queryClient.invalidateQueries({ queryKey: ['get', '/api/campaigns/{id}/preview'] });
  };
}
