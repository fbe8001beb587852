//! Managing mail (issue 7) against the harness's real Dovecot: every action online, the
//! offline queue replayed through connection drops (T-26), kill -9 right after "queued"
//! (T-22), moves with MOVE, with COPY + UID EXPUNGE and with neither (T-27), undo,
//! conflicts, UIDVALIDITY changes (T-23) and the queue database's durability settings.

mod durability;
mod moves;
mod online;
mod replay;

use std::collections::BTreeMap;

use tern::config::{AccountConfig, KeyringStore, Security};
use tern::core::{Flags, MessageId};
use tern::engine::actions::{self, Replayed};
use tern::engine::{SyncOptions, Tuning, open_connection};
use tern::store::Store;

use crate::support::dovecot::{Dovecot, User};
use crate::support::proxy::Proxy;
use crate::support::seed;
use crate::sync::{Cache, account, sync_once};

/// Dovecot 2.3's full capability list (as advertised by default), so a test can hide
/// MOVE or UIDPLUS from it.
pub const DOVECOT_CAPS: &str = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY \
    THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT \
    CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES \
    WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE \
    LITERAL+ NOTIFY SPECIAL-USE";

/// A user with mail, its account (implicit TLS, direct) and a synced cache.
pub struct Setup {
    pub user: User,
    pub acct: AccountConfig,
    pub cache: Cache,
}

/// Seeds INBOX with `inbox` messages of series `series` and Work with 2 (series + 1),
/// Trash with `trash` (series + 2), then syncs once.
pub async fn setup(server: &Dovecot, prefix: &str, series: u64, inbox: u64, trash: u64) -> Setup {
    let user = server.user(prefix);
    server.seed(&user, "INBOX", seed::messages(series, 0, inbox));
    server.seed(&user, "Work", seed::messages(series + 1, 0, 2));
    if trash > 0 {
        server.seed(&user, "Trash", seed::messages(series + 2, 0, trash));
    }
    let acct = account(server, &user, Security::Tls);
    let mut cache = Cache::new(&acct);
    sync_once(&acct, &mut cache, SyncOptions::default()).await;
    Setup { user, acct, cache }
}

/// The same account reached through `proxy` in plain text (loopback only), so the
/// proxy can see and cut commands.
pub fn via_proxy(server: &Dovecot, user: &User, proxy: &Proxy) -> AccountConfig {
    let mut a = account(server, user, Security::Plain);
    a.imap.port = proxy.port;
    a
}

/// One replay on a fresh connection.
pub async fn replay_once(
    acct: &AccountConfig,
    store: &mut Store,
    id: tern::core::AccountId,
) -> Result<Replayed, tern::core::TernError> {
    let mut conn = open_connection(acct, &KeyringStore, &Tuning::default().timeouts).await?;
    let r = actions::replay(&mut conn, store, id).await;
    if r.is_ok() {
        conn.logout().await;
    }
    r
}

/// The cached (visible) message of `folder` with this Message-ID (without <>).
pub fn cached_id(cache: &Cache, folder: &str, message_id: &str) -> Option<MessageId> {
    let f = cache.store.find_folder(cache.id, folder).expect("query")?;
    let mid = message_id.trim_start_matches('<').trim_end_matches('>');
    cache
        .store
        .list_messages(f.id, 0, u32::MAX)
        .expect("list")
        .into_iter()
        .find(|m| m.message_id == mid)
        .map(|m| m.id)
}

/// Visible cached rows of a folder: message-id -> flags.
pub fn cached(cache: &Cache, folder: &str) -> BTreeMap<String, u32> {
    let Some(f) = cache.store.find_folder(cache.id, folder).expect("query") else {
        return BTreeMap::new();
    };
    cache
        .store
        .list_messages(f.id, 0, u32::MAX)
        .expect("list")
        .into_iter()
        .map(|m| (m.message_id, m.flags))
        .collect()
}

/// What the server has in a folder: message-id -> every (uid, flags) with it.
pub fn on_server(server: &Dovecot, user: &User, folder: &str) -> BTreeMap<String, Vec<(u32, u32)>> {
    let mut map: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
    for (uid, (flags, mid)) in crate::sync::server_state(server, user, folder) {
        map.entry(mid).or_default().push((uid, flags));
    }
    map
}

/// The flags of the single copy of `mid` in `folder` on the server (panics if absent or
/// duplicated).
pub fn server_flags(server: &Dovecot, user: &User, folder: &str, mid: &str) -> u32 {
    let mid = mid.trim_start_matches('<').trim_end_matches('>');
    let all = on_server(server, user, folder);
    let copies = all
        .get(mid)
        .unwrap_or_else(|| panic!("{mid} not in {folder}: {:?}", all.keys().collect::<Vec<_>>()));
    assert_eq!(copies.len(), 1, "{mid} is in {folder} {} times", copies.len());
    copies[0].1
}

pub fn has(flags: u32, f: Flags) -> bool {
    Flags(flags).contains(f)
}

/// A private Dovecot that does not advertise MOVE (UIDPLUS still offered).
pub fn server_without_move() -> &'static Dovecot {
    use std::sync::OnceLock;
    static S: OnceLock<Dovecot> = OnceLock::new();
    S.get_or_init(|| {
        Dovecot::start(crate::support::dovecot::Options {
            capability: Some(DOVECOT_CAPS.replace(" MOVE", "")),
            ..Default::default()
        })
    })
}

/// A private Dovecot that advertises neither MOVE nor UIDPLUS.
pub fn server_without_move_or_uidplus() -> &'static Dovecot {
    use std::sync::OnceLock;
    static S: OnceLock<Dovecot> = OnceLock::new();
    S.get_or_init(|| {
        Dovecot::start(crate::support::dovecot::Options {
            capability: Some(DOVECOT_CAPS.replace(" MOVE", "").replace(" UIDPLUS", "")),
            ..Default::default()
        })
    })
}
