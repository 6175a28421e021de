import { describe, expect, it } from "vitest";
import { assignableRoles, can, canChangeRole, canManageMember } from "./permissions";

describe("the permission matrix from core", () => {
  it("gives owners everything and agents no member management", () => {
    expect(can({ role: "owner", support: false }, "manage_provider_keys")).toBe(true);
    expect(can({ role: "admin", support: false }, "manage_provider_keys")).toBe(false);
    expect(can({ role: "agent", support: false }, "manage_users")).toBe(false);
    expect(can({ role: "viewer", support: false }, "view_audit_trail")).toBe(false);
  });

  it("lets only owners make or unmake owners", () => {
    const admin = { role: "admin", support: false } as const;
    expect(assignableRoles(admin)).toEqual(["admin", "agent", "viewer"]);
    expect(canChangeRole(admin, "owner", "viewer")).toBe(false);
    expect(canChangeRole(admin, "agent", "admin")).toBe(true);
    expect(canManageMember(admin, "owner")).toBe(false);
    expect(canChangeRole({ role: "owner", support: false }, "owner", "admin")).toBe(true);
  });

  it("narrows support sessions: no secrets, no owners", () => {
    const support = { role: "admin", support: true } as const;
    expect(can(support, "manage_users")).toBe(true);
    expect(can(support, "manage_api_keys")).toBe(false);
    expect(can(support, "manage_provider_keys")).toBe(false);
    expect(assignableRoles({ role: "owner", support: true })).not.toContain("owner");
  });
});
