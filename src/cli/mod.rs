//! Headless commands (design.md, "Headless CLI"): for scripts, tests and benchmarks.
//! Each subcommand returns the text to print or a `TernError`; `main` prints one plain
//! line for an error and exits non-zero.

mod accounts;
mod browse;
mod discover;
mod folder;
mod manage;
mod message;
pub mod read_eml;
mod search;
mod send;
mod sync;
mod thread;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Config, Paths};
use crate::core::TernError;

#[derive(Debug, Parser)]
#[command(
    name = "tern",
    version,
    about = "Tern: a fast, safe email client. With no command it opens the window."
)]
pub struct Cli {
    /// Print where Tern keeps its settings, cache and passwords, then exit.
    #[arg(long)]
    pub paths: bool,
    /// Draw the window with the CPU instead of the GPU (for broken graphics drivers).
    #[arg(long)]
    pub software: bool,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// What `tern --paths` prints: every place Tern writes to on this computer, so people
/// can back it up or remove it (the README's "Uninstall" points here).
pub fn paths_report() -> Result<String, TernError> {
    let paths = Paths::from_env()?;
    let keychain = if cfg!(target_os = "macos") {
        "the macOS Keychain (login keychain)"
    } else if cfg!(windows) {
        "the Windows Credential Manager"
    } else {
        "the Secret Service (GNOME Keyring, KWallet)"
    };
    Ok(format!(
        "config:   {}\n  accounts: {}\n  settings: {}\ndata:     {}\n  cache:    {}\n  actions and outbox: {}\n  opened attachments: {}\npasswords: {keychain}, service \"{}\"\n",
        paths.config_dir.display(),
        paths.accounts_file().display(),
        paths.settings_file().display(),
        paths.data_dir.display(),
        paths.cache_db().display(),
        crate::store::user_db_path(&paths.cache_db()).display(),
        paths.data_dir.join("opened").display(),
        crate::config::KEYCHAIN_SERVICE,
    ))
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// List the configured accounts.
    Accounts {
        #[arg(long)]
        json: bool,
    },
    /// Sync every folder once and exit (progress on stderr).
    Sync {
        #[arg(long)]
        account: Option<String>,
    },
    /// List cached folders: account, path, role, total, unread.
    Folders {
        #[arg(long)]
        json: bool,
    },
    /// Create, rename or delete a folder on the server.
    Folder {
        #[command(subcommand)]
        action: folder::FolderAction,
    },
    /// List a folder's messages, newest first.
    List {
        folder: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show a message's conversation across the account's folders, oldest first.
    Thread {
        /// The message id from `tern list`.
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Show a message (fetching its body if needed), or a file with --eml.
    Read {
        /// The message id from `tern list`.
        #[arg(required_unless_present = "eml")]
        id: Option<i64>,
        /// Parse this .eml file instead of a cached message.
        #[arg(long, value_name = "FILE", conflicts_with = "id")]
        eml: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Save attachments into a folder; prints each saved path.
    Save {
        id: i64,
        /// The part number shown by `tern read`.
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        part: Option<String>,
        #[arg(long)]
        all: bool,
        /// Put the files in a new folder named after the message.
        #[arg(long)]
        subfolder: bool,
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
    /// Open an attachment with the default application.
    Open {
        id: i64,
        #[arg(long)]
        part: String,
        /// Open even a file type that can run programs.
        #[arg(long)]
        yes: bool,
    },
    /// Search the cache: words, "phrases", from: to: subject: has:attachment is:unread
    /// is:starred in:FOLDER before:/after:YYYY-MM-DD.
    Search {
        query: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        folder: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Also ask the server for mail whose text is not cached yet.
        #[arg(long)]
        server: bool,
        #[arg(long)]
        json: bool,
    },
    /// Mark messages read or unread, starred or not (queued; `tern sync` applies it).
    Flag {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long, conflicts_with = "unread")]
        read: bool,
        #[arg(long)]
        unread: bool,
        #[arg(long, conflicts_with = "unstar")]
        star: bool,
        #[arg(long)]
        unstar: bool,
    },
    /// Move a message to another folder of its account (queued).
    Move { id: i64, folder: String },
    /// Move messages to Trash; with --forever (your confirmation) delete them for good (queued).
    Delete {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long)]
        forever: bool,
    },
    /// Move messages to the Archive folder (queued).
    Archive {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Undo the last change, within a few seconds of making it.
    Undo {
        #[arg(long)]
        account: Option<String>,
    },
    /// List changes waiting to sync.
    Pending {
        #[arg(long)]
        json: bool,
    },
    /// Write and send a message (text from --body-file or standard input); prints its
    /// Message-ID. Exits 0 only when the server accepted it.
    Send {
        #[arg(long)]
        account: Option<String>,
        #[arg(long, required = true, value_name = "ADDR")]
        to: Vec<String>,
        #[arg(long, value_name = "ADDR")]
        cc: Vec<String>,
        #[arg(long, value_name = "ADDR")]
        bcc: Vec<String>,
        #[arg(long, default_value = "")]
        subject: String,
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        attach: Vec<PathBuf>,
        /// Only put it in the outbox; the app or the next `tern send` sends it.
        #[arg(long)]
        queue_only: bool,
    },
    /// Messages waiting to be sent (and recent ones): id, account, state, subject, error.
    Outbox {
        #[arg(long)]
        json: bool,
        /// Queue a held message again (you checked it did not go out).
        #[arg(long, value_name = "ID", conflicts_with = "cancel")]
        retry: Option<i64>,
        /// Take a queued or held message back as a draft.
        #[arg(long, value_name = "ID")]
        cancel: Option<i64>,
        /// Send what waits now (every account, or --account), then list.
        #[arg(long, conflicts_with_all = ["retry", "cancel"])]
        send: bool,
        #[arg(long, requires = "send")]
        account: Option<String>,
    },
    /// Find the IMAP and SMTP settings of an e-mail address and say where they came from.
    Discover {
        address: String,
        #[arg(long)]
        json: bool,
    },
}

/// Loads accounts.toml from the config dir, printing warnings to stderr, with the
/// certificates trusted for each account (from the user database, when there is one).
pub fn load_config(paths: &Paths) -> Result<Config, TernError> {
    let (mut config, warnings) = Config::load(&paths.accounts_file())?;
    for w in warnings {
        eprintln!("tern: warning: {}", w.0);
    }
    if paths.cache_db().exists() {
        let loaded = crate::store::Store::open(&paths.cache_db())
            .and_then(|store| config.accounts.iter_mut().try_for_each(|a| store.load_pins(a)));
        if let Err(e) = loaded {
            eprintln!("tern: warning: trusted certificates could not be read: {e}");
        }
    }
    Ok(config)
}

/// Runs one headless command; returns what to print on stdout.
pub fn run(command: CliCommand) -> Result<String, TernError> {
    match command {
        CliCommand::Accounts { json } => {
            let paths = Paths::from_env()?;
            accounts::run(&load_config(&paths)?, json)
        }
        CliCommand::Sync { account } => {
            let paths = Paths::from_env()?;
            sync::run(&paths, &load_config(&paths)?, account.as_deref())
        }
        CliCommand::Folders { json } => {
            let paths = Paths::from_env()?;
            browse::folders(&paths, &load_config(&paths)?, json)
        }
        CliCommand::Folder { action } => {
            let paths = Paths::from_env()?;
            folder::run(&paths, &load_config(&paths)?, action)
        }
        CliCommand::List {
            folder,
            account,
            limit,
            json,
        } => {
            let paths = Paths::from_env()?;
            browse::list(
                &paths,
                &load_config(&paths)?,
                &folder,
                account.as_deref(),
                limit,
                json,
            )
        }
        CliCommand::Thread { id, json } => thread::run(&Paths::from_env()?, id, json),
        CliCommand::Read {
            eml: Some(path),
            json,
            ..
        } => read_eml::run(&path, json),
        CliCommand::Read {
            id: Some(id), json, ..
        } => {
            let paths = Paths::from_env()?;
            message::read(&paths, &load_config(&paths)?, id, json)
        }
        CliCommand::Read { .. } => Err(TernError::new(
            crate::core::ErrorKind::NotFound,
            "Give a message to read: `tern read ID` or `tern read --eml FILE`.",
        )),
        CliCommand::Save {
            id,
            part,
            all,
            subfolder,
            to,
        } => {
            let paths = Paths::from_env()?;
            message::save(&paths, &load_config(&paths)?, id, part, all, subfolder, &to)
        }
        CliCommand::Open { id, part, yes } => {
            let paths = Paths::from_env()?;
            message::open(&paths, &load_config(&paths)?, id, &part, yes)
        }
        CliCommand::Search {
            query,
            account,
            folder,
            limit,
            server,
            json,
        } => {
            let paths = Paths::from_env()?;
            search::search(
                &paths,
                &load_config(&paths)?,
                &query,
                account.as_deref(),
                folder.as_deref(),
                limit,
                server,
                json,
            )
        }
        CliCommand::Flag {
            ids,
            read,
            unread,
            star,
            unstar,
        } => manage::flag(&Paths::from_env()?, &ids, read, unread, star, unstar),
        CliCommand::Move { id, folder } => manage::move_to(&Paths::from_env()?, id, &folder),
        CliCommand::Delete { ids, forever } => manage::delete(&Paths::from_env()?, &ids, forever),
        CliCommand::Archive { ids } => manage::archive(&Paths::from_env()?, &ids),
        CliCommand::Undo { account } => manage::undo(&Paths::from_env()?, account.as_deref()),
        CliCommand::Pending { json } => manage::pending(&Paths::from_env()?, json),
        CliCommand::Send {
            account,
            to,
            cc,
            bcc,
            subject,
            body_file,
            attach,
            queue_only,
        } => {
            let paths = Paths::from_env()?;
            let args = send::SendArgs {
                account,
                to,
                cc,
                bcc,
                subject,
                body_file,
                attach,
                queue_only,
            };
            send::send(&paths, &load_config(&paths)?, args)
        }
        CliCommand::Outbox {
            json,
            retry,
            cancel,
            send: false,
            ..
        } => send::outbox(&Paths::from_env()?, json, retry, cancel),
        CliCommand::Outbox { json, account, .. } => {
            let paths = Paths::from_env()?;
            send::send_waiting(&paths, &load_config(&paths)?, account.as_deref())?;
            send::outbox(&paths, json, None, None)
        }
        CliCommand::Discover { address, json } => discover::run(&address, json),
    }
}
