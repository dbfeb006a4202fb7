//! Roles a share grants, and what each lets a person do in the drive and in the editor.

use onlyoffice::config::Permissions;

use crate::error::{Error, Result};

/// What a share grants, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Read and download.
    View,
    /// View and comment in the editor.
    Comment,
    /// View, comment and suggest changes (track changes) in the editor.
    Review,
    /// View and fill in forms in the editor.
    Fill,
    /// Everything but sharing, moving or deleting the shared item itself.
    Edit,
}

impl Role {
    /// Every role, least first.
    pub const ALL: [Self; 5] = [
        Self::View,
        Self::Comment,
        Self::Review,
        Self::Fill,
        Self::Edit,
    ];

    /// Parses `view`, `comment`, `review`, `fill` (or `fill_forms`) or `edit`.
    pub fn parse(raw: &str) -> Result<Self> {
        match raw {
            "fill_forms" => Ok(Self::Fill),
            other => Self::ALL
                .into_iter()
                .find(|r| r.as_str() == other)
                .ok_or_else(|| {
                    Error::bad_request(
                        "invalid_role",
                        "role must be view, comment, review, fill or edit",
                    )
                }),
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Comment => "comment",
            Self::Review => "review",
            Self::Fill => "fill",
            Self::Edit => "edit",
        }
    }

    /// Whether the editor opens in edit mode (with a callback) for this role: every role that
    /// may change the document in some way (comments and form answers are changes too).
    pub fn changes_documents(self) -> bool {
        self != Self::View
    }

    /// The `document.permissions` for this role; the Document Server enforces them.
    pub fn permissions(self) -> Permissions {
        let only = |comment: bool, review: bool, fill: bool| Permissions {
            comment: Some(comment),
            review: Some(review),
            fill_forms: Some(fill),
            ..Permissions::viewer()
        };
        match self {
            Self::View => Permissions::viewer(),
            Self::Comment => only(true, false, false),
            Self::Review => only(true, true, false),
            Self::Fill => only(false, false, true),
            Self::Edit => Permissions::editor(),
        }
    }
}

/// What a person holds on an entry: ownership, or a role through a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// The owner: everything.
    Owner,
    /// A role from a share on the entry or one of its folders.
    Shared(Role),
}

impl Grant {
    /// The role this grant amounts to (the owner edits).
    pub fn role(self) -> Role {
        match self {
            Self::Owner => Role::Edit,
            Self::Shared(role) => role,
        }
    }

    /// Refuses anything below `needed`.
    pub fn require(self, needed: Role) -> Result<()> {
        if self.role() >= needed && (needed != Role::Edit || self.role() == Role::Edit) {
            Ok(())
        } else {
            Err(Error::Forbidden {
                code: "insufficient_role",
                detail: format!("this needs the {} role", needed.as_str()).into(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_and_map_to_permissions() {
        assert_eq!(Role::parse("fill_forms").unwrap(), Role::Fill);
        assert!(Role::parse("admin").is_err());
        let review = Role::Review.permissions();
        assert_eq!(
            (review.edit, review.review, review.comment),
            (Some(false), Some(true), Some(true))
        );
        assert!(Role::Fill.permissions().allows_changes());
        assert!(!Role::View.permissions().allows_changes());
        assert!(Grant::Shared(Role::Review).require(Role::Edit).is_err());
        assert!(Grant::Shared(Role::Fill).require(Role::View).is_ok());
        assert!(Grant::Owner.require(Role::Edit).is_ok());
    }
}
