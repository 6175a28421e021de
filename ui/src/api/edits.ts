import type { RejectedEdit } from "../bindings/RejectedEdit";
import type { SyncEntity } from "../bindings/SyncEntity";
import { call } from "./commands";

/** Edits of these records the server refused, each with its reason. */
export const rejectedEdits = (entities: SyncEntity[]) =>
  call<RejectedEdit[]>("rejected_edits", { entities });
export const dismissRejectedEdit = (mutationId: string) =>
  call<void>("dismiss_rejected_edit", { mutationId });
