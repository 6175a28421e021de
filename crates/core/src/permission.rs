//! The permission matrix: what each tenant role may do. The server checks it on every
//! request and the UI reads the same table (exported to `ui/src/bindings`), so the app
//! never offers an action the API would refuse.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::role::Role;

// The enum and `Permission::ALL` come from one list, so a new permission cannot be left
// out of `ALL` and so silently out of the owner's rights and the exported matrix.
macro_rules! permissions {
    ($($(#[$doc:meta])* $name:ident,)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum Permission {
            $($(#[$doc])* $name,)+
        }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$name,)+];
        }
    };
}

permissions! {
    /// Invite, deactivate and change the role of members, within `Role::can_assign`.
    ManageUsers,
    ViewUsers,
    /// Tenant settings and branding.
    ManageSettings,
    /// The tenant's own AI and telephony provider credentials.
    ManageProviderKeys,
    /// Keys the chatbot and the AI calling service use against the API.
    ManageApiKeys,
    ViewAuditTrail,
    ViewPlanAndUsage,
    /// Move the tenant to another plan: the owner's alone, as it is their contract.
    ChangePlan,
    /// The privacy-request register: record clients' requests and track their deadlines.
    ManagePrivacyRequests,
    /// Leads assigned to the user.
    ReadLeads,
    /// Every lead in the tenant, not only assigned ones.
    ReadAllLeads,
    /// Leads assigned to the user.
    WriteLeads,
    WriteAllLeads,
    /// Privacy erasure of a lead.
    DeleteLeads,
    ImportExportLeads,
    ReadKnowledgeBase,
    WriteKnowledgeBase,
    PublishKnowledgeBase,
    /// The roster of commission-earning agents (names, offices, teams).
    ViewRoster,
    /// Add agents to the roster and change them.
    ManageRoster,
    /// Transactions the user is an agent on.
    ReadTransactions,
    /// Every transaction, with every agent's split.
    ReadAllTransactions,
    WriteTransactions,
    /// The user's own commission reports.
    ViewCommissionReports,
    /// Commission reports for every agent and the company.
    ViewAllCommissionReports,
    /// Create and change commission plans and their versions, assign agents to them,
    /// and simulate a plan over past deals.
    ManageCommissionPlans,
    /// Connect and disconnect the brokerage's Dotloop account, and run its import.
    ManageDotloop,
    /// The full export of everything the tenant holds.
    ExportTenantData,
    /// Ask for the whole tenant to be deleted, or cancel that: the owner's alone.
    DeleteTenant,
    ChangeOwnPassword,
    ManageOwnMfa,
    /// Force a password reset or clear the MFA of another member (a lost phone). Limited
    /// by `Role::can_assign` like any other change to a member.
    ResetMemberCredentials,
    /// Retention policies: how long each kind of record is kept before the scheduler
    /// purges it. The owner's alone, as it deletes the brokerage's records for good.
    ManageRetention,
    /// Legal holds on a lead or a transaction, which stop every purge of it.
    ManageLegalHolds,
}

use Permission::*;

// Owners hold every permission. Admins run the brokerage day to day but do not hold the
// provider keys, which spend the owner's money with third parties, nor the one-step
// export of all tenant data, which is the owner's to give away.
const ADMIN: &[Permission] = &[
    ManageUsers,
    ViewUsers,
    ManageSettings,
    ManageApiKeys,
    ViewAuditTrail,
    ViewPlanAndUsage,
    ManagePrivacyRequests,
    ReadLeads,
    ReadAllLeads,
    WriteLeads,
    WriteAllLeads,
    DeleteLeads,
    ImportExportLeads,
    ReadKnowledgeBase,
    WriteKnowledgeBase,
    PublishKnowledgeBase,
    ViewRoster,
    ManageRoster,
    ReadTransactions,
    ReadAllTransactions,
    WriteTransactions,
    ViewCommissionReports,
    ViewAllCommissionReports,
    ManageCommissionPlans,
    ManageDotloop,
    ChangeOwnPassword,
    ManageOwnMfa,
    ResetMemberCredentials,
    ManageLegalHolds,
];

// Agents work their own assigned leads and see their own deals and pay.
const AGENT: &[Permission] = &[
    ViewUsers,
    ReadLeads,
    WriteLeads,
    ReadKnowledgeBase,
    ViewRoster,
    ReadTransactions,
    ViewCommissionReports,
    ChangeOwnPassword,
    ManageOwnMfa,
];

// Viewers (an assistant, a bookkeeper) read the brokerage's business data but never write
// it, and never see secrets or the audit trail with its IP addresses.
const VIEWER: &[Permission] = &[
    ViewUsers,
    ViewPlanAndUsage,
    ReadLeads,
    ReadAllLeads,
    ReadKnowledgeBase,
    ViewRoster,
    ReadTransactions,
    ReadAllTransactions,
    ViewCommissionReports,
    ViewAllCommissionReports,
    ChangeOwnPassword,
    ManageOwnMfa,
];

