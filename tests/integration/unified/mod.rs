//! Unified views (issue 11 item 3): "All inboxes", "Unread" and "Starred" across
//! accounts, paged by key over every member folder.

mod list;
mod paging;
mod window;
