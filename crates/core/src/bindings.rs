//! The desktop UI's TypeScript types are generated from these Rust types by ts-rs and
//! committed under `ui/src/bindings/`, with the permission matrix as JSON beside them.
//! This test fails when the files and the Rust drift apart; run it with
//! `UPDATE_BINDINGS=1` to rewrite the files.

use crate::admin_view::Edited;
use crate::bindings_check::{check_or_update, render as one};
use crate::commissions::{CommissionOverride, NewCommissionOverride, OverrideTerms};
use crate::export::{ExportJob, ExportStatus};
use crate::identity::{
    ChangePasswordRequest, ChangeRoleRequest, CompletePasswordResetRequest, Me, MfaCodeRequest,
    MfaEnrolment, OpenSupportSessionRequest, OpenedSupportSession, PasswordConfirmation,
    PasswordResetRequest, RecoveryCodes, RefreshRequest, RegisterTenantRequest, SessionSummary,
    SessionTokens, SignInRequest, StaffSignInRequest, StaffTenantView, StaffToken, SupportSession,
    TenantSummary, UpdateTenantRequest, UserStatus, UserSummary,
};
use crate::ids::{
    ApiKeyId, CommissionOverrideId, ExportId, LeadId, LegalHoldId, PrivacyRequestId, RosterAgentId,
    TransactionId, UserId,
};
use crate::invitation::{
    AcceptInvitationRequest, InvitationLink, InvitationStatus, InvitationSummary, InviteRequest,
    OutboxMail,
};
use crate::leads::activity::{
    CallDirection, CallOutcome, CallRecord, Conversation, ConversationMessage, LeadActivity,
    MessageRole,
};
use crate::leads::consent::{
    CallCheckQuery, CallDecision, CallKind, CallReason, ConsentAction, ConsentChannel,
    ConsentEntry, ConsentEvidence, DncEntry, NewConsent, NewDncEntry,
};
use crate::leads::csv::{ImportPreview, ImportRequest, ImportResult, ImportRowReport, RowError};
use crate::leads::list::{LeadListQuery, LeadPage, LeadSort};
use crate::leads::view::{
    BulkEditFailure, BulkEditResult, EditState, ExportedFile, LeadDetail, LeadRejection, LeadRow,
    LeadRowPage, TimelineItem, TransferProgress,
};
use crate::leads::{Lead, LeadField, LeadPreferences, LeadSource, LeadStage};
use crate::sync::outbox::RejectedEdit;
use crate::sync::push::{FieldConflict, Mutation, MutationOp};
use crate::sync::state::{SyncPhase, SyncProgress, SyncState};
use crate::sync::{Cursor, SyncEntity, TenantSnapshot};
use crate::usage::{PlanUsage, Usage};

use crate::api_key::{
    ApiKeySummary, CreateApiKeyRequest, CreatedApiKey, IntegrationIdentity, Scope,
};
use crate::app_status::{
    AboutInfo, KeychainStatus, OfferedUpdate, ServerStatus, UpdateCheck, UpdateReady,
};
use crate::audit::sentence::TrailLine;
use crate::audit::{ActorKind, AuditActor, AuditEntry, BreakReason, ChainLink, ChainVerdict};
use crate::custom_domain::{CustomDomainStatus, SetCustomDomainRequest};
use crate::error::ErrorBody;
use crate::health::{ComponentState, HealthReport};
use crate::ids::TenantId;
use crate::permission::{Permission, PermissionMatrix, RolePermissions, permission_matrix};
use crate::plan::change::{ChangePlanRequest, ExcessKind, PlanDirection, PlanExcess, PlanOption};
use crate::plan::{Limit, Plan, PlanFeatures, PlanLimits, QuotaResource};
use crate::privacy::{
    Deadlines, LinkPrivacyAction, NewPrivacyRequest, PrivacyAction, PrivacyChannel, PrivacyLaw,
    PrivacyRequest, PrivacyRequestChanges, PrivacyRequestKind, PrivacyRequestStatus,
};
use crate::retention::{
    DryRunRequest, DryRunResult, HoldSubject, LegalHold, NewLegalHold, PurgeCount, PurgedRecord,
    RetentionKind, RetentionPolicy, SetRetentionPolicy, SetTenantHold,
};
use crate::role::Role;
use crate::roster::{NewRosterAgent, RosterAgent};
use crate::settings::{
    Branding, CallingWindow, DateFormat, Provider, ProviderKeySummary, SetProviderKeyRequest,
    TcpaOptions, TenantSettings,
};
use crate::signed_in::SignedIn;
use crate::tenant::{PlanTier, TenantStatus};
use crate::tenant_deletion::{
    DeletionHoldRequest, PendingDeletion, RequestTenantDeletion, TenantDeletionState,
};
use crate::transactions::agents::{MatchedAgent, MatchedBy, Side, Sides};
use crate::transactions::csv_file::FileEncoding;
use crate::transactions::details::ValueFinding;
use crate::transactions::dotloop_status::{
    ConnectStart, Disconnected, DotloopAccount, DotloopStatus, RunSummary, SyncStarted,
};
use crate::transactions::health::{HealthCode, HealthFinding};
use crate::transactions::preview::{ImportPreview as DotloopImportPreview, PreviewRow, RowAction};
use crate::transactions::status::{StatusGroup, StatusMapping};
use crate::transactions::{
    CustomField, Participant, PropertyAddress, Transaction, TransactionField,
};

