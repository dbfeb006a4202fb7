//! Test data on disk: large files written in chunks (never held in memory), and timed copies
//! by the reference tools (`curl`, `dd`).

use std::{
    fs::File,
    io::Write as _,
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail};
use rand::RngCore as _;

/// One MiB.
pub const MIB: u64 = 1 << 20;

/// Writes `size` bytes to `path`: a random first MiB (so two files never deduplicate), then one
/// random MiB repeated (incompressible, cheap to generate).
pub fn write_random(path: &Path, size: u64) -> anyhow::Result<()> {
    let mut rng = rand::thread_rng();
    let mut chunk = vec![0u8; usize::try_from(MIB)?];
    let mut file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    rng.fill_bytes(&mut chunk);
    file.write_all(&chunk)?;
    rng.fill_bytes(&mut chunk);
    let mut written = MIB;
    while written < size {
        let n = usize::try_from((size - written).min(MIB))?;
        file.write_all(&chunk[..n])?;
        written += MIB.min(size - written);
    }
    file.sync_all()?;
    Ok(())
}

/// Runs a reference command and returns how long it took.
pub fn timed(cmd: &mut Command) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let out = cmd.output().with_context(|| format!("running {cmd:?}"))?;
    let took = started.elapsed();
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(took)
}

/// `curl` of `url` into `dest` (`/dev/null` to measure the network side only), with headers.
pub fn curl_get(url: &str, dest: &Path, headers: &[String]) -> Command {
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "-f", "-o"]).arg(dest);
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    cmd.arg(url);
    cmd
}

/// The median of a few timings.
pub fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs.get(runs.len() / 2).copied().unwrap_or_default()
}

/// The `q` quantile (0..=1) of latencies.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let last = sorted.len() - 1;
    let index = (q * last as f64).round() as usize;
    sorted[index.min(last)]
}
