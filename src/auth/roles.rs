//! Roles and the one permission table every HTML and JSON route consults.

use serde::{Deserialize, Serialize};

/// A member's role in an organization (domain.md, "Users and what they do").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理员: owns the organization: members, roles, settings, categories.
    Admin,
    /// 经理: reviews milestones, approves plans and phase gates, sees every shop.
    Manager,
    /// 运营: edits shops, draft plans, targets, milestones; imports daily data.
    Operator,
    /// 财务: owns budgets and spend, watches burn.
    Finance,
    /// 只读: reads dashboards.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Manager,
        Role::Operator,
        Role::Finance,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Operator => "operator",
            Role::Finance => "finance",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }

    /// The translation key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role-admin",
            Role::Manager => "role-manager",
            Role::Operator => "role-operator",
            Role::Finance => "role-finance",
            Role::Viewer => "role-viewer",
        }
    }

    /// The translation key of what the role does.
    pub fn description_key(self) -> &'static str {
        match self {
            Role::Admin => "role-admin-does",
            Role::Manager => "role-manager-does",
            Role::Operator => "role-operator-does",
            Role::Finance => "role-finance-does",
            Role::Viewer => "role-viewer-does",
        }
    }

    /// Whether this role may do `permission`, per [`PERMISSIONS`].
    pub fn can(self, permission: Permission) -> bool {
        PERMISSIONS
            .iter()
            .find(|(p, _)| *p == permission)
            .is_some_and(|(_, roles)| roles.contains(&self))
    }
}

/// Something a route does that not every role may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Invite, change roles, remove members.
    ManageMembers,
    /// Organization settings and reference data (platforms, store types, categories).
    ManageOrganization,
    /// Read the audit log.
    ViewAudit,
    /// Create, edit and archive shops.
    EditShops,
    /// Edit draft plans: range, phases, targets, milestones.
    EditPlans,
    /// Submit a plan for approval.
    SubmitPlans,
    /// Approve or send back plans, sign off phase gates.
    ApprovePlans,
    /// Edit budget lines.
    EditBudgets,
    /// Import and edit daily actuals.
    ImportActuals,
    /// Import, record and edit spend.
    ImportSpend,
    /// Write monthly review notes (复盘).
    WriteReviewNotes,
}

use Role::*;

/// The permission table. Reading (dashboards, plans, shops) is open to every member and is
/// not listed; everything that changes data is.
pub const PERMISSIONS: &[(Permission, &[Role])] = &[
    (Permission::ManageMembers, &[Admin]),
    (Permission::ManageOrganization, &[Admin]),
    (Permission::ViewAudit, &[Admin, Manager]),
    (Permission::EditShops, &[Admin, Manager, Operator]),
    (Permission::EditPlans, &[Admin, Manager, Operator]),
    (Permission::SubmitPlans, &[Admin, Manager, Operator]),
    (Permission::ApprovePlans, &[Admin, Manager]),
    (
        Permission::EditBudgets,
        &[Admin, Manager, Operator, Finance],
    ),
    // The ad platforms' spend reports are the operators' every morning; finance records and
    // imports spend too.
    (Permission::ImportActuals, &[Admin, Manager, Operator]),
    (Permission::ImportSpend, &[Admin, Operator, Finance]),
    (
        Permission::WriteReviewNotes,
        &[Admin, Manager, Operator, Finance],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn the_table_follows_the_domain() {
        assert!(Admin.can(Permission::ManageMembers));
        assert!(!Manager.can(Permission::ManageMembers));
        assert!(Manager.can(Permission::ApprovePlans));
        assert!(!Operator.can(Permission::ApprovePlans));
        assert!(Finance.can(Permission::EditBudgets));
        assert!(!Finance.can(Permission::EditPlans));
        assert!(!Finance.can(Permission::ImportActuals));
        assert!(Finance.can(Permission::ImportSpend));
        assert!(
            Operator.can(Permission::ImportSpend),
            "the ad report is the operator's"
        );
        assert!(
            !Finance.can(Permission::EditPlans),
            "finance keeps to the budgets"
        );
        for p in PERMISSIONS.iter().map(|(p, _)| *p) {
            assert!(!Viewer.can(p), "viewers change nothing: {p:?}");
            assert!(Admin.can(p), "admins may do everything: {p:?}");
        }
    }
}
