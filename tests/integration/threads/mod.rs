//! Conversations and list paging (issue 11 items 2-4, issue 15 item 6).

mod backlog;
mod deferred;
mod paging;
mod rows;
mod seed_shapes;
mod sync;
mod windows;
