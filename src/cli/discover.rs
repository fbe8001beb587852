//! `tern discover ADDRESS [--json]`: what account discovery finds and where from.

use std::fmt::Write as _;

use crate::core::TernError;
use crate::discover::{DiscoverConfig, Discovered, ServerSettings, Source, Step, discover};

fn step_name(step: Step) -> &'static str {
    match step {
        Step::ProviderTable => "provider table",
        Step::Lookups => "autoconfig, MX and SRV lookups",
        Step::MxAutoconfig => "autoconfig of the MX host's domain",
        Step::Guesses => "guessed server names",
    }
}

fn source_text(source: &Source) -> String {
    match source {
        Source::ProviderTable { provider } => format!("Tern's provider table ({provider})"),
        Source::Autoconfig { url } => format!("autoconfig {url}"),
        Source::MxProviderTable { mx, provider } => {
            format!("MX host {mx} in Tern's provider table ({provider})")
        }
        Source::MxAutoconfig { mx, url } => format!("autoconfig {url} of MX host {mx}"),
        Source::Srv => "DNS SRV records".to_string(),
        Source::Guess => "guessed server names that answered".to_string(),
    }
}

fn server_line(out: &mut String, label: &str, server: &ServerSettings) {
    let security = match server.security {
        crate::config::Security::Tls => "tls",
        crate::config::Security::Starttls => "starttls",
        crate::config::Security::Plain => "plain",
    };
    let auth = match server.auth {
        crate::discover::AuthMethod::Password => "password",
        crate::discover::AuthMethod::Oauth2 => "oauth2",
    };
    let _ = writeln!(
        out,
        "{label}: {}:{} {security} auth={auth} user={}",
        server.host, server.port, server.username
    );
}

fn render(found: &Discovered) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "source: {}", source_text(&found.source));
    server_line(&mut out, "imap", &found.imap);
    match &found.smtp {
        Some(smtp) => server_line(&mut out, "smtp", smtp),
        None => out.push_str("smtp: not found\n"),
    }
    out
}

pub fn run(address: &str, json: bool) -> Result<String, TernError> {
    let config = DiscoverConfig::from_env()?;
    let runtime = super::sync::runtime()?;
    let found = runtime.block_on(discover(address, &config, |step| {
        eprintln!("trying {}…", step_name(step));
    }))?;
    if json {
        let text = serde_json::to_string_pretty(&found).map_err(|e| {
            TernError::new(
                crate::core::ErrorKind::Config,
                format!("Could not write JSON: {e}"),
            )
        })?;
        Ok(format!("{text}\n"))
    } else {
        Ok(render(&found))
    }
}
