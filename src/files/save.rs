//! Writing an attachment into the folder the user chose, safely (SG-FS-1, T-17/T-18):
//! the bytes go to a hidden temp file created inside that folder, which becomes the
//! final name only when complete, with `name (1).ext` on collision. Nothing is ever
//! overwritten and no symlink is followed: the final step is an atomic
//! rename-without-replace, and an existing name (a file or a symlink) is never touched.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::core::{ErrorKind, TernError};

fn fs_error(what: &str, path: &Path, e: std::io::Error) -> TernError {
    let (hint, id) = match e.raw_os_error() {
        Some(28) => (
            " The disk is full: free some space and try again.",
            "err-disk-full",
        ),
        Some(13) | Some(1) => (" Choose a folder you are allowed to write to.", "err-not-allowed"),
        _ => ("", "err-file"),
    };
    TernError::new(
        ErrorKind::Filesystem,
        format!(
            "Could not {what} {}{}.{hint}",
            path.display(),
            crate::core::detail_in_parens(&e.to_string())
        ),
    )
    .with_text(crate::core::Text::new(id).arg("path", path.display().to_string()))
}

/// A file being written; dropped without `finish`, it leaves nothing behind.
#[derive(Debug)]
pub struct PendingFile {
    dir: PathBuf,
    name: String,
    tmp: tempfile::NamedTempFile,
    written: u64,
}

impl PendingFile {
    /// Starts a file called `safe_name` (already one sanitized component) in `dir`.
    pub fn create(dir: &Path, safe_name: &str) -> Result<PendingFile, TernError> {
        let meta = std::fs::metadata(dir).map_err(|e| fs_error("open the folder", dir, e))?;
        if !meta.is_dir() {
            return Err(TernError::new(
                ErrorKind::Filesystem,
                format!("{} is not a folder.", dir.display()),
            ));
        }
        let single = Path::new(safe_name).components().count() == 1
            && matches!(
                Path::new(safe_name).components().next(),
                Some(std::path::Component::Normal(_))
            );
        if !single {
            return Err(TernError::new(
                ErrorKind::Filesystem,
                "The attachment has no usable file name.",
            ));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".tern-download-").suffix(".part");
        // A saved attachment is the user's file like any other: 0666 less their umask
        // (usually 0644), not a temp file's 0600 (issue 17 item 10).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|e| fs_error("create a file in", dir, e))?;
        Ok(PendingFile {
            dir: dir.to_path_buf(),
            name: safe_name.to_string(),
            tmp,
            written: 0,
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), TernError> {
        self.tmp
            .write_all(bytes)
            .map_err(|e| fs_error("write", self.tmp.path(), e))?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    pub fn written(&self) -> u64 {
        self.written
    }

    /// A second handle to the bytes written so far: `sync_data` on it from another
    /// thread writes them to disk while this one keeps writing, so `finish` has little
    /// left to flush. It never gives the file a name.
    pub fn sync_handle(&self) -> Option<std::fs::File> {
        self.tmp.as_file().try_clone().ok()
    }

    /// Flushes to disk and gives the file its final name; returns the path.
    pub fn finish(self) -> Result<PathBuf, TernError> {
        let PendingFile { dir, name, tmp, .. } = self;
        tmp.as_file()
            .sync_all()
            .map_err(|e| fs_error("write", tmp.path(), e))?;
        let (stem, ext) = split_extension(&name);
        let mut tmp = tmp;
        for n in 0..1000u32 {
            let candidate = if n == 0 {
                name.clone()
            } else {
                format!("{stem} ({n}){ext}")
            };
            let target = dir.join(&candidate);
            match tmp.persist_noclobber(&target) {
                Ok(_) => {
                    // Mark of the Web / quarantine, so the OS warns before it runs.
                    super::mark_from_internet(&target);
                    return Ok(target);
                }
                Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
                Err(e) => return Err(fs_error("save", &target, e.error)),
            }
        }
        Err(TernError::new(
            ErrorKind::Filesystem,
            format!("Too many files named like {name} in {}.", dir.display()),
        ))
    }
}

/// Folders for "save all into a folder named after the message".
pub struct PendingDir;

impl PendingDir {
    /// Creates `parent/name`, or `name (1)` ... if taken; returns the new folder.
    pub fn create(parent: &Path, name: &str) -> Result<PathBuf, TernError> {
        let name = if name.is_empty() { "attachments" } else { name };
        for n in 0..1000u32 {
            let candidate = parent.join(if n == 0 {
                name.to_string()
            } else {
                format!("{name} ({n})")
            });
            match std::fs::create_dir(&candidate) {
                Ok(()) => return Ok(candidate),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(fs_error("create the folder", &candidate, e)),
            }
        }
        Err(TernError::new(
            ErrorKind::Filesystem,
            format!("Too many folders named {name}."),
        ))
    }
}

/// "report.pdf" -> ("report", ".pdf"); "archive.tar.gz" -> ("archive.tar", ".gz");
/// names without a dot or starting with one keep everything in the stem.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_get_numbered_and_symlinks_are_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").expect("victim");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, dir.path().join("report.pdf")).expect("symlink");
        std::fs::write(dir.path().join("a.txt"), "old").expect("a.txt");
        for (name, want) in [
            ("report.pdf", "report (1).pdf"),
            ("a.txt", "a (1).txt"),
            ("a.txt", "a (2).txt"),
        ] {
            let mut f = PendingFile::create(dir.path(), name).expect("create");
            f.write(b"new").expect("write");
            let path = f.finish().expect("finish");
            assert_eq!(path.file_name().and_then(|n| n.to_str()), Some(want));
        }
        assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt")).expect("a"),
            "old"
        );
    }

    /// A saved file has the permissions any new file of the user gets (0666 less the
    /// umask, as `File::create` applies it), not a temp file's 0600.
    #[cfg(unix)]
    #[test]
    fn saved_files_get_the_users_normal_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let probe = dir.path().join("probe");
        std::fs::File::create(&probe).expect("probe");
        let normal = std::fs::metadata(&probe).expect("meta").permissions().mode() & 0o777;
        let mut f = PendingFile::create(dir.path(), "report.pdf").expect("create");
        f.write(b"pdf").expect("write");
        let path = f.finish().expect("finish");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        // (With the usual umask 022 this is 0644; it was 0600 before.)
        assert_eq!(mode, normal, "saved {mode:o}, a new file gets {normal:o}");
    }

    #[test]
    fn abandoned_files_leave_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut f = PendingFile::create(dir.path(), "big.bin").expect("create");
        f.write(&[0u8; 1000]).expect("write");
        drop(f);
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
        assert!(PendingFile::create(dir.path(), "../x").is_err());
        assert!(PendingFile::create(dir.path(), "a/b").is_err());
    }
}
