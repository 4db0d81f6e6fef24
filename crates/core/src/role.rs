//! Staff roles and what each may do (the default matrix below; docs/SECURITY.md "Threats").
//!
//! The matrix is data: the privacy officer may change it. [`PermissionMatrix::default`] is the
//! clinic's starting point. Every backend command checks it; a check in the UI alone is no check.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// What a staff member is at the clinic; each role grants the permissions of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The front desk: registration, check-in, bookings, forms.
    Reception,
    /// The privacy officer (개인정보 보호책임자): privacy requests, retention, the log review.
    PrivacyOfficer,
    /// The CCTV officer (개인영상정보 관리책임자): viewing requests and the ledger.
    CctvOfficer,
    /// The administrator: staff accounts, settings, backups.
    Admin,
}

impl Role {
    /// Every role, in the order screens list them.
    pub const ALL: [Role; 4] = [
        Role::Reception,
        Role::PrivacyOfficer,
        Role::CctvOfficer,
        Role::Admin,
    ];

    /// The role's word, as stored and logged.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reception => "reception",
            Role::PrivacyOfficer => "privacy-officer",
            Role::CctvOfficer => "cctv-officer",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: expected reception, privacy-officer, cctv-officer or admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

/// One thing a role may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    /// Register and edit patients and their consents.
    EditPatients,
    /// Reveal a resident registration number (a reason is always asked).
    RevealRrn,
    /// Read CCTV requests and the management ledger.
    ViewCctv,
    /// Work CCTV requests and write the ledger.
    ManageCctv,
    /// Handle data-subject requests.
    PrivacyRequests,
    /// Preview and run retention destruction; review the access log.
    RetentionAndAudit,
    /// Staff accounts and roles.
    ManageStaff,
    /// Backup and restore.
    Backup,
    /// Clinic settings (idle lock, clinic profile).
    Settings,
}

impl Permission {
    /// Every permission, in the order screens list them.
    pub const ALL: [Permission; 9] = [
        Permission::EditPatients,
        Permission::RevealRrn,
        Permission::ViewCctv,
        Permission::ManageCctv,
        Permission::PrivacyRequests,
        Permission::RetentionAndAudit,
        Permission::ManageStaff,
        Permission::Backup,
        Permission::Settings,
    ];
}

/// Which role has which permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionMatrix {
    grants: BTreeSet<(Role, Permission)>,
}

impl Default for PermissionMatrix {
    /// The default matrix: who may do what unless the clinic changes it.
    fn default() -> Self {
        use Permission as P;
        use Role as R;
        let grants = [
            (R::Reception, P::EditPatients),
            (R::PrivacyOfficer, P::EditPatients),
            (R::PrivacyOfficer, P::RevealRrn),
            (R::PrivacyOfficer, P::ViewCctv),
            (R::PrivacyOfficer, P::PrivacyRequests),
            (R::PrivacyOfficer, P::RetentionAndAudit),
            (R::CctvOfficer, P::ViewCctv),
            (R::CctvOfficer, P::ManageCctv),
            (R::Admin, P::ManageStaff),
            (R::Admin, P::Backup),
            (R::Admin, P::Settings),
        ];
        PermissionMatrix {
            grants: grants.into_iter().collect(),
        }
    }
}

impl PermissionMatrix {
    /// Whether `role` has `permission`.
    pub fn allows(&self, role: Role, permission: Permission) -> bool {
        self.grants.contains(&(role, permission))
    }

    /// Every permission `role` has, in [`Permission::ALL`]'s order.
    pub fn permissions_of(&self, role: Role) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.allows(role, *p))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("reception", Role::Reception)]
    #[case("privacy-officer", Role::PrivacyOfficer)]
    #[case("cctv-officer", Role::CctvOfficer)]
    #[case(" admin ", Role::Admin)]
    fn parses_role_names(#[case] text: &str, #[case] expected: Role) {
        assert_eq!(text.parse::<Role>(), Ok(expected), "parsing {text:?}");
    }

    #[rstest]
    #[case("Admin")]
    #[case("doctor")]
    #[case("")]
    fn rejects_unknown_roles(#[case] text: &str) {
        assert!(
            text.parse::<Role>().is_err(),
            "{text:?} should not be a role"
        );
    }

    #[rstest]
    #[case(Role::Reception, Permission::EditPatients, true)]
    #[case(Role::Reception, Permission::RevealRrn, false)]
    #[case(Role::Reception, Permission::ViewCctv, false)]
    #[case(Role::Reception, Permission::ManageStaff, false)]
    #[case(Role::PrivacyOfficer, Permission::RevealRrn, true)]
    #[case(Role::PrivacyOfficer, Permission::ViewCctv, true)]
    #[case(Role::PrivacyOfficer, Permission::ManageCctv, false)]
    #[case(Role::CctvOfficer, Permission::ManageCctv, true)]
    #[case(Role::CctvOfficer, Permission::EditPatients, false)]
    #[case(Role::Admin, Permission::ManageStaff, true)]
    #[case(Role::Admin, Permission::EditPatients, false)]
    #[case(Role::Admin, Permission::RevealRrn, false)]
    fn default_matrix_matches_design(
        #[case] role: Role,
        #[case] permission: Permission,
        #[case] expected: bool,
    ) {
        assert_eq!(
            PermissionMatrix::default().allows(role, permission),
            expected,
            "{role} / {permission:?}"
        );
    }
}
