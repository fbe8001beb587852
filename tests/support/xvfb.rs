//! The real `tern` window under Xvfb, driven like a person would: xdotool types and
//! clicks, ImageMagick's `import` takes screenshots. For what only pixels show (the
//! simulator does not repaint like a real renderer does). Tests that need it skip with
//! a message when Xvfb, xdotool or import is missing (tests/run installs them).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Width and height of the virtual screen.
pub const SCREEN: (u32, u32) = (1280, 800);

/// Whether the tools are installed.
pub fn available() -> bool {
    ["Xvfb", "xdotool", "import"].iter().all(|t| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {t}"))
            .stdout(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    })
}

/// Held while a display number is picked and while one is given back: a display
/// dropped while another test picks would otherwise delete the lock file and socket
/// that the other test's new Xvfb just made under the same number (its app then fails
/// with XOpenDisplayFailed: seen once in CI).
static PICKING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A private X display; killed on drop.
pub struct Display {
    pub number: u32,
    xvfb: Child,
}

/// Removes display `n`'s lock file and socket when the X server that wrote the lock has
/// ended (a test run killed with -9 leaves both behind; left alone they would use up the
/// display numbers and every later window test would fail with "no free X display").
fn clear_if_stale(n: u32) {
    let Some(pid) = lock_owner(n) else {
        return;
    };
    if !Path::new(&format!("/proc/{pid}")).exists() {
        let _ = std::fs::remove_file(format!("/tmp/.X{n}-lock"));
        let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
    }
}

/// The pid written in display `n`'s lock file: the X server that holds the number.
fn lock_owner(n: u32) -> Option<u32> {
    let text = std::fs::read_to_string(format!("/tmp/.X{n}-lock")).ok()?;
    text.trim().parse().ok()
}

