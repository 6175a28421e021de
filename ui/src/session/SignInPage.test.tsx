import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { mockCommands } from "../test/app";
import { SERVER_URL, availableKeychain, memberSignedIn, reachableServer } from "../test/fixtures";

function signedOut(handlers: Parameters<typeof mockCommands>[0]) {
  const calls = mockCommands({
    restore_session: () => null,
    server_status: () => reachableServer(),
    keychain_status: () => availableKeychain(),
    ...handlers,
  });
  render(<App />);
  return calls;
}

describe("sign-in", () => {
  it("defaults to the configured server and asks for a code only when the account needs one", async () => {
    let attempts = 0;
    const calls = signedOut({
      sign_in: () => {
        attempts += 1;
        if (attempts === 1) throw { code: "mfa_required", message: "Enter the code from your authenticator app." };
        return memberSignedIn();
      },
      list_users: () => [],
      list_invitations: () => [],
    });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId("signin-server")).toHaveValue(SERVER_URL));
    expect(screen.queryByTestId("signin-code")).not.toBeInTheDocument();
    await user.type(screen.getByTestId("signin-tenant"), "harbour");
    await user.type(screen.getByTestId("signin-email"), "dana@harbourrealty.example");
    await user.type(screen.getByTestId("signin-password"), "copper-lantern-orbit");
    await user.click(screen.getByTestId("signin-submit"));

    await user.type(await screen.findByTestId("signin-code"), "123456");
    expect(screen.queryByTestId("signin-error")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("header-tenant")).toHaveTextContent("Harbour Realty");
    const signIns = calls.filter((c) => c.cmd === "sign_in");
    expect(signIns[1]?.args).toEqual({
      serverUrl: SERVER_URL,
      request: {
        tenant: "harbour",
        email: "dana@harbourrealty.example",
        password: "copper-lantern-orbit",
        mfaCode: "123456",
      },
    });
  });

  it("shows a refusal as prose, never JSON", async () => {
    signedOut({
      sign_in: () => {
        throw JSON.stringify({ code: "invalid_credentials", message: "The email or password is not right." });
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("signin-tenant"), "harbour");
    await user.type(screen.getByTestId("signin-email"), "dana@harbourrealty.example");
    await user.type(screen.getByTestId("signin-password"), "wrong");
    await user.click(screen.getByTestId("signin-submit"));
    const error = await screen.findByTestId("signin-error");
    expect(error).toHaveTextContent("The email or password is not right.");
    expect(error).not.toHaveTextContent("{");
  });

  it("always asks platform staff for their code", async () => {
    signedOut({});
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("signin-audience-staff"));
    expect(screen.getByTestId("signin-code")).toBeRequired();
    expect(screen.queryByTestId("signin-tenant")).not.toBeInTheDocument();
  });
});
