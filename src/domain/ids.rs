//! Typed identifiers, so a shop id can never be passed where a plan id is expected.

/// Declares a UUID newtype that is stored, serialized and shown as the UUID itself.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize, sqlx::Type)]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A new, time-ordered id.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }

            /// The UUIDs of several ids, to bind as a `uuid[]` parameter.
            pub fn uuids(ids: &[Self]) -> Vec<uuid::Uuid> {
                ids.iter().map(|id| id.0).collect()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(
    /// An organization (tenant).
    TenantId
);
id_type!(
    /// A person with a login; may belong to several organizations.
    UserId
);
id_type!(
    /// An API token.
    TokenId
);
id_type!(
    /// An invitation to join an organization.
    InvitationId
);
id_type!(
    /// A shop.
    ShopId
);
id_type!(
    /// A plan revision (each revision of a plan has its own id).
    PlanId
);
id_type!(
    /// A milestone of a phase.
    MilestoneId
);
id_type!(
    /// An exit criterion of a phase.
    CriterionId
);
id_type!(
    /// One file import of daily actuals or spend.
    ImportId
);
id_type!(
    /// A file previewed in the browser and waiting to be confirmed.
    UploadId
);
