import { useEffect, useState } from "react";
import { toErrorBody } from "../api/commands";
import { endSupportSession } from "../staff/api";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { SignedIn } from "../bindings/SignedIn";
import { useSession } from "../session/SessionContext";
import "./SupportBanner.css";

type Support = Extract<SignedIn, { kind: "support" }>;

function timeLeft(expiresAt: string, now: number): number {
  return Math.max(0, new Date(expiresAt).getTime() - now);
}

function formatLeft(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/**
 * Shown for as long as platform staff are inside a tenant: who, why, and how long is
 * left. Ending the session deletes its cache in Rust and returns to the staff view.
 * Running out is the shell's to act on (it keeps the clock, even with no window open):
 * it ends the session the same way and tells the window with a `session-ended` event.
 */
export function SupportBanner({ support }: { support: Support }) {
  const { enter, leave } = useSession();
  const [now, setNow] = useState(() => Date.now());
  const [ending, setEnding] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const left = timeLeft(support.session.expiresAt, now);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const end = async () => {
    setEnding(true);
    setError(null);
    try {
      const staff = await endSupportSession();
      if (staff) enter(staff);
      else leave();
    } catch (e) {
      setError(toErrorBody(e));
      setEnding(false);
    }
  };

  const { session, tenant } = support;
  return (
    <div className="support-banner" role="alert" data-testid="support-banner">
      <div className="support-banner__text">
        <strong className="support-banner__title">Support session in {tenant.name}</strong>
        <span>
          {session.staffDisplay} · Reason: “{session.reason}”{session.ticket ? ` · Ticket ${session.ticket}` : ""}
        </span>
        {error ? <span className="support-banner__error">{error.message}</span> : null}
      </div>
      <span className="support-banner__clock" aria-label="Time left" data-testid="support-time-left">
        {formatLeft(left)} left
      </span>
      <button type="button" className="button support-banner__end" onClick={() => void end()} disabled={ending} data-testid="support-end">
        {ending ? "Ending…" : "End session"}
      </button>
    </div>
  );
}