// Platform staff inside a tenant never touch credentials or secrets, which would let
// them keep access after the session ends, nor carry off the whole tenant.
const DENIED_IN_SUPPORT_SESSION: &[Permission] = &[
    ManageProviderKeys,
    ManageDotloop,
    ManageApiKeys,
    ChangeOwnPassword,
    ManageOwnMfa,
    ResetMemberCredentials,
    ExportTenantData,
    // Staff change a plan through their own audited route, with a reason.
    ChangePlan,
    // Shortening how long records are kept deletes them for good: the owner's decision.
    ManageRetention,
    // Deleting the brokerage is the owner's act; staff can only hold a deletion.
    DeleteTenant,
];

impl Role {
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Role::Owner => Permission::ALL,
            Role::Admin => ADMIN,
            Role::Agent => AGENT,
            Role::Viewer => VIEWER,
        }
    }

    pub fn can(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// Whether this role may give `target` to someone. Only an owner makes an owner, so
    /// an admin cannot promote themselves and take over the tenant. Deactivating a member
    /// or resetting their credentials needs `can_assign(their role)` too.
    pub fn can_assign(self, target: Role) -> bool {
        self.can(ManageUsers) && (target != Role::Owner || self == Role::Owner)
    }

    /// Moving a member from one role to another needs authority over both, so an admin
    /// can neither make nor demote an owner.
    pub fn can_change_role(self, from: Role, to: Role) -> bool {
        self.can_assign(from) && self.can_assign(to)
    }
}

/// A support session acts with a role, restricted further by this table:
/// `role.can(p) && allowed_in_support_session(p)`.
pub fn allowed_in_support_session(permission: Permission) -> bool {
    !DENIED_IN_SUPPORT_SESSION.contains(&permission)
}

/// Support never makes or unmakes an owner: ownership changes hands only by an owner's act.
pub fn role_change_allowed_in_support_session(from: Role, to: Role) -> bool {
    from != Role::Owner && to != Role::Owner
}

/// The matrix as the UI consumes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PermissionMatrix {
    pub roles: Vec<RolePermissions>,
    pub denied_in_support_session: Vec<Permission>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RolePermissions {
    pub role: Role,
    pub permissions: Vec<Permission>,
    /// The roles this role may give to others, for the role picker.
    pub assignable_roles: Vec<Role>,
}

