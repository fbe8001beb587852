//! Which rows to read for a window of the message list: from a loaded row next to it
//! (keyset paging, no long OFFSET) or from the nearer end of the folder. Pure, so the
//! plain list, conversation rows and unified views share it.

use crate::store::{ListKey, MessageSummary, Seek};

/// Rows a window may sit away from the key it is read from (SQLite steps over them).
const MAX_SKIP: u32 = 200;

/// How to read rows `[start, start + limit)`: from a loaded row next to them when there
/// is one, else from whichever end of the folder is nearer. Returns (seek, skip, limit).
pub(super) fn plan_window(
    start: u32,
    limit: u32,
    loaded_start: u32,
    loaded: &[MessageSummary],
    total: u32,
) -> (Seek, u32, u32) {
    let key_at = |i: u32| ListKey::from(&loaded[(i - loaded_start) as usize]);
    let (anchor, skip, limit) = plan_anchor(start, limit, loaded_start, loaded.len() as u32, total);
    let seek = match anchor {
        Anchor::Top => Seek::Top,
        Anchor::Bottom => Seek::Bottom,
        Anchor::After(i) => Seek::After(key_at(i)),
        Anchor::Before(i) => Seek::Before(key_at(i)),
    };
    (seek, skip, limit)
}

/// Where a window is read from: an end of the list, or the loaded row at an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Top,
    Bottom,
    After(u32),
    Before(u32),
}

/// `plan_window` by row index, for any kind of key (unified views have their own).
pub(super) fn plan_anchor(
    start: u32,
    limit: u32,
    loaded_start: u32,
    loaded_len: u32,
    total: u32,
) -> (Anchor, u32, u32) {
    let loaded_end = loaded_start + loaded_len;
    if start > 0 && loaded_end > loaded_start {
        // The nearest loaded row above the window.
        let j = (start - 1).min(loaded_end - 1);
        if j >= loaded_start && start - 1 - j <= MAX_SKIP {
            return (Anchor::After(j), start - 1 - j, limit);
        }
        // The nearest loaded row below it.
        let end = start.saturating_add(limit);
        let j = end.max(loaded_start);
        if j < loaded_end && j - end <= MAX_SKIP {
            return (Anchor::Before(j), j - end, limit);
        }
    }
    let end = start.saturating_add(limit).min(total);
    if start <= total.saturating_sub(end) || end <= start {
        (Anchor::Top, start, limit)
    } else {
        (Anchor::Bottom, total - end, end - start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::MessageId;

    fn rows(from: u32, n: u32) -> Vec<MessageSummary> {
        (from..from + n)
            .map(|i| MessageSummary {
                id: MessageId(i64::from(i)),
                uid: 100_000 - i,
                date: 0,
                from_name: String::new(),
                from_addr: String::new(),
                subject: String::new(),
                flags: 0,
                size: 0,
                has_attachments: false,
                message_id: String::new(),
            })
            .collect()
    }

    #[test]
    fn windows_are_read_from_a_neighbouring_key_or_the_nearer_end() {
        let loaded = rows(1000, 100);
        let key = |i: u32| ListKey {
            date: 0,
            uid: 100_000 - i,
        };
        // Scrolling down: from the loaded row just above.
        assert_eq!(
            plan_window(1050, 100, 1000, &loaded, 100_000),
            (Seek::After(key(1049)), 0, 100)
        );
        // Scrolling up: from the loaded row just below.
        assert_eq!(
            plan_window(950, 100, 1000, &loaded, 100_000),
            (Seek::Before(key(1050)), 0, 100)
        );
        // Far jumps: from the nearer end, never a long OFFSET from a far one.
        assert_eq!(plan_window(0, 100, 1000, &loaded, 100_000), (Seek::Top, 0, 100));
        assert_eq!(
            plan_window(99_950, 100, 1000, &loaded, 100_000),
            (Seek::Bottom, 0, 50)
        );
        assert_eq!(
            plan_window(99_800, 100, 0, &[], 100_000),
            (Seek::Bottom, 100, 100)
        );
    }
}
