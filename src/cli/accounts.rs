//! `tern accounts [--json]`.

use serde_json::json;

use crate::config::Config;
use crate::core::TernError;

pub fn run(config: &Config, json: bool) -> Result<String, TernError> {
    if json {
        let list: Vec<_> = config
            .accounts
            .iter()
            .map(|a| {
                json!({
                    "name": a.name,
                    "email": a.email,
                    "host": a.imap.host,
                    "port": a.imap.port,
                    "security": a.imap.security,
                    "username": a.login(),
                    "smtp": a.smtp.as_ref().map(|s| json!({
                        "host": s.host,
                        "port": s.effective_port(),
                        "security": s.security,
                        "username": a.smtp_login(),
                        "save_sent": s.save_sent,
                    })),
                })
            })
            .collect();
        return Ok(format!("{}\n", serde_json::Value::Array(list)));
    }
    if config.accounts.is_empty() {
        return Ok("No accounts yet. Open Tern to add one, or edit accounts.toml.\n".into());
    }
    let mut out = String::new();
    for a in &config.accounts {
        out.push_str(&format!(
            "{}\t{}\t{}:{} ({:?})\n",
            a.name, a.email, a.imap.host, a.imap.port, a.imap.security
        ));
    }
    Ok(out)
}
