import { useState, type FormEvent } from "react";
import { MFA_REQUIRED, signIn, staffSignIn } from "./api";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import { ErrorCallout } from "../components/ErrorCallout";
import { BrandMark } from "../components/icons";
import { useServerStatus } from "../hooks/useServerStatus";
import { useSession } from "./SessionContext";
import "./SignInPage.css";
import { Field } from "../components/Field";

type Audience = "member" | "staff";

/**
 * Email and password first; the authenticator code only when the server says the
 * account needs one (platform staff always need one). The server address is editable
 * because one app serves the hosted service and any local demo server.
 */
export function SignInPage() {
  const { state, enter } = useSession();
  const server = useServerStatus();
  const [audience, setAudience] = useState<Audience>("member");
  const [serverUrl, setServerUrl] = useState<string | null>(null);
  const [tenant, setTenant] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(
    state.status === "signed_out" ? state.error : null,
  );

  const url = serverUrl ?? server.serverUrl ?? "";
  const askCode = audience === "staff" || needsCode;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const mfaCode = askCode ? code.trim() : null;
      const signedIn =
        audience === "staff"
          ? await staffSignIn(url, { email, password, mfaCode: mfaCode ?? "" })
          : await signIn(url, { tenant: tenant.trim(), email, password, mfaCode });
      enter(signedIn);
    } catch (e) {
      const failure = toErrorBody(e);
      if (failure.code === MFA_REQUIRED && audience === "member") {
        setNeedsCode(true);
      } else {
        setError(failure);
      }
      setBusy(false);
    }
  };

  const switchAudience = (next: Audience) => {
    setAudience(next);
    setNeedsCode(false);
    setCode("");
    setError(null);
  };

  return (
    <div className="signin">
      <form className="signin__card" onSubmit={submit} aria-label="Sign in" data-testid="signin-form">
        <div className="signin__brand">
          <BrandMark />
          <span>Brokerdesk</span>
        </div>
        <h1 className="signin__title">{askCode && audience === "member" ? "Two-step verification" : "Sign in"}</h1>

        <div className="segmented" role="radiogroup" aria-label="Account type">
          {(["member", "staff"] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={audience === option}
              className={audience === option ? "segmented__option segmented__option--on" : "segmented__option"}
              onClick={() => switchAudience(option)}
              data-testid={`signin-audience-${option}`}
            >
              {option === "member" ? "Brokerage" : "Platform staff"}
            </button>
          ))}
        </div>

        <Field label="Server">
          <input
            className="input input--mono"
            value={url}
            onChange={(e) => setServerUrl(e.target.value)}
            required
            spellCheck={false}
            data-testid="signin-server"
          />
        </Field>
        {audience === "member" ? (
          <Field label="Workspace" hint="Your brokerage's Brokerdesk address, e.g. acme">
            <input
              className="input"
              value={tenant}
              onChange={(e) => setTenant(e.target.value)}
              placeholder="acme"
              required
              autoFocus
              spellCheck={false}
              autoCapitalize="off"
              data-testid="signin-tenant"
            />
          </Field>
        ) : null}
        <Field label="Email">
          <input
            className="input"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="username"
            data-testid="signin-email"
          />
        </Field>
        <Field label="Password">
          <input
            className="input"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
            data-testid="signin-password"
          />
        </Field>
        {askCode ? (
          <Field label="Authenticator code" hint="The 6-digit code from your authenticator app, or a recovery code.">
            <input
              className="input input--mono"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              autoFocus={needsCode}
              data-testid="signin-code"
            />
          </Field>
        ) : null}

        {error ? <ErrorCallout error={error} testId="signin-error" /> : null}

        <button type="submit" className="button button--primary signin__submit" disabled={busy} data-testid="signin-submit">
          {busy ? "Signing in…" : askCode ? "Verify and sign in" : "Sign in"}
        </button>
      </form>
    </div>
  );
}
