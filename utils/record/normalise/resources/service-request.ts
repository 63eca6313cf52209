/** ServiceRequest: an open referral. */
import type { ServiceRequest } from '@medplum/fhirtypes';
import { clip, readableText } from '../context';
import type { ResourceReader } from '../collected';
import { referralStatus } from '../statuses';

export const readServiceRequest: ResourceReader = (r, { part, into }) => {
  const s = r as unknown as ServiceRequest;
  const verdict = referralStatus(s);
  if (!verdict.keep) return;
  const to = s.performer?.map((p) => part.name(p)).find(Boolean);
  into.referrals.push({ ...part.item(r, verdict, s.authoredOn, part.name(s.requester), to), text: clip(readableText(s.code)) ?? 'service', to });
};
