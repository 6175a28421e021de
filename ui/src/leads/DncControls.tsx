import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorCallout } from "../components/ErrorCallout";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { addDnc, dncList, removeDnc } from "./api";
import { leadKeys } from "./useLeads";

export const dncKey = [...leadKeys.all, "dnc"] as const;

/** The tenant's do-not-call list, from the cache. */
export function useDncList() {
  return useQuery({ queryKey: dncKey, queryFn: dncList });
}

interface DncControlsProps {
  phone: string;
  /** Anyone who works leads may put a number on the list. */
  canAdd: boolean;
  /** Taking one off is for those who manage every lead. */
  canRemove: boolean;
}

/** Whether one number is on the do-not-call list, and putting it on or taking it off. */
export function DncControls({ phone, canAdd, canRemove }: DncControlsProps) {
  const list = useDncList();
  const [reason, setReason] = useState("");
  const [adding, setAdding] = useState(false);
  const add = useCommandMutation(addDnc, [leadKeys.all], () => {
    setAdding(false);
    setReason("");
  });
  const remove = useCommandMutation(removeDnc, [leadKeys.all]);
  const listed = list.data?.find((e) => e.phone === phone);

  return (
    <div className="dnc-controls" data-testid="dnc-controls">
      {listed ? (
        <>
          <span className="badge badge--negative" data-testid="dnc-listed">
            On the do-not-call list{listed.reason ? `: ${listed.reason}` : ""}
          </span>
          {canRemove ? (
            <button type="button" className="button button--ghost button--small" disabled={remove.busy} onClick={() => remove.run(listed.id)} data-testid="dnc-remove">
              Take off the list
            </button>
          ) : null}
        </>
      ) : canAdd && !adding ? (
        <button type="button" className="button button--ghost button--small" onClick={() => setAdding(true)} data-testid="dnc-add-open">
          Add {phone} to the do-not-call list
        </button>
      ) : null}
      {adding ? (
        <form
          className="dnc-controls__form"
          onSubmit={(e) => {
            e.preventDefault();
            add.run({ phone, reason: reason.trim() === "" ? null : reason.trim() });
          }}
        >
          <input className="input input--small" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason, e.g. asked on a call" aria-label="Reason" data-testid="dnc-reason" />
          <button type="submit" className="button button--danger button--small" disabled={add.busy} data-testid="dnc-add">
            Add to list
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </form>
      ) : null}
      {add.error ? <ErrorCallout error={add.error} /> : null}
      {remove.error ? <ErrorCallout error={remove.error} /> : null}
    </div>
  );
}
