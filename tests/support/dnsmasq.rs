//! A private DNS server for discovery tests: Debian's dnsmasq on a free loopback port,
//! answering only the records a test gives it (MX, SRV, A) and NXDOMAIN for the rest
//! of `.test`. Point discovery at it with `TERN_DNS_SERVER` / `DiscoverConfig::dns_server`.

use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The records one server answers.
#[derive(Debug, Default, Clone)]
pub struct Zone {
    args: Vec<String>,
}

impl Zone {
    /// `name` resolves to 127.0.0.1.
    pub fn host(mut self, name: &str) -> Zone {
        self.args.push(format!("--host-record={name},127.0.0.1"));
        self
    }

    /// `domain` has the MX host `exchange`.
    pub fn mx(mut self, domain: &str, exchange: &str, preference: u16) -> Zone {
        self.args
            .push(format!("--mx-host={domain},{exchange},{preference}"));
        self
    }

    /// An SRV record `name` (e.g. `_imaps._tcp.example.test`) for `target:port`.
    pub fn srv(mut self, name: &str, target: &str, port: u16, priority: u16) -> Zone {
        self.args
            .push(format!("--srv-host={name},{target},{port},{priority},0"));
        self
    }
}

pub struct Dnsmasq {
    pub addr: SocketAddr,
    child: Child,
}

/// A port free for both UDP and TCP on 127.0.0.1.
fn free_dns_port() -> u16 {
    for _ in 0..50 {
        let udp = UdpSocket::bind("127.0.0.1:0").expect("a free UDP port");
        let port = udp.local_addr().expect("udp addr").port();
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no port free for both UDP and TCP");
}

fn dnsmasq_binary() -> &'static str {
    if std::path::Path::new("/usr/sbin/dnsmasq").exists() {
        "/usr/sbin/dnsmasq"
    } else {
        "dnsmasq"
    }
}

impl Dnsmasq {
    pub fn start(zone: Zone) -> Dnsmasq {
        let port = free_dns_port();
        let mut command = Command::new(dnsmasq_binary());
        command
            .args([
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--no-poll",
                "--bind-interfaces",
                "--listen-address=127.0.0.1",
                "--pid-file=",
                "--local=/test/",
                "--user=",
            ])
            .arg(format!("--port={port}"))
            .args(&zone.args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = command
            .spawn()
            .expect("dnsmasq (Debian package dnsmasq-base) is needed for the discovery tests");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let server = Dnsmasq { addr, child };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < deadline, "dnsmasq did not start within 20 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