/// Every file the UI consumes, as (file name, contents).
fn generated() -> Vec<(String, String)> {
    let matrix = serde_json::to_string_pretty(&permission_matrix()).expect("matrix serialises");
    vec![
        one::<ErrorBody>(),
        one::<CustomDomainStatus>(),
        one::<SetCustomDomainRequest>(),
        one::<ServerStatus>(),
        one::<KeychainStatus>(),
        one::<AboutInfo>(),
        one::<UpdateCheck>(),
        one::<OfferedUpdate>(),
        one::<UpdateReady>(),
        one::<HealthReport>(),
        one::<ComponentState>(),
        one::<Role>(),
        one::<TenantStatus>(),
        one::<PlanTier>(),
        one::<Permission>(),
        one::<PermissionMatrix>(),
        one::<RolePermissions>(),
        one::<Plan>(),
        one::<PlanLimits>(),
        one::<PlanFeatures>(),
        one::<Limit>(),
        one::<QuotaResource>(),
        one::<PlanOption>(),
        one::<PlanExcess>(),
        one::<ExcessKind>(),
        one::<PlanDirection>(),
        one::<ChangePlanRequest>(),
        one::<PrivacyRequest>(),
        one::<NewPrivacyRequest>(),
        one::<PrivacyRequestChanges>(),
        one::<PrivacyRequestKind>(),
        one::<PrivacyChannel>(),
        one::<PrivacyRequestStatus>(),
        one::<PrivacyLaw>(),
        one::<Deadlines>(),
        one::<PrivacyAction>(),
        one::<LinkPrivacyAction>(),
        one::<PrivacyRequestId>(),
        one::<RetentionKind>(),
        one::<RetentionPolicy>(),
        one::<SetRetentionPolicy>(),
        one::<DryRunRequest>(),
        one::<DryRunResult>(),
        one::<PurgeCount>(),
        one::<PurgedRecord>(),
        one::<HoldSubject>(),
        one::<LegalHold>(),
        one::<NewLegalHold>(),
        one::<SetTenantHold>(),
        one::<LegalHoldId>(),
        one::<ExportJob>(),
        one::<ExportStatus>(),
        one::<ExportId>(),
        one::<TenantId>(),
        one::<AuditEntry>(),
        one::<TrailLine>(),
        one::<AuditActor>(),
        one::<ActorKind>(),
        one::<ChainLink>(),
        one::<ChainVerdict>(),
        one::<BreakReason>(),
        one::<UserId>(),
        one::<RegisterTenantRequest>(),
        one::<SignInRequest>(),
        one::<RefreshRequest>(),
        one::<SessionTokens>(),
        one::<TenantSummary>(),
        one::<UserStatus>(),
        one::<UserSummary>(),
        one::<Me>(),
        one::<SessionSummary>(),
        one::<ChangeRoleRequest>(),
        one::<ChangePasswordRequest>(),
        one::<MfaEnrolment>(),
        one::<MfaCodeRequest>(),
        one::<RecoveryCodes>(),
        one::<PasswordConfirmation>(),
        one::<StaffSignInRequest>(),
        one::<StaffToken>(),
        one::<StaffTenantView>(),
        one::<OpenSupportSessionRequest>(),
        one::<SupportSession>(),
        one::<OpenedSupportSession>(),
        one::<UpdateTenantRequest>(),
        one::<RequestTenantDeletion>(),
        one::<TenantDeletionState>(),
        one::<PendingDeletion>(),
        one::<DeletionHoldRequest>(),
        one::<PasswordResetRequest>(),
        one::<CompletePasswordResetRequest>(),
        one::<TenantSettings>(),
        one::<DateFormat>(),
        one::<CallingWindow>(),
        one::<TcpaOptions>(),
        one::<Branding>(),
        one::<Provider>(),
        one::<ProviderKeySummary>(),
        one::<SetProviderKeyRequest>(),
        one::<ApiKeyId>(),
        one::<Scope>(),
        one::<ApiKeySummary>(),
        one::<CreateApiKeyRequest>(),
        one::<CreatedApiKey>(),
        one::<IntegrationIdentity>(),
        one::<PlanUsage>(),
        one::<Usage>(),
        one::<InviteRequest>(),
        one::<InvitationStatus>(),
        one::<InvitationSummary>(),
        one::<InvitationLink>(),
        one::<AcceptInvitationRequest>(),
        one::<OutboxMail>(),
        one::<SignedIn>(),
        one::<LeadId>(),
        one::<RosterAgentId>(),
        one::<RosterAgent>(),
        one::<NewRosterAgent>(),
        one::<Lead>(),
        one::<LeadField>(),
        one::<LeadPreferences>(),
        one::<LeadSource>(),
        one::<LeadStage>(),
        one::<LeadListQuery>(),
        one::<LeadSort>(),
        one::<LeadPage>(),
        one::<ConsentChannel>(),
        one::<ConsentAction>(),
        one::<ConsentEvidence>(),
        one::<ConsentEntry>(),
        one::<NewConsent>(),
        one::<DncEntry>(),
        one::<NewDncEntry>(),
        one::<CallKind>(),
        one::<CallReason>(),
        one::<CallDecision>(),
        one::<MessageRole>(),
        one::<ConversationMessage>(),
        one::<Conversation>(),
        one::<CallDirection>(),
        one::<CallOutcome>(),
        one::<CallRecord>(),
        one::<LeadActivity>(),
        one::<CallCheckQuery>(),
        one::<RowError>(),
        one::<ImportRowReport>(),
        one::<ImportPreview>(),
        one::<ImportRequest>(),
        one::<ImportResult>(),
        one::<SyncEntity>(),
        one::<Cursor>(),
        one::<TenantSnapshot>(),
        one::<Mutation>(),
        one::<MutationOp>(),
        one::<FieldConflict>(),
        one::<EditState>(),
        one::<LeadRejection>(),
        one::<LeadRow>(),
        one::<LeadRowPage>(),
        one::<TimelineItem>(),
        one::<LeadDetail>(),
        one::<BulkEditResult>(),
        one::<BulkEditFailure>(),
        one::<TransferProgress>(),
        one::<ExportedFile>(),
        one::<SyncState>(),
        one::<SyncPhase>(),
        one::<SyncProgress>(),
        one::<RejectedEdit>(),
        one::<Edited<ts_rs::Dummy>>(),
        one::<TransactionId>(),
        one::<StatusGroup>(),
        one::<StatusMapping>(),
        one::<Transaction>(),
        one::<PropertyAddress>(),
        one::<Participant>(),
        one::<CustomField>(),
        one::<TransactionField>(),
        one::<HealthCode>(),
        one::<HealthFinding>(),
        one::<Side>(),
        one::<Sides>(),
        one::<MatchedBy>(),
        one::<MatchedAgent>(),
        one::<DotloopImportPreview>(),
        one::<PreviewRow>(),
        one::<RowAction>(),
        one::<ValueFinding>(),
        one::<FileEncoding>(),
        one::<DotloopStatus>(),
        one::<DotloopAccount>(),
        one::<RunSummary>(),
        one::<ConnectStart>(),
        one::<SyncStarted>(),
        one::<Disconnected>(),
        one::<CommissionOverrideId>(),
        one::<CommissionOverride>(),
        one::<OverrideTerms>(),
        one::<NewCommissionOverride>(),
        ("permissionMatrix.json".to_owned(), matrix),
    ]
}

#[test]
fn ui_bindings_match_rust_types() {
    check_or_update(generated(), "brokerdesk-core");
}
