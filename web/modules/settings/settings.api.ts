import type { Locale } from '../../../shared/i18n/messages.ts';
import type { OrgProfileUpdate, OrgSettings } from '../../../shared/validation/settings.ts';
import { api } from '../../lib/api.ts';

export interface OrgProfile {
  id: string;
  name: string;
  code: string;
  timeZone: string;
  defaultLocale: Locale;
  settings: OrgSettings;
  createdAt: string;
  version: number;
}

export interface RegistrationLink {
  token: string;
  url: string;
}

export const settingsKeys = {
  org: ['org'] as const,
  registrationLink: ['org', 'registration-link'] as const,
};

export const settingsApi = {
  org: () => api.get<OrgProfile>('/org'),
  update: (input: OrgProfileUpdate) => api.put<OrgProfile>('/org', input),
  registrationLink: () => api.get<RegistrationLink>('/org/registration-link'),
  regenerateLink: () => api.post<RegistrationLink>('/org/registration-link/regenerate'),
};
