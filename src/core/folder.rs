//! Folders as the server lists them, and what each is for.

use serde::Serialize;

/// What a folder is for, from SPECIAL-USE attributes or the INBOX name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FolderRole {
    Inbox,
    Sent,
    Drafts,
    Trash,
    Junk,
    Archive,
    All,
    #[default]
    None,
}

impl FolderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FolderRole::Inbox => "inbox",
            FolderRole::Sent => "sent",
            FolderRole::Drafts => "drafts",
            FolderRole::Trash => "trash",
            FolderRole::Junk => "junk",
            FolderRole::Archive => "archive",
            FolderRole::All => "all",
            FolderRole::None => "",
        }
    }

    pub fn parse(s: &str) -> FolderRole {
        match s {
            "inbox" => FolderRole::Inbox,
            "sent" => FolderRole::Sent,
            "drafts" => FolderRole::Drafts,
            "trash" => FolderRole::Trash,
            "junk" => FolderRole::Junk,
            "archive" => FolderRole::Archive,
            "all" => FolderRole::All,
            _ => FolderRole::None,
        }
    }

    /// Sort key: roles first in the order people look at them, then ordinary folders.
    pub fn rank(self) -> u8 {
        match self {
            FolderRole::Inbox => 0,
            FolderRole::Drafts => 1,
            FolderRole::Sent => 2,
            FolderRole::Archive => 3,
            FolderRole::All => 4,
            FolderRole::Junk => 5,
            FolderRole::Trash => 6,
            FolderRole::None => 7,
        }
    }
}

/// A change to an account's folders, asked for by the user (issue 11 item 5). Paths are
/// as shown (decoded), with the account's delimiter between levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderChange {
    Create {
        path: String,
    },
    /// `to` is the whole new path (moving under another parent is a rename too).
    Rename {
        folder: super::FolderId,
        to: String,
    },
    /// The folder and every message in it, on the server.
    Delete {
        folder: super::FolderId,
    },
}

/// One folder as the server lists it (input to `replace_folders`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderInfo {
    pub raw_name: String,
    pub path: String,
    pub delimiter: String,
    pub role: FolderRole,
    pub attributes: String,
    pub selectable: bool,
}