impl Display {
    pub fn start() -> Display {
        // Tests in this process pick display numbers one at a time.
        let _one_at_a_time = PICKING.lock().unwrap_or_else(|e| e.into_inner());
        for n in 140..240u32 {
            clear_if_stale(n);
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                || Path::new(&format!("/tmp/.X{n}-lock")).exists()
            {
                continue;
            }
            let mut xvfb = Command::new("Xvfb")
                .arg(format!(":{n}"))
                .args([
                    "-screen",
                    "0",
                    &format!("{}x{}x24", SCREEN.0, SCREEN.1),
                    "-nolisten",
                    "tcp",
                    // By default an X server resets when its last client leaves (a
                    // killed app, an xdotool call); a client connecting during that
                    // reset gets XOpenDisplayFailed, as a relaunched app did in CI.
                    "-noreset",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start Xvfb");
            // Liveness: the socket normally appears in ~100 ms; allow 10 s.
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                    // The socket may be another process's Xvfb that won the race for
                    // this number (ours then exits on the lock, but under load it may
                    // take a while to do so). Xvfb writes its pid into the lock file
                    // before it listens: the display is ours only if that pid is.
                    if lock_owner(n) == Some(xvfb.id()) && matches!(xvfb.try_wait(), Ok(None)) {
                        return Display { number: n, xvfb };
                    }
                    break;
                }
                if let Ok(Some(_)) = xvfb.try_wait() {
                    break; // lost a race for this display number: try the next
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = xvfb.kill();
            let _ = xvfb.wait();
        }
        panic!("no free X display for Xvfb");
    }

    /// The X server's process state, lock owner and socket: shown when a window does
    /// not appear.
    fn state(&self) -> String {
        let pid = self.xvfb.id();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        format!(
            "Xvfb :{} pid {pid} stat {:?}, lock owner {:?}, socket present {}",
            self.number,
            stat.split(' ').nth(2).unwrap_or("gone"),
            lock_owner(self.number),
            Path::new(&format!("/tmp/.X11-unix/X{}", self.number)).exists()
        )
    }

    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }

    /// The X server's process id (benchmarks read its CPU time).
    pub fn server_pid(&self) -> u32 {
        self.xvfb.id()
    }

    /// Where the stderr of the app launched on this display goes (shown when its window
    /// does not appear; removed with the display).
    fn app_log(&self) -> PathBuf {
        std::env::temp_dir().join(format!("tern-window-{}.log", self.number))
    }

    /// Runs xdotool with `args` on this display; returns its stdout.
    pub fn xdotool(&self, args: &[&str]) -> String {
        let out = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", self.name())
            .output()
            .expect("run xdotool");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits for a window whose title contains `title`; returns its X id. Liveness: a
    /// debug build maps its window in ~1-3 s; allow 60 s.
    pub fn wait_window(&self, title: &str) -> String {
        match self.find_window(title, Duration::from_secs(60)) {
            Some(id) => id,
            None => panic!(
                "no window named {title:?} within 60 s; {}; the app's stderr:\n{}",
                self.state(),
                std::fs::read_to_string(self.app_log()).unwrap_or_default()
            ),
        }
    }

    /// The X id of a window whose title contains `title`, polled for up to `limit`.
    pub fn find_window(&self, title: &str, limit: Duration) -> Option<String> {
        let deadline = Instant::now() + limit;
        loop {
            let id = self.xdotool(&["search", "--name", title]);
            if let Some(first) = id.lines().next().filter(|l| !l.is_empty()) {
                return Some(first.to_string());
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses `key` in `window` until a window titled `title` shows that it took
    /// effect (a window that has just appeared may not take keys yet; a fixed sleep
    /// is too short on a loaded machine). Liveness: 5 s per try, 60 s in all.
    pub fn press_until_title(&self, window: &str, key: &str, title: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            self.xdotool(&["key", "--window", window, key]);
            if self.find_window(title, Duration::from_secs(5)).is_some() {
                return;
            }
        }
        panic!(
            "{key} did not bring up {title:?} within 60 s; {}; the app's stderr:\n{}",
            self.state(),
            std::fs::read_to_string(self.app_log()).unwrap_or_default()
        );
    }

    /// Focuses `window` (with no window manager, typing reaches it only after this).
    pub fn focus(&self, window: &str) {
        self.xdotool(&["windowfocus", "--sync", window]);
    }

    /// Types `text` with `delay_ms` between keys.
    pub fn type_text(&self, text: &str, delay_ms: u32) {
        self.xdotool(&["type", "--delay", &delay_ms.to_string(), text]);
    }

    pub fn click_at(&self, x: u32, y: u32) {
        self.xdotool(&[
            "mousemove",
            "--sync",
            &x.to_string(),
            &y.to_string(),
            "click",
            "1",
        ]);
    }

    /// The whole screen as RGB bytes (width * height * 3), and a PNG copy at `png`
    /// when given (for people to look at).
    pub fn screenshot(&self, png: Option<&Path>) -> Screenshot {
        let dir = tempfile::tempdir().expect("tempdir");
        let raw = dir.path().join("shot.rgb");
        let status = Command::new("import")
            .args(["-window", "root", "-depth", "8"])
            .arg(format!("rgb:{}", raw.display()))
            .env("DISPLAY", self.name())
            .status()
            .expect("run import");
        assert!(status.success(), "import failed");
        if let Some(png) = png {
            let status = Command::new("convert")
                .args(["-size", &format!("{}x{}", SCREEN.0, SCREEN.1), "-depth", "8"])
                .arg(format!("rgb:{}", raw.display()))
                .arg(png)
                .status()
                .expect("run convert");
            assert!(status.success(), "convert failed");
        }
        Screenshot {
            rgb: std::fs::read(&raw).expect("read screenshot"),
        }
    }

    /// Takes screenshots until `done` holds for one whose screen has also stopped
    /// changing (the frame after it differs from it in under 0.1 % of the pixels, so a
    /// blinking cursor does not count), and returns it; after `limit`, returns the last
    /// one for the caller's assert to explain. Replaces fixed sleeps: quick on a quick
    /// machine, patient on a loaded one. The PNG copy, when asked for, is of the one
    /// returned.
    pub fn screenshot_until(
        &self,
        limit: Duration,
        png: Option<&Path>,
        done: impl Fn(&Screenshot) -> bool,
    ) -> Screenshot {
        let deadline = Instant::now() + limit;
        let mut last = self.screenshot(None);
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let next = self.screenshot(None);
            let still = last.changed_share(&next, 0, 0, SCREEN.0, SCREEN.1, 24) < 0.001;
            if (still && done(&next)) || Instant::now() >= deadline {
                if png.is_some() {
                    return self.screenshot(png);
                }
                return next;
            }
            last = next;
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _one_at_a_time = PICKING.lock().unwrap_or_else(|e| e.into_inner());
        let ours = self.xvfb.id();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
        // Killed, Xvfb leaves its lock file and socket behind, and the picker skips
        // numbers that have them: without this, runs on a shared machine use up the
        // range 140..240 and every later window test fails with "no free X display".
        // Only files our server wrote: another process may own the number by now.
        if lock_owner(self.number) == Some(ours) {
            let _ = std::fs::remove_file(format!("/tmp/.X{}-lock", self.number));
            let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{}", self.number));
        }
        let _ = std::fs::remove_file(self.app_log());
    }
}

/// Raw RGB pixels of the screen.
pub struct Screenshot {
    pub rgb: Vec<u8>,
}

impl Screenshot {
    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * SCREEN.0 + x) * 3) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Mean brightness (0-255) of a rectangle.
    pub fn mean_brightness(&self, x0: u32, y0: u32, x1: u32, y1: u32) -> f64 {
        let mut sum = 0u64;
        let mut n = 0u64;
        for y in y0..y1.min(SCREEN.1) {
            for x in x0..x1.min(SCREEN.0) {
                let [r, g, b] = self.pixel(x, y);
                sum += (u64::from(r) + u64::from(g) + u64::from(b)) / 3;
                n += 1;
            }
        }
        sum as f64 / n.max(1) as f64
    }

    /// The share (0-1) of pixels in a rectangle that differ from `other` by more than
    /// `tolerance` in any channel.
    pub fn changed_share(
        &self,
        other: &Screenshot,
        x0: u32,
        y0: u32,
        x1: u32,
        y1: u32,
        tolerance: u8,
    ) -> f64 {
        let mut changed = 0u64;
        let mut n = 0u64;
        for y in y0..y1.min(SCREEN.1) {
            for x in x0..x1.min(SCREEN.0) {
                let (a, b) = (self.pixel(x, y), other.pixel(x, y));
                if a.iter().zip(b.iter()).any(|(p, q)| p.abs_diff(*q) > tolerance) {
                    changed += 1;
                }
                n += 1;
            }
        }
        changed as f64 / n.max(1) as f64
    }
}

/// The `tern` binary cargo built for this test run.
pub fn tern_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tern"))
}

/// Starts `tern` (the window) on `display` with its config and data under `dir`, the
/// tiny-skia renderer (the fallback users get, and the one with the repaint trouble).
pub fn launch(display: &Display, dir: &Path, extra_env: &[(&str, &str)]) -> App {
    let mut cmd = command(display, dir);
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    App {
        child: cmd.spawn().expect("start tern"),
    }
}

/// The command `launch` runs, for tests that change its arguments or environment.
pub fn command(display: &Display, dir: &Path) -> Command {
    let mut cmd = Command::new(tern_binary());
    cmd.env("DISPLAY", display.name())
        .env("TERN_CONFIG_DIR", dir.join("config"))
        .env("TERN_DATA_DIR", dir.join("data"))
        .env("ICED_BACKEND", "tiny-skia")
        .env("LANG", "en_US.UTF-8")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(
            std::fs::File::create(display.app_log())
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null()),
        );
    cmd
}

/// A running `tern` window; killed on drop.
pub struct App {
    pub child: Child,
}

impl App {
    /// SIGKILL, as a crash or a power cut would end it.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.kill9();
    }
}
