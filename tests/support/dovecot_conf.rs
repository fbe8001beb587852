//! The private Dovecot's configuration text (see `dovecot.rs`): IMAP on two ports,
//! the submission service (STARTTLS and implicit TLS) relaying to the in-test relay,
//! and LMTP delivery.

use std::path::Path;

use super::dovecot::Options;

/// The server's loopback ports.
pub struct Ports {
    pub imap: u16,
    pub imaps: u16,
    pub submission: u16,
    pub submissions: u16,
    pub lmtp: u16,
    pub relay: u16,
}

pub fn config_text(
    dir: &Path,
    ports: &Ports,
    cert: &Path,
    key: &Path,
    mail_uid: u32,
    is_root: bool,
    options: &Options,
) -> String {
    let d = dir.display();
    let imap_port = ports.imap;
    let imaps_port = ports.imaps;
    let (login_user, internal_user) = if is_root {
        ("dovenull".to_string(), "dovecot".to_string())
    } else {
        let me = std::env::var("USER").unwrap_or_else(|_| "nobody".into());
        (me.clone(), me)
    };
    let mut c = format!(
        r#"instance_name = tern-test-{pid}-{imap_port}
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
protocols = imap lmtp submission
listen = 127.0.0.1
hostname = localhost
# "u3@localhost" (LMTP recipients, submission logins) is the pool user "u3".
auth_username_format = %n
submission_relay_host = 127.0.0.1
submission_relay_port = {relay_port}
submission_relay_ssl = no
# Advertised as EHLO SIZE (tests check Tern reads it).
submission_max_mail_size = 50M
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login{oauth_mechanisms}
mail_location = maildir:~/Maildir
mail_fsync = never
first_valid_uid = {mail_uid}
last_valid_uid = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
login_trusted_networks =
mail_max_userip_connections = 200
# The scale benchmark's million-message INBOX: imap's default 256 MB ran out of memory.
default_vsz_limit = 2G
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}{oauth_passdb}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_uid} home={d}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
  process_min_avail = 1
  chroot =
}}
service anvil {{
  chroot =
}}
service submission-login {{
  inet_listener submission {{
    address = 127.0.0.1
    port = {submission_port}
  }}
  inet_listener submissions {{
    address = 127.0.0.1
    port = {submissions_port}
    ssl = yes
  }}
  chroot =
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \Drafts
    auto = subscribe
  }}
  mailbox Sent {{
    special_use = \Sent
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \Trash
    auto = subscribe
  }}
  mailbox Junk {{
    special_use = \Junk
    auto = subscribe
  }}
  mailbox Archive {{
    special_use = \Archive
    auto = subscribe
  }}
}}
"#,
        pid = std::process::id(),
        oauth_mechanisms = if options.oauth2_introspection.is_some() {
            " xoauth2 oauthbearer"
        } else {
            ""
        },
        oauth_passdb = match &options.oauth2_introspection {
            Some(_) => format!(
                "\npassdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = {d}/oauth2.conf\n}}"
            ),
            None => String::new(),
        },
        relay_port = ports.relay,
        submission_port = ports.submission,
        submissions_port = ports.submissions,
        lmtp_port = ports.lmtp,
        cert = cert.display(),
        key = key.display(),
    );
    if let Some(url) = &options.oauth2_introspection {
        let oauth = format!(
            "introspection_mode = post\nintrospection_url = {url}\nusername_attribute = email\n\
             active_attribute = active\nactive_value = true\nforce_introspection = yes\n"
        );
        std::fs::write(dir.join("oauth2.conf"), oauth).expect("write oauth2.conf");
    }
    if options.compress {
        c.push_str("mail_plugins = $mail_plugins zlib\nprotocol imap {\n  mail_plugins = $mail_plugins imap_zlib\n}\n");
    }
    if options.quota {
        c.push_str(
            "mail_plugins = $mail_plugins quota\nprotocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}\n\
             plugin {\n  quota = maildir:User quota\n  quota_rule = *:storage=10M\n}\n",
        );
    }
    if let Some(cap) = &options.capability {
        c.push_str(&format!("protocol imap {{\n  imap_capability = {cap}\n}}\n"));
    }
    c
}
