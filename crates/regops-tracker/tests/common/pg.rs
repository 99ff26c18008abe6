//! A throw-away PostgreSQL cluster for one test: initdb + pg_ctl on a temporary directory and
//! a free loopback port, stopped when dropped (also when the test panics).
//!
//! When the server binaries are not installed the tests say loudly that they were skipped;
//! with `REGOPS_REQUIRE_POSTGRES=1` (set by `.ci/run`) that is a failure instead. initdb
//! refuses to run as root, so as root the cluster runs as the `postgres` user (`runuser`).

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    run_as: Option<String>,
    pub port: u16,
}

const REQUIRE: &str = "REGOPS_REQUIRE_POSTGRES";

fn bindir() -> Option<PathBuf> {
    let has_initdb = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if output.status.success() && has_initdb(&dir) {
            return Some(dir);
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|dir| has_initdb(dir))
        .collect();
    versions.sort_by_key(|dir| {
        dir.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(dir) = versions.pop() {
        return Some(dir);
    }
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|dir| has_initdb(dir))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free loopback port")
}

impl PgCluster {
    /// Starts a cluster, or returns `None` (after saying so loudly) when PostgreSQL is not
    /// installed and `REGOPS_REQUIRE_POSTGRES` is not set.
    pub fn start(test: &str) -> Option<Self> {
        let Some(bin) = bindir() else {
            let required = std::env::var_os(REQUIRE).is_some_and(|v| v != "0");
            assert!(
                !required,
                "{test}: {REQUIRE} is set but no PostgreSQL server binaries were found (pg_config --bindir, /usr/lib/postgresql/*/bin, PATH)"
            );
            eprintln!(
                "\n!!!!! SKIPPED {test}: PostgreSQL server binaries (initdb, pg_ctl) not found; install PostgreSQL (apt-get install postgresql) to run it !!!!!\n"
            );
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("regops-pg-")
            .tempdir()
            .expect("a temporary directory");
        let is_root = std::fs::metadata("/proc/self")
            .map(|m| m.uid() == 0)
            .unwrap_or(false);
        let run_as = is_root.then(|| "postgres".to_owned());
        if let Some(user) = &run_as {
            let status = Command::new("chown")
                .args([user.as_str(), dir.path().to_str().unwrap()])
                .status()
                .expect("chown runs");
            assert!(status.success(), "chown {user} {}", dir.path().display());
        }
        let cluster = Self {
            port: free_port(),
            dir,
            bin,
            run_as,
        };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "regops",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
            cluster.port,
            cluster.dir.path().display()
        );
        let log = cluster.dir.path().join("server.log");
        cluster.run(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        Some(cluster)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// `program` of the server's binaries, as the cluster's user.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match &self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(path);
                command
            }
            None => Command::new(path),
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        let output = self
            .command(program)
            .args(args)
            .output()
            .unwrap_or_else(|error| panic!("cannot run {program}: {error}"));
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// A connection string for database `postgres` as user `regops`.
    pub fn conninfo(&self) -> String {
        format!(
            "host=127.0.0.1 port={} user=regops dbname=postgres",
            self.port
        )
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data();
        let path = self.bin.join("pg_ctl");
        let mut command = match &self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(&path);
                command
            }
            None => Command::new(&path),
        };
        let _ = command
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}
