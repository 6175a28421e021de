import type { RejectedEdit } from "../bindings/RejectedEdit";
import type { SyncEntity } from "../bindings/SyncEntity";
import { call } from "../api/commands";

/** Edits the server refused, each with its reason: of these records only, or all. */
export const rejectedEdits = (entities?: SyncEntity[]) =>
  call<RejectedEdit[]>("rejected_edits", { entities: entities ?? null });
export const dismissRejectedEdit = (mutationId: string) =>
  call<void>("dismiss_rejected_edit", { mutationId });
