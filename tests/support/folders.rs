//! A folder as a server would list it, for tests and benchmarks that fill a cache
//! without a server.

use tern::store::{FolderInfo, FolderRole};

/// A selectable folder at `path` (also its raw name), "/" as delimiter, no attributes.
pub fn folder_info(path: &str, role: FolderRole) -> FolderInfo {
    FolderInfo {
        raw_name: path.into(),
        path: path.into(),
        delimiter: "/".into(),
        role,
        attributes: String::new(),
        selectable: true,
    }
}
