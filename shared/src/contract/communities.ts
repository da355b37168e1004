/** Schemas of the communities module's routes: 通存通兑 (see ../acceptance.ts). */
import { z } from 'zod';
import { acceptanceScopes } from '../acceptance';
import { idOut, listOut, textOut } from './common';

export const acceptanceScopeSchema = z.enum(acceptanceScopes);

/** PUT /communities/:id/acceptance: the community's own decision, or null to follow its district. */
export const communityAcceptanceBody = z.strictObject({ scope: acceptanceScopeSchema.nullable() });
/** PUT /districts/:id/acceptance. */
export const districtAcceptanceBody = z.strictObject({ scope: acceptanceScopeSchema });

const labelOut = z.strictObject({ zh: textOut(40), en: textOut(80) });

/** A community's 通存通兑 policy, and where its certificates are honoured (both sides agreeing). */
export const communityAcceptanceOut = z.strictObject({
  communityId: idOut,
  districtId: idOut,
  /** The community's own decision; null: its district's. */
  communityScope: acceptanceScopeSchema.nullable(),
  districtScope: acceptanceScopeSchema,
  /** In force: the community's decision, else the district's. */
  scope: acceptanceScopeSchema,
  label: labelOut,
  /** The communities at whose shops this community's certificates are honoured (itself first). */
  honouredIn: listOut(z.strictObject({ id: idOut, name: textOut(200) }), 1000),
});
export type CommunityAcceptanceDto = z.infer<typeof communityAcceptanceOut>;

export const districtAcceptanceOut = z.strictObject({
  districtId: idOut,
  scope: acceptanceScopeSchema,
  label: labelOut,
});