pub fn permission_matrix() -> PermissionMatrix {
    PermissionMatrix {
        roles: Role::ALL
            .into_iter()
            .map(|role| RolePermissions {
                role,
                permissions: Permission::ALL
                    .iter()
                    .copied()
                    .filter(|p| role.can(*p))
                    .collect(),
                assignable_roles: Role::ALL
                    .into_iter()
                    .filter(|target| role.can_assign(*target))
                    .collect(),
            })
            .collect(),
        denied_in_support_session: DENIED_IN_SUPPORT_SESSION.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: bool = true;
    const N: bool = false;

    /// Columns: owner, admin, agent, viewer. The match has no wildcard, so a new
    /// permission does not compile until its row is written here.
    fn expected(permission: Permission) -> [bool; 4] {
        match permission {
            ManageUsers => [Y, Y, N, N],
            ViewUsers => [Y, Y, Y, Y],
            ManageSettings => [Y, Y, N, N],
            ManageProviderKeys => [Y, N, N, N],
            ManageApiKeys => [Y, Y, N, N],
            ViewAuditTrail => [Y, Y, N, N],
            ViewPlanAndUsage => [Y, Y, N, Y],
            ChangePlan => [Y, N, N, N],
            ManagePrivacyRequests => [Y, Y, N, N],
            ReadLeads => [Y, Y, Y, Y],
            ReadAllLeads => [Y, Y, N, Y],
            WriteLeads => [Y, Y, Y, N],
            WriteAllLeads => [Y, Y, N, N],
            DeleteLeads => [Y, Y, N, N],
            ImportExportLeads => [Y, Y, N, N],
            ReadKnowledgeBase => [Y, Y, Y, Y],
            WriteKnowledgeBase => [Y, Y, N, N],
            PublishKnowledgeBase => [Y, Y, N, N],
            ViewRoster => [Y, Y, Y, Y],
            ManageRoster => [Y, Y, N, N],
            ReadTransactions => [Y, Y, Y, Y],
            ReadAllTransactions => [Y, Y, N, Y],
            WriteTransactions => [Y, Y, N, N],
            ViewCommissionReports => [Y, Y, Y, Y],
            ViewAllCommissionReports => [Y, Y, N, Y],
            ManageCommissionPlans => [Y, Y, N, N],
            ManageDotloop => [Y, Y, N, N],
            ExportTenantData => [Y, N, N, N],
            DeleteTenant => [Y, N, N, N],
            ChangeOwnPassword => [Y, Y, Y, Y],
            ManageOwnMfa => [Y, Y, Y, Y],
            ResetMemberCredentials => [Y, Y, N, N],
            ManageRetention => [Y, N, N, N],
            ManageLegalHolds => [Y, Y, N, N],
        }
    }

    #[test]
    fn every_role_holds_exactly_the_expected_permissions() {
        assert_eq!(
            Role::ALL,
            [Role::Owner, Role::Admin, Role::Agent, Role::Viewer]
        );
        for &permission in Permission::ALL {
            for (role, want) in Role::ALL.into_iter().zip(expected(permission)) {
                assert_eq!(role.can(permission), want, "{role} / {permission:?}");
            }
        }
    }

    #[test]
    fn role_tables_hold_no_duplicates() {
        for role in Role::ALL {
            let perms = role.permissions();
            for (i, p) in perms.iter().enumerate() {
                assert!(!perms[i + 1..].contains(p), "{role} lists {p:?} twice");
            }
        }
    }

    #[test]
    fn a_tenant_wide_permission_comes_with_its_own_scope_version() {
        let widenings = [
            (ReadAllLeads, ReadLeads),
            (WriteAllLeads, WriteLeads),
            (ReadAllTransactions, ReadTransactions),
            (ViewAllCommissionReports, ViewCommissionReports),
        ];
        for role in Role::ALL {
            for (wide, narrow) in widenings {
                assert!(!role.can(wide) || role.can(narrow), "{role}: {wide:?}");
            }
        }
    }

    #[test]
    fn only_owners_and_admins_assign_and_only_owners_make_owners() {
        use Role::*;
        // Rows: the acting role; columns: the role given (owner, admin, agent, viewer).
        let table = [
            (Owner, [Y, Y, Y, Y]),
            (Admin, [N, Y, Y, Y]),
            (Agent, [N, N, N, N]),
            (Viewer, [N, N, N, N]),
        ];
        for (actor, row) in table {
            for (target, want) in Role::ALL.into_iter().zip(row) {
                assert_eq!(actor.can_assign(target), want, "{actor} assigns {target}");
            }
        }
    }

    #[test]
    fn an_admin_cannot_demote_an_owner_but_an_owner_can() {
        assert!(!Role::Admin.can_change_role(Role::Owner, Role::Viewer));
        assert!(!Role::Admin.can_change_role(Role::Agent, Role::Owner));
        assert!(Role::Admin.can_change_role(Role::Agent, Role::Admin));
        assert!(Role::Owner.can_change_role(Role::Owner, Role::Admin));
        assert!(!Role::Agent.can_change_role(Role::Viewer, Role::Agent));
    }

    #[test]
    fn support_sessions_never_touch_secrets_credentials_the_full_export_or_the_plan() {
        let denied = [
            ManageProviderKeys,
            // Connecting Dotloop hands over an account's OAuth tokens.
            ManageDotloop,
            ManageApiKeys,
            ChangeOwnPassword,
            ManageOwnMfa,
            ResetMemberCredentials,
            ExportTenantData,
            // The plan is the owner's contract; staff change it on their own route.
            ChangePlan,
            // A shorter retention deletes records for good; staff hold a tenant instead.
            ManageRetention,
            DeleteTenant,
        ];
        for &permission in Permission::ALL {
            assert_eq!(
                allowed_in_support_session(permission),
                !denied.contains(&permission),
                "{permission:?}"
            );
        }
    }

    #[test]
    fn support_sessions_never_make_or_unmake_an_owner() {
        for role in Role::ALL {
            assert!(!role_change_allowed_in_support_session(Role::Owner, role));
            assert!(!role_change_allowed_in_support_session(role, Role::Owner));
        }
        assert!(role_change_allowed_in_support_session(
            Role::Agent,
            Role::Admin
        ));
    }

    #[test]
    fn exported_matrix_agrees_with_the_rules() {
        let matrix = permission_matrix();
        assert_eq!(matrix.roles.len(), Role::ALL.len());
        for entry in &matrix.roles {
            for &p in Permission::ALL {
                assert_eq!(entry.permissions.contains(&p), entry.role.can(p));
            }
            for target in Role::ALL {
                assert_eq!(
                    entry.assignable_roles.contains(&target),
                    entry.role.can_assign(target)
                );
            }
        }
        for &p in Permission::ALL {
            assert_eq!(
                matrix.denied_in_support_session.contains(&p),
                !allowed_in_support_session(p)
            );
        }
        let json = serde_json::to_value(&matrix).unwrap();
        assert_eq!(json["roles"][1]["role"], "admin");
        assert_eq!(json["roles"][1]["assignableRoles"][0], "admin");
        assert_eq!(json["deniedInSupportSession"][0], "manage_provider_keys");
    }
}
